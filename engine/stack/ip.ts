/**
 * The IPv4 layer (net/ipv4/ip_input.c, ip_forward.c, ip_output.c): receive, the routing
 * decision, forwarding, local delivery and local output, with the hooks in the order
 * hooks/order.ts gives and the kernel's answers when a packet cannot go on:
 * - ip_forward=0: a packet not for this host is dropped silently at the routing decision
 *   (no ICMP, no FORWARD counters), while every local address stays reachable from every
 *   interface (weak host model) (kernel-facts §3);
 * - no route while forwarding: ICMP net-unreachable from the ingress side (§4), quoting the
 *   packet as it arrived; TTL running out: ICMP time-exceeded;
 * - FORWARD runs after the routing decision and sees the TTL already decremented (§2, §7).
 */
import type { Device } from '../devices/device.ts';
import type { RejectWith } from '../netfilter/model.ts';
import { formatIpv4, isLoopback } from '../packet/ipv4.ts';
import { withTtl, type Ipv4Packet } from '../packet/packet.ts';
import { lookupRoute, type Route } from '../routing/table.ts';
import { runHook, type HookIo } from './hook.ts';
import { sendIcmpError, sendReject } from './icmp.ts';
import { receive as receiveFrame, registerIp, resolve, transmit } from './l2.ts';
import type { Netns } from './netns.ts';
import { newSkb, socketSkb, type Skb } from './skb.ts';
import { deliverLocal } from './transport.ts';
import { packetView, seenEntry } from './view.ts';
import type { World } from './world.ts';

function routeText(r: Route): string {
  const dst =
    r.len === 0 ? 'default' : r.len === 32 ? formatIpv4(r.dst) : `${formatIpv4(r.dst)}/${r.len}`;
  const type = r.type === 'unicast' ? '' : `${r.type} `;
  const via = r.via !== undefined ? ` via ${formatIpv4(r.via)}` : '';
  const dev = r.dev !== undefined ? ` dev ${r.dev}` : '';
  const src =
    r.prefsrc !== undefined && r.proto === 'kernel'
      ? ` proto kernel scope ${r.scope} src ${formatIpv4(r.prefsrc)}`
      : '';
  return `${r.table === 'local' ? 'local table: ' : ''}${type}${dst}${via}${dev}${src}`;
}

function traceRoute(w: World, ns: Netns, dst: number, result: string, r?: Route): void {
  w.trace({
    type: 'route',
    ns: ns.name,
    dst: formatIpv4(dst),
    result: result as 'local',
    route: r && routeText(r),
    dev: r?.dev,
    via: r?.via !== undefined ? formatIpv4(r.via) : undefined,
  });
}

function drop(w: World, ns: Netns, reason: string): void {
  w.trace({ type: 'drop', ns: ns.name, reason });
}

/** ip_rcv: a packet reached an L3 device (a bridge delivering up counts as the bridge). */
export function ipRcv(w: World, ns: Netns, dev: Device, skb: Skb): void {
  // The sender's transmit orphaned it (loopback_xmit, veth's skb_scrub_packet): no socket.
  skb.sockUid = undefined;
  if (!skb.brPrerouted || dev.kind !== 'bridge') {
    const res = runHook(w, ns, 'PREROUTING', skb, {
      in: dev.name,
      physIn: skb.physIn,
      bridged: false,
    });
    if (res.kind !== 'accept') return drop(w, ns, 'dropped in PREROUTING');
  }
  const p = skb.pkt;
  if (
    isLoopback(p.dst) &&
    dev.kind !== 'loopback' &&
    !ns.sysctls.flag('net.ipv4.conf.all.route_localnet')
  ) {
    return drop(w, ns, 'martian destination 127.0.0.0/8 (route_localnet=0)');
  }
  // fib_validate_source: a packet from outside claiming one of our own addresses as its source
  // is a martian unless accept_local (recorded: verify's random-20261126-mwxmlbp8).
  if (
    dev.kind !== 'loopback' &&
    ns.isLocalAddress(p.src) &&
    !ns.sysctls.flag('net.ipv4.conf.all.accept_local')
  ) {
    return drop(w, ns, `martian source ${formatIpv4(p.src)}: one of our own addresses`);
  }
  if (dev.kind !== 'loopback' && !reversePathOk(ns, dev, p.src)) {
    return drop(w, ns, `rp_filter: no route back to ${formatIpv4(p.src)} through ${dev.name}`);
  }
  const r = lookupRoute(ns.routes(), p.dst);
  if (r && (r.type === 'local' || r.type === 'broadcast')) {
    traceRoute(w, ns, p.dst, 'local', r);
    // A packet looped back to one of our addresses reports that address's device as its
    // incoming interface (IP_PKTINFO via the route's rt_iif), lo only for 127/8.
    return localIn(w, ns, dev, skb, dev.kind === 'loopback' ? (r.dev ?? dev.name) : dev.name);
  }
  if (!ns.sysctls.flag('net.ipv4.ip_forward')) {
    traceRoute(w, ns, p.dst, 'forwarding-disabled', r);
    return drop(w, ns, 'not for this host and ip_forward=0: dropped silently');
  }
  if (!r || r.type !== 'unicast') return routeError(w, ns, skb, r);
  traceRoute(w, ns, p.dst, 'forward', r);
  forward(w, ns, dev, skb, r);
}

