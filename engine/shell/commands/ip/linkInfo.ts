/**
 * How iproute2 6.1 describes a device: flags in print_link_flags order, operstate, qdisc,
 * carrier (veth: both ends up; bridge: a port up with carrier; lo/dummy: up), and the
 * `@peer` / `@ifN` suffix with link-netns for a peer in another namespace.
 */
import type { Device } from '../../../devices/device.ts';
import type { NamespaceHost, WorldHost } from '../../host.ts';

export interface LinkView {
  readonly dev: Device;
  readonly index: number;
  readonly label: string;
  readonly carrier: boolean;
  readonly flags: string;
  readonly state: 'UP' | 'DOWN' | 'UNKNOWN' | 'LOWERLAYERDOWN';
  readonly mtu: number;
  /** ` link-netns NAME` / ` link-netnsid N` for a peer in another namespace, else ''. */
  readonly linkNetns: string;
}

function peerOf(world: WorldHost, dev: Device): Device | undefined {
  if (dev.kind !== 'veth') return undefined;
  return world.namespaceByKey(dev.peer.ns)?.net.devices.get(dev.peer.name);
}

function hasCarrier(world: WorldHost, ns: NamespaceHost, dev: Device, depth = 0): boolean {
  if (!dev.up) return false;
  if (dev.kind === 'veth') return peerOf(world, dev)?.up ?? false;
  if (dev.kind === 'bridge') {
    if (depth > 2) return false;
    return [...ns.net.devices.values()].some(
      (p) => p.master === dev.name && hasCarrier(world, ns, p, depth + 1),
    );
  }
  return true;
}

export function describeLink(world: WorldHost, ns: NamespaceHost, dev: Device): LinkView {
  const carrier = hasCarrier(world, ns, dev);
  const peer = dev.kind === 'veth' ? dev.peer : undefined;
  const samePeer = peer !== undefined && peer.ns === ns.key;
  const peerDev = peerOf(world, dev);
  const peerIndex = peerDev && peer ? world.links.index(peer.ns, peerDev) : 0;
  const label = !peer
    ? dev.name
    : samePeer
      ? `${dev.name}@${peer.name}`
      : `${dev.name}@if${peerIndex}`;
  const names: string[] = [];
  if (dev.up && !carrier) names.push('NO-CARRIER');
  // dummy_setup: IFF_NOARP set, IFF_MULTICAST cleared.
  if (dev.kind === 'loopback') names.push('LOOPBACK');
  else names.push(...(dev.kind === 'dummy' ? ['BROADCAST', 'NOARP'] : ['BROADCAST', 'MULTICAST']));
  if (dev.up) names.push('UP');
  if (carrier) names.push('LOWER_UP');
  if (samePeer && peerDev && !peerDev.up) names.push('M-DOWN');
  let state: LinkView['state'];
  if (dev.kind === 'loopback' || dev.kind === 'dummy') state = dev.up ? 'UNKNOWN' : 'DOWN';
  else if (!dev.up) state = 'DOWN';
  else if (carrier) state = 'UP';
  else state = dev.kind === 'veth' ? 'LOWERLAYERDOWN' : 'DOWN';
  let linkNetns = '';
  if (peer && !samePeer) linkNetns = peer.ns === '' ? ' link-netnsid 0' : ` link-netns ${peer.ns}`;
  return {
    dev,
    index: world.links.index(ns.key, dev),
    label,
    carrier,
    flags: names.join(','),
    state,
    mtu: world.links.mtu(dev),
    linkNetns,
  };
}

/** The first line of `ip link` / `ip addr` for a device. */
/** `withNetns`: `ip -4 addr` skips the link line and prints link-netns on this one instead. */
export function headerLine(v: LinkView, mode: boolean, withNetns = false): string {
  const qdisc = v.dev.up ? 'noqueue' : 'noop';
  const master = v.dev.master ? ` master ${v.dev.master}` : '';
  return (
    `${v.index}: ${v.label}: <${v.flags}> mtu ${v.mtu} qdisc ${qdisc}${master} state ${v.state}` +
    `${mode ? ' mode DEFAULT' : ''} group default qlen 1000${withNetns ? v.linkNetns : ''}\n`
  );
}

export function linkLine(v: LinkView): string {
  if (v.dev.kind === 'loopback') return `    link/loopback ${v.dev.mac} brd 00:00:00:00:00:00\n`;
  return `    link/ether ${v.dev.mac} brd ff:ff:ff:ff:ff:ff${v.linkNetns}\n`;
}

/** The interfaces of a namespace in index order. */
export function linksOf(world: WorldHost, ns: NamespaceHost): LinkView[] {
  return [...ns.net.devices.values()]
    .map((d) => describeLink(world, ns, d))
    .sort((a, b) => a.index - b.index);
}

/** fe80::/64 from the MAC (EUI-64, RFC 4291 appendix A), as addrconf assigns once carrier is up. */
export function linkLocal(mac: string): string {
  const b = mac.split(':').map((x) => parseInt(x, 16));
  b[0]! ^= 0x02;
  const words = [
    (b[0]! << 8) | b[1]!,
    (b[2]! << 8) | 0xff,
    (0xfe << 8) | b[3]!,
    (b[4]! << 8) | b[5]!,
  ];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}`.replace(/^fe80::0:/, 'fe80::');
}
