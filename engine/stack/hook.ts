/**
 * Running one netfilter hook for a packet: the steps hooks/order.ts lists, with the PacketMeta
 * the matcher reads, conntrack, the nat table (chains on a connection's first packet only,
 * bindings on every packet, kernel-facts §5) and confirmation.
 */
import { HOOK_STEPS, type NatManip } from '../hooks/order.ts';
import { formatIpv4 } from '../packet/ipv4.ts';
import type { Ipv4Packet } from '../packet/packet.ts';
import { formatTcpFlags } from '../packet/packet.ts';
import type { CtView, HookName, PacketMeta, TableName } from '../netfilter/packetMeta.ts';
import type { RejectWith } from '../netfilter/model.ts';
import { traverse, type TraverseEnv } from '../netfilter/traverse.ts';
import type { CtEntry } from '../conntrack/entry.ts';
import { manipulate, manipulateIcmpError } from '../nat/binding.ts';
import { natChainsRun } from '../nat/firstPacket.ts';
import { addrTypes } from './addrtype.ts';
import { bindNat } from './natTargets.ts';
import type { Netns } from './netns.ts';
import type { Skb } from './skb.ts';
import type { World } from './world.ts';

export interface HookIo {
  readonly in?: string;
  readonly out?: string;
  readonly physIn?: string;
  readonly physOut?: string;
  readonly bridged: boolean;
}

export type HookOutcome =
  | { readonly kind: 'accept' }
  | { readonly kind: 'drop'; readonly reason: string }
  | { readonly kind: 'reject'; readonly with: RejectWith };

const ACCEPT: HookOutcome = { kind: 'accept' };
/** loopback_xmit's eth_type_trans sees an all-zero Ethernet header. */
const LO_MAC = '00:00:00:00:00:00';

export function runHook(w: World, ns: Netns, hook: HookName, skb: Skb, io: HookIo): HookOutcome {
  w.trace({ type: 'hook', ns: ns.name, hook, in: io.in, out: io.out, bridged: io.bridged });
  const ctOn = ns.conntrackEnabled();
  const steps = HOOK_STEPS[hook];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    let outcome: HookOutcome = ACCEPT;
    switch (step.kind) {
      case 'table':
        outcome = runTable(w, ns, step.table, hook, skb, io);
        break;
      case 'conntrack':
        if (ctOn) attachConntrack(w, ns, skb);
        break;
      case 'nat':
        if (ctOn) outcome = runNat(w, ns, hook, step.manip, skb, io);
        break;
      case 'confirm': {
        const ct = skb.ct;
        if (ct?.entry && ct.dir === 'ORIGINAL' && !ct.entry.confirmed)
          ns.conntrack.confirm(ct.entry);
        break;
      }
    }
    if (outcome.kind !== 'accept') return outcome;
  }
  return ACCEPT;
}

function env(w: World, ns: Netns): TraverseEnv {
  return {
    ns: ns.name,
    state: ns.matchState,
    trace: w.recorder ? (e) => w.trace(e) : undefined,
    onCount: (table, chain, index, len) => w.countHit(ns.name, table, chain, index, len),
  };
}

function runTable(
  w: World,
  ns: Netns,
  name: TableName,
  hook: HookName,
  skb: Skb,
  io: HookIo,
): HookOutcome {
  if (name === 'nat') return ACCEPT;
  const table = ns.ruleset.tables[name];
  if (!table) return ACCEPT;
  const entry = skb.ct?.entry;
  const res = traverse(table, hook, meta(w, ns, name, hook, skb, io), entry?.mark ?? 0, env(w, ns));
  skb.mark = res.mark;
  if (entry) entry.mark = res.ctMark;
  if (res.notrack && !skb.ct) skb.untracked = true;
  switch (res.verdict.kind) {
    case 'ACCEPT':
    case 'NAT':
      return ACCEPT;
    case 'DROP':
      return { kind: 'drop', reason: `${name} ${hook}` };
    case 'REJECT':
      return { kind: 'reject', with: res.verdict.with };
  }
}

function attachConntrack(w: World, ns: Netns, skb: Skb): void {
  if (skb.ct) return; // loopback and bridge-to-IP hand-offs keep their connection
  if (skb.untracked) {
    skb.ct = { state: 'UNTRACKED', dir: 'ORIGINAL' };
  } else {
    ns.conntrack.tcpLoose = ns.sysctls.flag('net.netfilter.nf_conntrack_tcp_loose');
    skb.ct = ns.conntrack.track(skb.pkt, w.now);
  }
  const e = skb.ct.entry;
  w.trace({
    type: 'conntrack',
    ns: ns.name,
    state: skb.ct.state,
    dir: skb.ct.dir,
    orig: e && tupleText(e.orig),
    reply: e && tupleText(e.reply),
  });
}

