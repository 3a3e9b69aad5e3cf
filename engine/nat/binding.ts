/**
 * NAT bindings (nf_nat_core.c). A binding is made once, on a connection's first packet, by
 * rewriting the conntrack entry's reply tuple; every later packet of either direction is
 * rewritten from the entry alone (nf_nat_packet), so nat chains never see it.
 *
 * Destination manipulation happens at PREROUTING and OUTPUT, source manipulation at
 * POSTROUTING and INPUT. A packet in the original direction ends up as the inverse of the reply
 * tuple; a reply ends up as the inverse of the original tuple.
 */
import type { CtEntry } from '../conntrack/entry.ts';
import type { Tuple } from '../conntrack/tuple.ts';
import { IPPROTO } from '../netfilter/packetMeta.ts';
import type { Ipv4Packet } from '../packet/packet.ts';
import { withDestination, withSource } from '../packet/packet.ts';

export type ManipType = 'src' | 'dst';

export interface PortRange {
  readonly min: number;
  readonly max: number;
}

/** DNAT/REDIRECT: the original destination becomes `addr[:port]`. */
export function bindDestination(e: CtEntry, addr: number, port: number | undefined): void {
  e.reply = { ...e.reply, src: addr, sport: port ?? e.reply.sport };
  e.dnat = true;
}

/**
 * SNAT/MASQUERADE: the source becomes `addr`, keeping the source port when the resulting reply
 * tuple is free (nf_nat_l4proto_unique_tuple), otherwise the first free port of the range,
 * searched from an offset that `random` picks when --random/--random-fully asks for it.
 */
export function bindSource(
  e: CtEntry,
  addr: number,
  range: PortRange | undefined,
  inUse: (t: Tuple) => boolean,
  random: (() => number) | undefined,
): void {
  const base: Tuple = { ...e.reply, dst: addr };
  const keep = e.orig.sport;
  const hasPorts = e.orig.proto === IPPROTO.TCP || e.orig.proto === IPPROTO.UDP;
  const inRange = range === undefined || (keep >= range.min && keep <= range.max);
  if (!hasPorts || (inRange && random === undefined && !inUse({ ...base, dport: keep }))) {
    e.reply = hasPorts ? { ...base, dport: keep } : base;
    e.snat = true;
    return;
  }
  const r = range ?? (keep < 1024 ? { min: 512, max: 1023 } : { min: 1024, max: 65535 });
  const size = r.max - r.min + 1;
  const start = random ? Math.floor(random() * size) : 0;
  for (let i = 0; i < size; i++) {
    const port = r.min + ((start + i) % size);
    if (!inUse({ ...base, dport: port })) {
      e.reply = { ...base, dport: port };
      e.snat = true;
      return;
    }
  }
  e.reply = { ...base, dport: keep };
  e.snat = true;
}

/** nf_nat_packet: rewrite `p` for its direction at a hook of manipulation type `manip`. */
export function manipulate(
  p: Ipv4Packet,
  e: CtEntry,
  dir: 'ORIGINAL' | 'REPLY',
  manip: ManipType,
): Ipv4Packet {
  const target = dir === 'ORIGINAL' ? e.reply : e.orig;
  const usesPorts = p.l4.kind !== 'icmp';
  if (manip === 'dst') {
    // The packet's destination must become the inverse tuple's destination = target.src.
    if (p.dst === target.src && (!usesPorts || portsOf(p).dport === target.sport)) return p;
    return withDestination(p, target.src, usesPorts ? target.sport : undefined);
  }
  if (p.src === target.dst && (!usesPorts || portsOf(p).sport === target.dport)) return p;
  return withSource(p, target.dst, usesPorts ? target.dport : undefined);
}

function portsOf(p: Ipv4Packet): { sport: number; dport: number } {
  return p.l4.kind === 'icmp' ? { sport: 0, dport: 0 } : { sport: p.l4.sport, dport: p.l4.dport };
}

/**
 * nf_nat_icmp_reply_translation: an ICMP error about a NATed connection. The quoted packet
 * travelled the other way, so it gets the opposite manipulation back to the other direction's
 * tuple; the outer header is NATed like a reply to that tuple. Only when the connection has the
 * NAT this hook undoes (the kernel's statusbit test).
 */
export function manipulateIcmpError(
  p: Ipv4Packet,
  e: CtEntry,
  dir: 'ORIGINAL' | 'REPLY',
  manip: ManipType,
): Ipv4Packet {
  if (p.l4.kind !== 'icmp' || p.l4.quoted === undefined) return p;
  const relevant =
    dir === 'ORIGINAL' ? (manip === 'dst' ? e.dnat : e.snat) : manip === 'dst' ? e.snat : e.dnat;
  if (!relevant) return p;
  const t = dir === 'ORIGINAL' ? e.reply : e.orig;
  const q = p.l4.quoted;
  const usesPorts = q.l4.kind !== 'icmp';
  const inner =
    manip === 'dst'
      ? withSource(q, t.src, usesPorts ? t.sport : undefined)
      : withDestination(q, t.dst, usesPorts ? t.dport : undefined);
  const outer = { ...p, l4: { ...p.l4, quoted: inner } };
  return manip === 'dst' ? { ...outer, dst: t.src } : { ...outer, src: t.dst };
}
