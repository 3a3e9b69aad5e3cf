/**
 * Connection tracking tuples (struct nf_conntrack_tuple). TCP/UDP use ports; ICMP uses the echo
 * id as the source "port" and type/code as the destination part, as nf_conntrack_proto_icmp does:
 * the reply tuple of an echo request (type 8) carries type 0.
 */
import { IPPROTO } from '../netfilter/packetMeta.ts';
import type { Ipv4Packet } from '../packet/packet.ts';

export interface Tuple {
  readonly proto: number;
  readonly src: number;
  readonly dst: number;
  /** TCP/UDP source port; ICMP echo id. */
  readonly sport: number;
  /** TCP/UDP destination port; ICMP (type << 8) | code. */
  readonly dport: number;
}

/** Echo request/reply and the other query/answer pairs icmp_pkt_to_tuple accepts (nf_conntrack_proto_icmp.c invmap). */
const ICMP_INVERSE: ReadonlyMap<number, number> = new Map([
  [8, 0],
  [0, 8],
  [13, 14],
  [14, 13],
  [15, 16],
  [16, 15],
  [17, 18],
  [18, 17],
]);

/** The tuple of a packet; undefined for ICMP types conntrack cannot track (errors are handled apart). */
export function tupleOf(p: Ipv4Packet): Tuple | undefined {
  const l4 = p.l4;
  if (l4.kind === 'icmp') {
    if (!ICMP_INVERSE.has(l4.type)) return undefined;
    return {
      proto: IPPROTO.ICMP,
      src: p.src,
      dst: p.dst,
      sport: l4.id ?? 0,
      dport: (l4.type << 8) | l4.code,
    };
  }
  return { proto: p.proto, src: p.src, dst: p.dst, sport: l4.sport, dport: l4.dport };
}

/** nf_ct_invert_tuple. */
export function invert(t: Tuple): Tuple {
  if (t.proto === IPPROTO.ICMP) {
    const type = ICMP_INVERSE.get(t.dport >>> 8) ?? 0;
    return {
      proto: t.proto,
      src: t.dst,
      dst: t.src,
      sport: t.sport,
      dport: (type << 8) | (t.dport & 255),
    };
  }
  return { proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export function tupleKey(t: Tuple): string {
  return `${t.proto}|${t.src}|${t.dst}|${t.sport}|${t.dport}`;
}

export function sameTuple(a: Tuple, b: Tuple): boolean {
  return (
    a.proto === b.proto &&
    a.src === b.src &&
    a.dst === b.dst &&
    a.sport === b.sport &&
    a.dport === b.dport
  );
}