/**
 * fib_validate_source with rp_filter = max(conf.all, conf.DEV): strict (1) wants the route back
 * to the source to leave by the interface the packet came in; loose (2) any unicast route back.
 */
function reversePathOk(ns: Netns, dev: Device, src: number): boolean {
  const level = Math.max(
    Number(ns.sysctls.get('net.ipv4.conf.all.rp_filter') ?? 0),
    Number(ns.sysctls.get(`net.ipv4.conf.${dev.name}.rp_filter`) ?? 0),
  );
  if (level === 0 || src === 0) return true;
  const back = lookupRoute(ns.routes(), src);
  if (!back || back.type !== 'unicast') return false;
  return level === 2 || back.dev === dev.name;
}

/** ip_error for RTN_UNREACHABLE / PROHIBIT / BLACKHOLE input routes. */
function routeError(w: World, ns: Netns, skb: Skb, r: Route | undefined): void {
  const p = skb.pkt;
  if (r?.type === 'blackhole') {
    traceRoute(w, ns, p.dst, 'blackhole', r);
    return drop(w, ns, 'blackhole route');
  }
  const [result, code] =
    r === undefined
      ? ['no-route', 0]
      : r.type === 'prohibit'
        ? ['prohibit', 13]
        : ['unreachable', 1];
  traceRoute(w, ns, p.dst, result, r);
  sendIcmpError(w, ns, skb, 3, code);
}

function forward(w: World, ns: Netns, inDev: Device, skb: Skb, r: Route): void {
  if (skb.pkt.ttl <= 1) {
    drop(w, ns, 'TTL exceeded');
    return sendIcmpError(w, ns, skb, 11, 0);
  }
  skb.pkt = withTtl(skb.pkt, skb.pkt.ttl - 1);
  skb.forwarded = true;
  const io: HookIo = { in: inDev.name, out: r.dev, physIn: skb.physIn, bridged: false };
  const res = runHook(w, ns, 'FORWARD', skb, io);
  if (res.kind === 'reject') return sendReject(w, ns, skb, res.with, io);
  if (res.kind === 'drop') return drop(w, ns, `dropped in ${res.reason}`);
  output(w, ns, skb, r);
}

/** The -o device: a local destination leaves by lo (RTN_LOCAL output routes use loopback_dev). */
function outDevice(r: Route): string | undefined {
  return r.type === 'local' ? 'lo' : r.dev;
}

/** ip_output: POSTROUTING, then the neighbour and the device. */
function output(w: World, ns: Netns, skb: Skb, r: Route): boolean {
  const res = runHook(w, ns, 'POSTROUTING', skb, {
    out: outDevice(r),
    physIn: skb.physIn,
    bridged: false,
  });
  if (res.kind !== 'accept') {
    drop(w, ns, 'dropped in POSTROUTING');
    return false;
  }
  const dev = r.dev !== undefined ? ns.device(r.dev) : undefined;
  if (!dev) return false;
  if (dev.kind === 'loopback' || r.type === 'local') {
    const lo = ns.device('lo')!;
    w.queue.push({ ns: ns.name, dev: lo.name, skb });
    return true;
  }
  const mac = resolve(w, ns, dev, r.via ?? skb.pkt.dst);
  if (mac === undefined) {
    drop(w, ns, `no ARP answer for ${formatIpv4(r.via ?? skb.pkt.dst)} on ${dev.name}`);
    if (skb.forwarded) reportLinkFailure(w, ns, skb);
    return false;
  }
  const out: Skb = { ...skb, srcMac: dev.mac, dstMac: mac, physIn: undefined, brPrerouted: false };
  transmit(w, ns, dev, out);
  return true;
}

/**
 * arp_error_report -> ipv4_link_failure: once the neighbour gives up (~3 s), a forwarded packet
 * it held is answered with ICMP host-unreachable quoting it as it left POSTROUTING (TTL
 * decremented, SNATed). The held packet still carries its connection, so the error is un-NATed
 * back to the real sender even when `conntrack -F` ran meanwhile (as recorded: 18-router).
 */
function reportLinkFailure(w: World, ns: Netns, skb: Skb): void {
  const held: Skb = { ...skb };
  w.deferred.push(() => sendIcmpError(w, ns, held, 3, 1));
}

/** ip_local_deliver: INPUT, then the raw sockets (`seen`) and the transport. */
function localIn(w: World, ns: Netns, dev: Device, skb: Skb, iif: string): void {
  const io: HookIo = { in: dev.name, physIn: skb.physIn, bridged: false };
  if (earlyDemux(ns, skb.pkt)) skb.sockUid = 0;
  const res = runHook(w, ns, 'INPUT', skb, io);
  if (res.kind === 'reject') return sendReject(w, ns, skb, res.with, io);
  if (res.kind === 'drop') return drop(w, ns, `dropped in ${res.reason}`);
  // The recording's raw sockets skip what arrives on lo.
  if (iif !== 'lo') recordSeen(w, ns, skb.pkt, iif);
  w.trace({ type: 'deliver', ns: ns.name, dev: dev.name, to: 'local stack' });
  deliverLocal(w, ns, skb.pkt, (p, bySocket) =>
    bySocket ? socketOut(w, ns, p) : localOut(w, ns, p),
  );
}