/** nf_nat_ipv4_fn / nf_nat_inet_fn. */
function runNat(
  w: World,
  ns: Netns,
  hook: HookName,
  manip: NatManip,
  skb: Skb,
  io: HookIo,
): HookOutcome {
  const table = ns.ruleset.tables.nat;
  const ct = skb.ct;
  if (!table || !ct?.entry) return ACCEPT;
  const e = ct.entry;
  const before = skb.pkt;
  if ((ct.state === 'RELATED' && before.l4.kind === 'icmp') || ct.state === 'INVALID') {
    if (ct.state === 'RELATED') skb.pkt = manipulateIcmpError(before, e, ct.dir, manip);
    traceNat(w, ns, hook, 'binding', before, skb.pkt);
    return ACCEPT;
  }
  if (natChainsRun(ct.state, e.natInit[manip])) {
    const res = traverse(table, hook, meta(w, ns, 'nat', hook, skb, io), e.mark, env(w, ns));
    if (res.verdict.kind === 'DROP') return { kind: 'drop', reason: `nat ${hook}` };
    e.natInit[manip] = true;
    if (res.verdict.kind === 'NAT') {
      const err = bindNat(w, ns, e, res.verdict.action, manip, skb, io, hook);
      if (err) return { kind: 'drop', reason: err };
    }
  }
  skb.pkt = applyBinding(skb.pkt, e, ct.dir, manip);
  traceNat(w, ns, hook, 'binding', before, skb.pkt);
  return ACCEPT;
}

function applyBinding(
  p: Ipv4Packet,
  e: CtEntry,
  dir: 'ORIGINAL' | 'REPLY',
  manip: NatManip,
): Ipv4Packet {
  const relevant =
    dir === 'ORIGINAL' ? (manip === 'dst' ? e.dnat : e.snat) : manip === 'dst' ? e.snat : e.dnat;
  return relevant ? manipulate(p, e, dir, manip) : p;
}

function traceNat(
  w: World,
  ns: Netns,
  hook: HookName,
  kind: 'binding',
  before: Ipv4Packet,
  after: Ipv4Packet,
): void {
  if (before === after) return;
  w.trace({
    type: 'nat',
    ns: ns.name,
    hook,
    kind,
    before: endpointText(before),
    after: endpointText(after),
  });
}

export function endpointText(p: Ipv4Packet): string {
  const l4 = p.l4;
  if (l4.kind === 'icmp')
    return `${formatIpv4(p.src)} > ${formatIpv4(p.dst)} icmp ${l4.type}/${l4.code}`;
  const flags = l4.kind === 'tcp' ? ` [${formatTcpFlags(l4.flags)}]` : '';
  return `${formatIpv4(p.src)}:${l4.sport} > ${formatIpv4(p.dst)}:${l4.dport} ${l4.kind}${flags}`;
}

function tupleText(t: { src: number; dst: number; sport: number; dport: number }): string {
  return `${formatIpv4(t.src)}:${t.sport} > ${formatIpv4(t.dst)}:${t.dport}`;
}

function ctView(skb: Skb): CtView | undefined {
  const ct = skb.ct;
  if (!ct) return undefined;
  const e = ct.entry;
  const zero = { src: 0, dst: 0, sport: 0, dport: 0 };
  const status = new Set<'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED'>();
  if (e?.seenReply) status.add('SEEN_REPLY');
  if (e?.assured) status.add('ASSURED');
  if (e?.confirmed) status.add('CONFIRMED');
  return {
    state: ct.state,
    dir: ct.dir,
    status,
    mark: e?.mark ?? 0,
    snat: e?.snat ?? false,
    dnat: e?.dnat ?? false,
    orig: e?.orig ?? zero,
    reply: e?.reply ?? zero,
  };
}

function meta(
  w: World,
  ns: Netns,
  table: TableName,
  hook: HookName,
  skb: Skb,
  io: HookIo,
): PacketMeta {
  const p = skb.pkt;
  const l4 = p.l4;
  return {
    table,
    hook,
    src: p.src,
    dst: p.dst,
    proto: p.proto,
    sport: l4.kind === 'icmp' ? undefined : l4.sport,
    dport: l4.kind === 'icmp' ? undefined : l4.dport,
    tcpFlags: l4.kind === 'tcp' ? l4.flags : undefined,
    icmpType: l4.kind === 'icmp' ? l4.type : undefined,
    icmpCode: l4.kind === 'icmp' ? l4.code : undefined,
    len: p.len,
    ttl: p.ttl,
    ipId: p.id,
    packet: p,
    macSrc: io.in === undefined ? undefined : io.in === 'lo' ? LO_MAC : skb.srcMac,
    macDst: io.in === undefined ? undefined : io.in === 'lo' ? LO_MAC : skb.dstMac,
    sockUid: skb.sockUid,
    inIface: io.in,
    outIface: io.out,
    physIn: io.physIn,
    physOut: io.physOut,
    bridged: io.bridged,
    mark: skb.mark,
    ct: ns.conntrackEnabled() ? ctView(skb) : undefined,
    addrTypes: (addr, dev) => addrTypes(ns, addr, dev),
    random: w.random,
    now: w.now,
  };
}
