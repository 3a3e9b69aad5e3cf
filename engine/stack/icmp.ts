/**
 * Answers the stack makes on its own: ICMP errors (icmp_send) and REJECT's replies
 * (nf_reject_ipv4.c). An ICMP error quotes the packet as it is at that point (after DNAT, with
 * the TTL already decremented in FORWARD) and goes out through OUTPUT and POSTROUTING. Its
 * source is the quoted packet's destination when that was one of ours, else the address the
 * route back selects (the ingress side, kernel-facts §4). `REJECT --reject-with tcp-reset` for
 * a packet that came through a bridge with br_netfilter is sent straight out of the bridge port
 * it came from, without OUTPUT or POSTROUTING (nf_send_reset, kernel-facts §7).
 */
import type { RejectWith } from '../netfilter/model.ts';
import { TCP_FLAG } from '../netfilter/packetMeta.ts';
import { isMulticast } from '../packet/ipv4.ts';
import { icmpError, ipv4, isIcmpError, tcpSegment } from '../packet/packet.ts';
import { lookupRoute } from '../routing/table.ts';
import type { HookIo } from './hook.ts';
import { localOut } from './ip.ts';
import { transmit } from './l2.ts';
import type { Netns } from './netns.ts';
import { newSkb, type Skb } from './skb.ts';
import { routeSource } from './source.ts';
import type { World } from './world.ts';

const REJECT_CODES: Readonly<Record<Exclude<RejectWith, 'tcp-reset'>, number>> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13,
};

/** Echo, timestamp, information and address-mask requests: sent by raw sockets, not by the kernel. */
const ICMP_REQUESTS: ReadonlySet<number> = new Set([8, 13, 15, 17]);

/** icmp_send: never about an ICMP error, a broadcast or a multicast. */
export function sendIcmpError(w: World, ns: Netns, skb: Skb, type: number, code: number): void {
  const p = skb.pkt;
  if (isIcmpError(p.l4) || isMulticast(p.dst) || p.dst === 0xffffffff) return;
  // An echo reply (or other answer) the kernel's ICMP socket is sending holds icmp_xmit_lock
  // while OUTPUT runs; icmp_send's trylock then fails and no error is made (recorded: random
  // r31337-18, REJECT in OUTPUT of an echo reply).
  if (skb.locallyMade && p.l4.kind === 'icmp' && !ICMP_REQUESTS.has(p.l4.type)) return;
  let src: number | undefined = p.dst;
  if (!ns.isLocalAddress(p.dst)) {
    const back = lookupRoute(ns.routes(), p.src);
    src = back ? routeSource(ns, back, p.src) : undefined;
  }
  if (src === undefined) return;
  const err = ipv4(src, p.src, icmpError(type, code, p), ttl(ns), ns.icmpIdent());
  w.trace({ type: 'drop', ns: ns.name, reason: `answered with ICMP ${type}/${code}` });
  // icmp_glue_bits: nf_ct_attach(error, offending) - the error belongs to the offending
  // packet's connection as RELATED even before that connection is confirmed (recorded:
  // verify's random-641142051-mwxmvgj2, and the link-failure case of own/18).
  const e = skb.ct?.entry;
  if (!e) return void localOut(w, ns, err);
  const out = newSkb(err);
  out.ct = { entry: e, state: 'RELATED', dir: skb.ct!.dir === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL' };
  localOut(w, ns, err, out);
}

function ttl(ns: Netns): number {
  return Number(ns.sysctls.get('net.ipv4.ip_default_ttl') ?? 64);
}

export function sendReject(w: World, ns: Netns, skb: Skb, how: RejectWith, _io: HookIo): void {
  if (how !== 'tcp-reset') return sendIcmpError(w, ns, skb, 3, REJECT_CODES[how]);
  const p = skb.pkt;
  if (p.l4.kind !== 'tcp' || (p.l4.flags & TCP_FLAG.RST) !== 0) return;
  const flags = p.l4.flags & TCP_FLAG.ACK ? TCP_FLAG.RST : TCP_FLAG.RST | TCP_FLAG.ACK;
  // nf_reject_iphdr_put: DF with id 0; nf_reject_ip_tcphdr_put leaves the window 0.
  const rst = ipv4(p.dst, p.src, tcpSegment(p.l4.dport, p.l4.sport, flags), ttl(ns));
  const port = skb.physIn !== undefined ? ns.device(skb.physIn) : undefined;
  if (port) {
    // Out of the bridge port directly, our MAC as the original destination's (nf_send_reset).
    w.trace({
      type: 'drop',
      ns: ns.name,
      reason: `REJECT tcp-reset sent straight out of ${port.name} (no OUTPUT/POSTROUTING)`,
    });
    const out: Skb = { ...newSkb(rst), srcMac: skb.dstMac, dstMac: skb.srcMac };
    return transmit(w, ns, port, out);
  }
  const out = newSkb(rst);
  const e = skb.ct?.entry;
  // nf_ct_attach: the RST belongs to the connection, in the other direction, as RELATED.
  if (e)
    out.ct = { entry: e, state: 'RELATED', dir: skb.ct!.dir === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL' };
  localOut(w, ns, rst, out);
}