/**
 * ip_rcv_finish's early demux (tcp_v4_early_demux, udp_v4_early_demux): a segment for a
 * connection socket (a request socket is not a full one) or a datagram for a connected UDP
 * socket gets that socket as skb->sk before INPUT, so LOG --log-uid names its owner there.
 */
function earlyDemux(ns: Netns, p: Ipv4Packet): boolean {
  const l4 = p.l4;
  if (l4.kind === 'icmp' || !ns.sysctls.flag('net.ipv4.ip_early_demux')) return false;
  const local = [p.dst, l4.dport] as const;
  const remote = [p.src, l4.sport] as const;
  if (l4.kind === 'tcp') {
    if (!ns.sysctls.flag('net.ipv4.tcp_early_demux')) return false;
    const c = ns.sockets.findTcp(local, remote);
    return c !== undefined && c.state !== 'SYN_RECV';
  }
  if (!ns.sysctls.flag('net.ipv4.udp_early_demux')) return false;
  return ns.sockets.findUdp(local, remote)?.remote !== undefined;
}

function recordSeen(w: World, ns: Netns, p: Ipv4Packet, iif: string): void {
  const r = w.recorder;
  if (!r) return;
  let list = r.seen.get(ns.name);
  if (!list) r.seen.set(ns.name, (list = []));
  list.push(seenEntry(p, iif));
}

/** Why a local send failed, as the socket sees it (errno name), or undefined when it left. */
export type SendError = 'ENETUNREACH' | 'EHOSTUNREACH' | 'EACCES' | 'EINVAL' | 'EPERM';

/**
 * ip_local_out: route, OUTPUT, re-route if OUTPUT changed the destination (DNAT) or mark,
 * POSTROUTING, transmit. `prepared` lets REJECT/RST senders attach the connection first.
 */
export function localOut(
  w: World,
  ns: Netns,
  p: Ipv4Packet,
  prepared?: Skb,
): SendError | undefined {
  w.trace({
    type: 'send',
    ns: ns.name,
    by: 'local',
    packet: packetView(p),
  });
  let r = lookupRoute(ns.routes(), p.dst);
  const err = outputRouteError(w, ns, p.dst, r);
  if (err) return err;
  const skb = prepared ?? newSkb(p);
  skb.locallyMade = true;
  const res = runHook(w, ns, 'OUTPUT', skb, { out: outDevice(r!), bridged: false });
  if (res.kind === 'reject') {
    sendReject(w, ns, skb, res.with, { out: outDevice(r!), bridged: false });
    return 'EPERM';
  }
  if (res.kind === 'drop') {
    drop(w, ns, `dropped in ${res.reason}`);
    return 'EPERM';
  }
  if (skb.pkt.dst !== p.dst || skb.mark !== 0) {
    r = lookupRoute(ns.routes(), skb.pkt.dst);
    const again = outputRouteError(w, ns, skb.pkt.dst, r);
    if (again) return again;
  }
  output(w, ns, skb, r!);
  return undefined;
}

/** ip_local_out for a packet a process's socket sends (LOG --log-uid sees its owner). */
export function socketOut(w: World, ns: Netns, p: Ipv4Packet): SendError | undefined {
  return localOut(w, ns, p, socketSkb(p));
}

/** What ip_route_output gives a socket for a route of an error type (fib_props[].error). */
export function routeErrno(r: Route | undefined): SendError | undefined {
  if (!r) return 'ENETUNREACH';
  if (r.type === 'unreachable') return 'EHOSTUNREACH';
  if (r.type === 'prohibit') return 'EACCES';
  if (r.type === 'blackhole') return 'EINVAL';
  return undefined;
}

function outputRouteError(
  w: World,
  ns: Netns,
  dst: number,
  r: Route | undefined,
): SendError | undefined {
  if (!r) {
    traceRoute(w, ns, dst, 'no-route');
    return 'ENETUNREACH';
  }
  const err = routeErrno(r);
  if (err) {
    traceRoute(w, ns, dst, r.type, r);
    return err;
  }
  traceRoute(w, ns, dst, r.type === 'local' ? 'local' : 'output', r);
  return undefined;
}

/** Processes frames in flight until none is left (bounded: a loop in the topology stops). */
export function pump(w: World, maxSteps = 10_000): void {
  for (let i = 0; i < maxSteps && w.queue.length > 0; i++) {
    const a = w.queue.shift()!;
    const ns = w.namespaces.get(a.ns);
    const dev = ns?.device(a.dev);
    if (ns && dev) receiveFrame(w, ns, dev, a.skb);
  }
  w.queue.length = 0;
}

registerIp({
  rcv: ipRcv,
  reject: (w, ns, skb, how: RejectWith, io) =>
    sendReject(w, ns, skb, how, { ...io, bridged: true }),
});
