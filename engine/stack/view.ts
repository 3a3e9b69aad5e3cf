/** Packets as trace events and `seen` entries show them. */
import { IPPROTO } from '../netfilter/packetMeta.ts';
import { formatIpv4 } from '../packet/ipv4.ts';
import type { Ipv4Packet } from '../packet/packet.ts';
import { formatTcpFlags } from '../packet/packet.ts';
import type { PacketView } from '../trace/events.ts';

const NAMES: Readonly<Record<number, string>> = {
  [IPPROTO.TCP]: 'tcp',
  [IPPROTO.UDP]: 'udp',
  [IPPROTO.ICMP]: 'icmp',
};

export function packetView(p: Ipv4Packet): PacketView {
  const base = {
    proto: NAMES[p.proto] ?? String(p.proto),
    src: formatIpv4(p.src),
    dst: formatIpv4(p.dst),
    ttl: p.ttl,
    len: p.len,
  };
  const l4 = p.l4;
  if (l4.kind === 'tcp')
    return { ...base, sport: l4.sport, dport: l4.dport, flags: formatTcpFlags(l4.flags) };
  if (l4.kind === 'udp') return { ...base, sport: l4.sport, dport: l4.dport };
  return { ...base, type: l4.type, code: l4.code };
}

/** A `seen` entry in the recording agent's field order (oracle-tools/agent.py parse_ip). */
export function seenEntry(p: Ipv4Packet, iif?: string): Record<string, unknown> {
  const d: Record<string, unknown> = {
    proto: NAMES[p.proto] ?? p.proto,
    src: formatIpv4(p.src),
    dst: formatIpv4(p.dst),
    len: p.len,
    ttl: p.ttl,
  };
  const l4 = p.l4;
  if (l4.kind === 'tcp')
    Object.assign(d, { sport: l4.sport, dport: l4.dport, flags: formatTcpFlags(l4.flags) });
  else if (l4.kind === 'udp') Object.assign(d, { sport: l4.sport, dport: l4.dport });
  else {
    Object.assign(d, { type: l4.type, code: l4.code });
    if (l4.type === 0 || l4.type === 8) Object.assign(d, { id: l4.id, seq: l4.seq });
    else if (l4.quoted) d.quoted = seenEntry(l4.quoted);
  }
  if (iif !== undefined) d.iif = iif;
  return d;
}
