/**
 * Layer 2: transmitting on a device (veth to its peer, a bridge to its ports, lo back to
 * itself, a dummy nowhere), the bridge's input path with br_netfilter, and ARP resolution over
 * the broadcast domain with the neighbour caches and FDBs it fills.
 */
import { decide, learn } from '../devices/bridge.ts';
import type { Bridge, Device } from '../devices/device.ts';
import { formatIpv4 } from '../packet/ipv4.ts';
import { lookupRoute } from '../routing/table.ts';
import { runHook } from './hook.ts';
import type { Netns } from './netns.ts';
import { scrub, type Skb } from './skb.ts';
import { packetView } from './view.ts';
import type { RejectWith } from '../netfilter/model.ts';
import type { World } from './world.ts';

/** What the IP layer does with a frame that reached an L3 device; set by ip.ts (no import cycle). */
export interface IpEntry {
  rcv(w: World, ns: Netns, dev: Device, skb: Skb): void;
  /** Sends a br_netfilter REJECT / ICMP error for a bridged packet. */
  reject(
    w: World,
    ns: Netns,
    skb: Skb,
    how: RejectWith,
    io: { in?: string; physIn?: string },
  ): void;
}

let ip: IpEntry | undefined;
export function registerIp(entry: IpEntry): void {
  ip = entry;
}

/** Puts `skb` on the wire of `dev` (its MACs already set). */
export function transmit(w: World, ns: Netns, dev: Device, skb: Skb): void {
  if (!dev.up) {
    w.trace({ type: 'drop', ns: ns.name, reason: `${dev.name} is down` });
    return;
  }
  switch (dev.kind) {
    case 'loopback':
      w.queue.push({ ns: ns.name, dev: dev.name, skb });
      return;
    case 'veth': {
      const peerNs = w.namespaces.get(dev.peer.ns);
      const peer = peerNs?.device(dev.peer.name);
      if (!peerNs || !peer?.up) {
        w.trace({ type: 'drop', ns: ns.name, reason: `peer of ${dev.name} is down` });
        return;
      }
      w.queue.push({ ns: peerNs.name, dev: peer.name, skb: peerNs === ns ? skb : scrub(skb) });
      return;
    }
    case 'bridge':
      bridgeOutput(w, ns, dev, skb);
      return;
    case 'dummy':
      w.trace({ type: 'drop', ns: ns.name, reason: `${dev.name} is a dummy: frames go nowhere` });
      return;
  }
}

/** A frame arrives on `dev` (from the queue). */
export function receive(w: World, ns: Netns, dev: Device, skb: Skb): void {
  w.trace({ type: 'receive', ns: ns.name, dev: dev.name, packet: view(skb) });
  if (dev.master !== undefined) {
    const br = ns.device(dev.master);
    if (br?.kind === 'bridge' && br.up) return bridgeInput(w, ns, br, dev, skb);
    return;
  }
  if (dev.kind !== 'loopback' && skb.dstMac !== dev.mac && skb.dstMac !== 'ff:ff:ff:ff:ff:ff') {
    w.trace({
      type: 'drop',
      ns: ns.name,
      reason: `frame for ${skb.dstMac} is not for ${dev.name} (PACKET_OTHERHOST)`,
    });
    return;
  }
  ip?.rcv(w, ns, dev, skb);
}

function ports(ns: Netns, br: Bridge): { name: string; hairpin: boolean }[] {
  return ns.bridgePorts(br.name).map((p) => ({ name: p.name, hairpin: p.hairpin }));
}

/** br_dev_xmit: the host sends through the bridge; no iptables hooks on this leg. */
function bridgeOutput(w: World, ns: Netns, br: Bridge, skb: Skb): void {
  const d = decide(br, undefined, skb.dstMac, ports(ns, br));
  const outs = d.kind === 'forward' ? [d.port] : d.kind === 'flood' ? d.ports : [];
  w.trace({
    type: 'bridge',
    ns: ns.name,
    bridge: br.name,
    decision: d.kind,
    outPorts: outs,
    netfilter: false,
  });
  for (const p of outs) {
    const port = ns.device(p);
    if (port) transmit(w, ns, port, skb);
  }
}

/** br_handle_frame with br_netfilter (net/bridge/br_netfilter_hooks.c). */
function bridgeInput(w: World, ns: Netns, br: Bridge, port: Device, skb: Skb): void {
  learn(br, skb.srcMac, port.name);
  const brnf = ns.sysctls.flag('net.bridge.bridge-nf-call-iptables');
  if (brnf) {
    skb.physIn = port.name;
    skb.brPrerouted = true;
    const dstBefore = skb.pkt.dst;
    const res = runHook(w, ns, 'PREROUTING', skb, {
      in: br.name,
      physIn: port.name,
      bridged: true,
    });
    if (res.kind !== 'accept') {
      w.trace({
        type: 'drop',
        ns: ns.name,
        reason: `dropped in PREROUTING (${res.kind === 'drop' ? res.reason : 'reject'})`,
      });
      return;
    }
    if (skb.pkt.dst !== dstBefore && !redirectAfterDnat(w, ns, br, skb)) return;
  }
  const d = decide(br, port.name, skb.dstMac, ports(ns, br));
  const outs = d.kind === 'forward' ? [d.port] : d.kind === 'flood' ? d.ports : [];
  w.trace({
    type: 'bridge',
    ns: ns.name,
    bridge: br.name,
    inPort: port.name,
    decision: d.kind,
    outPorts: outs,
    reason: d.kind === 'drop' ? d.reason : undefined,
    netfilter: brnf,
  });
  if (d.kind === 'local') return ip?.rcv(w, ns, br, skb);
  for (const p of outs) {
    const out = ns.device(p);
    if (out) bridgeForward(w, ns, br, port, out, outs.length > 1 ? { ...skb } : skb);
  }
}

