/**
 * Entries as `conntrack -L` prints them, in the shape the recordings parse them into
 * (oracle-tools/trace.py conntrack()): proto, TCP state, mark, orig and reply tuples and the
 * flags [UNREPLIED] / [ASSURED]. Timeouts and `use` are left out, as the recordings drop them.
 */
import { IPPROTO } from '../netfilter/packetMeta.ts';
import { formatIpv4 } from '../packet/ipv4.ts';
import type { CtEntry } from './entry.ts';
import type { Tuple } from './tuple.ts';

export type CtTupleView =
  | { src: string; dst: string; sport: number; dport: number }
  | { src: string; dst: string; type: number; code: number; id: number };

export interface CtListEntry {
  proto: string;
  state?: string;
  mark: string;
  orig: CtTupleView;
  reply: CtTupleView;
  flags?: string[];
}

const PROTO_NAMES: Readonly<Record<number, string>> = {
  [IPPROTO.TCP]: 'tcp',
  [IPPROTO.UDP]: 'udp',
  [IPPROTO.ICMP]: 'icmp',
};

function tupleView(t: Tuple): CtTupleView {
  if (t.proto === IPPROTO.ICMP) {
    return {
      src: formatIpv4(t.src),
      dst: formatIpv4(t.dst),
      type: t.dport >>> 8,
      code: t.dport & 255,
      id: t.sport,
    };
  }
  return { src: formatIpv4(t.src), dst: formatIpv4(t.dst), sport: t.sport, dport: t.dport };
}

export function listEntry(e: CtEntry): CtListEntry {
  const head = { proto: PROTO_NAMES[e.orig.proto] ?? String(e.orig.proto) };
  const state = e.tcpState !== undefined ? { state: e.tcpState } : {};
  const out: CtListEntry = {
    ...head,
    ...state,
    mark: String(e.mark),
    orig: tupleView(e.orig),
    reply: tupleView(e.reply),
  };
  const flags = [...(e.seenReply ? [] : ['UNREPLIED']), ...(e.assured ? ['ASSURED'] : [])];
  if (flags.length > 0) out.flags = flags;
  return out;
}
