/**
 * Device life cycle across namespaces: removal (a veth takes its peer with it; routes through
 * the device go; bridge ports are released), moves between namespaces (the device goes down and
 * loses its addresses and master, as dev_change_net_namespace does) and renames.
 */
import type { Device } from '../../../devices/device.ts';
import type { NamespaceHost, WorldHost } from '../../host.ts';

/** br_stp_recalculate_bridge_id for a bridge whose address was never set. */
export function refreshBridgeMac(
  world: WorldHost,
  ns: NamespaceHost,
  bridgeName: string | undefined,
): void {
  const br = bridgeName === undefined ? undefined : ns.net.devices.get(bridgeName);
  if (!br || br.kind !== 'bridge' || !world.links.followsPorts(br)) return;
  const ports = [...ns.net.devices.values()].filter((d) => d.master === br.name).map((d) => d.mac);
  const mac = ports.length > 0 ? ports.sort()[0]! : '00:00:00:00:00:00';
  if (mac !== br.mac) renameDevice(world, ns, br, { mac });
}

function detach(world: WorldHost, ns: NamespaceHost, dev: Device): void {
  const net = ns.net;
  net.devices.delete(dev.name);
  net.userRoutes = net.userRoutes.filter((r) => r.dev !== dev.name);
  net.neigh.delete(dev.name);
  for (const other of net.devices.values()) {
    if (other.master === dev.name) delete other.master;
    if (other.kind === 'bridge')
      for (const [mac, e] of other.fdb) if (e.port === dev.name) other.fdb.delete(mac);
  }
  ns.sysctl.removeDevice(dev.name);
  refreshBridgeMac(world, ns, dev.master);
}

export function removeDevice(world: WorldHost, ns: NamespaceHost, dev: Device): void {
  detach(world, ns, dev);
  if (dev.kind !== 'veth') return;
  const peerNs = world.namespaceByKey(dev.peer.ns);
  const peer = peerNs?.net.devices.get(dev.peer.name);
  if (peerNs && peer) detach(world, peerNs, peer);
}

/** Points the peer of a veth at the device's new place. */
function repointPeer(world: WorldHost, dev: Device, nsKey: string): void {
  if (dev.kind !== 'veth') return;
  const peerNs = world.namespaceByKey(dev.peer.ns);
  const peer = peerNs?.net.devices.get(dev.peer.name);
  if (!peerNs || !peer || peer.kind !== 'veth') return;
  const updated: Device = { ...peer, peer: { ns: nsKey, name: dev.name } };
  world.links.carry(peer, updated);
  peerNs.net.devices.set(peer.name, updated);
}

export function moveDevice(
  world: WorldHost,
  from: NamespaceHost,
  to: NamespaceHost,
  dev: Device,
): Device {
  detach(world, from, dev);
  const moved: Device = { ...dev, up: false, addrs: [] };
  delete moved.master;
  world.links.carry(dev, moved);
  to.net.devices.set(moved.name, moved);
  world.links.index(to.key, moved);
  to.sysctl.addDevice(moved.name);
  repointPeer(world, moved, to.key);
  return moved;
}

export function renameDevice(
  world: WorldHost,
  ns: NamespaceHost,
  dev: Device,
  change: { name?: string; mac?: string },
): Device {
  const renamed = { ...dev, ...change } as Device;
  world.links.carry(dev, renamed);
  const net = ns.net;
  net.devices.delete(dev.name);
  net.devices.set(renamed.name, renamed);
  if (change.name !== undefined) {
    for (const other of net.devices.values())
      if (other.master === dev.name) other.master = renamed.name;
    net.userRoutes = net.userRoutes.map((r) =>
      r.dev === dev.name ? { ...r, dev: renamed.name } : r,
    );
    ns.sysctl.removeDevice(dev.name);
    ns.sysctl.addDevice(renamed.name);
  }
  repointPeer(world, renamed, ns.key);
  return renamed;
}