/**
 * br_nf_pre_routing_finish after DNAT: if the new destination is routed out of the same
 * bridge the frame stays bridged, re-addressed to the new host's MAC ("bridged DNAT", no
 * ip_forward needed); otherwise it goes up to the IP layer to be routed.
 */
function redirectAfterDnat(w: World, ns: Netns, br: Bridge, skb: Skb): boolean {
  const r = lookupRoute(ns.routes(), skb.pkt.dst);
  if (r && r.type === 'unicast' && r.dev === br.name) {
    const mac = resolve(w, ns, br, r.via ?? skb.pkt.dst);
    if (mac === undefined) return false;
    skb.dstMac = mac;
    return true;
  }
  skb.dstMac = br.mac;
  return true;
}

/** br_forward with br_nf_forward_ip and br_nf_post_routing: FORWARD and POSTROUTING as -i/-o the bridge. */
function bridgeForward(
  w: World,
  ns: Netns,
  br: Bridge,
  inPort: Device,
  out: Device,
  skb: Skb,
): void {
  if (ns.sysctls.flag('net.bridge.bridge-nf-call-iptables')) {
    const io = { in: br.name, out: br.name, physIn: inPort.name, physOut: out.name, bridged: true };
    const fwd = runHook(w, ns, 'FORWARD', skb, io);
    if (fwd.kind === 'reject') return ip?.reject(w, ns, skb, fwd.with, io);
    if (fwd.kind === 'drop')
      return void w.trace({ type: 'drop', ns: ns.name, reason: `dropped in ${fwd.reason}` });
    const post = runHook(w, ns, 'POSTROUTING', skb, {
      out: br.name,
      physIn: inPort.name,
      physOut: out.name,
      bridged: true,
    });
    if (post.kind !== 'accept')
      return void w.trace({ type: 'drop', ns: ns.name, reason: 'dropped in POSTROUTING' });
  }
  transmit(w, ns, out, skb);
}

/**
 * ARP for `target` out of `dev`: the broadcast reaches every L3 endpoint of the segment (veth
 * peers, bridges and their ports' peers); the namespace owning `target` answers (arp_ignore=0:
 * any local address). Both sides cache the other; every bridge crossed learns both MACs.
 */
export function resolve(w: World, ns: Netns, dev: Device, target: number): string | undefined {
  const cached = ns.neighbour(dev.name).get(target);
  if (cached !== undefined) {
    w.trace({
      type: 'arp',
      ns: ns.name,
      dev: dev.name,
      target: formatIpv4(target),
      result: 'cached',
      mac: cached,
    });
    return cached;
  }
  const found = segmentEndpoints(w, ns, dev).find(
    (ep) => ep.ns.isLocalAddress(target) && !(ep.ns === ns && ep.dev === dev),
  );
  if (!found) {
    w.trace({
      type: 'arp',
      ns: ns.name,
      dev: dev.name,
      target: formatIpv4(target),
      result: 'failed',
    });
    return undefined;
  }
  for (const hop of found.path) learn(hop.bridge, found.dev.mac, hop.towards);
  ns.neighbour(dev.name).set(target, found.dev.mac);
  w.trace({
    type: 'arp',
    ns: ns.name,
    dev: dev.name,
    target: formatIpv4(target),
    result: 'resolved',
    mac: found.dev.mac,
  });
  return found.dev.mac;
}

interface Endpoint {
  readonly ns: Netns;
  readonly dev: Device;
  /** Bridges crossed to reach it and the port that leads to it. */
  readonly path: readonly { bridge: Bridge; towards: string }[];
}

function segmentEndpoints(w: World, ns: Netns, dev: Device): Endpoint[] {
  const out: Endpoint[] = [];
  const seen = new Set<Device>([dev]);
  const acrossVeth = (d: Device, path: Endpoint['path']): void => {
    if (d.kind !== 'veth') return;
    const pn = w.namespaces.get(d.peer.ns);
    const peer = pn?.device(d.peer.name);
    if (pn && peer && !seen.has(peer)) arrive(pn, peer, path);
  };
  const arrive = (n: Netns, d: Device, path: Endpoint['path']): void => {
    seen.add(d);
    if (!d.up) return;
    const br = d.master !== undefined ? n.device(d.master) : undefined;
    if (br === undefined) return void out.push({ ns: n, dev: d, path });
    if (br.kind !== 'bridge' || !br.up || seen.has(br)) return;
    seen.add(br);
    learn(br, dev.mac, d.name);
    out.push({ ns: n, dev: br, path });
    for (const p of n.bridgePorts(br.name)) {
      if (p !== d && !seen.has(p)) {
        seen.add(p);
        acrossVeth(p, [...path, { bridge: br, towards: p.name }]);
      }
    }
  };
  if (dev.kind === 'bridge') {
    for (const p of ns.bridgePorts(dev.name)) acrossVeth(p, [{ bridge: dev, towards: p.name }]);
  } else acrossVeth(dev, []);
  return out;
}

function view(skb: Skb) {
  return packetView(skb.pkt);
}
