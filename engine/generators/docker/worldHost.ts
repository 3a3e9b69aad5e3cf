/**
 * DockerHost over the simulated machine the shell runs on (engine/shell/world's SimulatedWorld,
 * described here structurally so this layer does not import the shell): iptables is the
 * namespace's own `iptables` program, sysctls its sysctl table, and links, addresses and routes
 * its device map and user routes, as netlink would change them.
 */
import { newDevice, newVeth, type Device } from '../../devices/device.ts';
import type { Route } from '../../routing/table.ts';
import type { CommandResult } from '../../shell/types.ts';
import { formatIpv4 } from '../../addr/index.ts';
import type { DockerHost, NetnsRef, RouteSpec } from './host.ts';
import { parseCidr, parseIp } from './ipam.ts';

/** A namespace's devices and routes, as the engine's Netns keeps them (the shell's NetState). */
export interface NetLike {
  readonly devices: Map<string, Device>;
  userRoutes: Route[];
  routes(): Route[];
}

export interface WorldNamespaceLike {
  readonly key: string;
  readonly net: NetLike;
  readonly sysctl: {
    get(key: string): string | undefined;
    set(key: string, value: string): 'ok' | 'unknown' | 'invalid';
    addDevice?(name: string): void;
    removeDevice?(name: string): void;
  };
  program(name: string): ((argv: readonly string[], stdin: string) => CommandResult) | undefined;
}

export interface WorldLike {
  readonly host: WorldNamespaceLike;
  addNetns(name: string): boolean;
  deleteNetns(name: string): boolean;
  namespaceByKey(key: string): WorldNamespaceLike | undefined;
  readonly links: {
    index(ns: string, dev: Device): number;
    setMtu(dev: Device, mtu: number): void;
    nextMac(): string;
  };
}

const NOT_FOUND: CommandResult = { exit: 127, stdout: '', stderr: 'iptables: command not found\n' };

export function worldDockerHost(world: WorldLike): DockerHost {
  const nsOf = (ref?: NetnsRef): WorldNamespaceLike => {
    if (ref === undefined || ref.kind === 'host') return world.host;
    const ns = world.namespaceByKey(ref.name);
    if (ns === undefined) throw new Error(`docker: sandbox namespace ${ref.name} is gone`);
    return ns;
  };
  const dev = (name: string, ref?: NetnsRef): Device | undefined => nsOf(ref).net.devices.get(name);
  const addDev = (ns: WorldNamespaceLike, d: Device, mtu: number): void => {
    ns.net.devices.set(d.name, d);
    world.links.index(ns.key, d);
    world.links.setMtu(d, mtu);
    ns.sysctl.addDevice?.(d.name);
  };
  const removeDev = (ns: WorldNamespaceLike, name: string): void => {
    ns.net.devices.delete(name);
    ns.sysctl.removeDevice?.(name);
    ns.net.userRoutes = ns.net.userRoutes.filter((r) => r.dev !== name);
    for (const d of ns.net.devices.values()) if (d.master === name) delete d.master;
  };
  return {
    iptables: (argv, ref) => (nsOf(ref).program('iptables') ?? (() => NOT_FOUND))(argv, ''),
    readSysctl: (key, ref) => nsOf(ref).sysctl.get(key),
    writeSysctl: (key, value, ref) => nsOf(ref).sysctl.set(key, value) === 'ok',
    linkExists: (name) => world.host.net.devices.has(name),
    createBridge(name, mac, mtu) {
      addDev(world.host, newDevice('bridge', name, mac), mtu);
    },
    addAddress(name, cidr, ref) {
      const c = parseCidr(cidr);
      const d = dev(name, ref);
      // setupBridgeIPv4 leaves an address that is already there (a restarted daemon).
      if (c === undefined || d === undefined) return;
      if (!d.addrs.some((a) => a.addr === c.addr && a.len === c.prefix))
        d.addrs.push({ addr: c.addr, len: c.prefix });
    },
    setLinkUp(name, ref) {
      const d = dev(name, ref);
      if (d !== undefined) d.up = true;
    },
    deleteLink(name) {
      const d = world.host.net.devices.get(name);
      if (d === undefined) return;
      if (d.kind === 'veth') {
        const peerNs = d.peer.ns === world.host.key ? world.host : world.namespaceByKey(d.peer.ns);
        if (peerNs !== undefined) removeDev(peerNs, d.peer.name);
      }
      removeDev(world.host, name);
    },
    createNetns(name) {
      world.addNetns(name);
    },
    deleteNetns(name) {
      world.deleteNetns(name);
    },
    createVeth(spec) {
      const peerNs = nsOf(spec.peerNs);
      addDev(
        world.host,
        newVeth(spec.hostName, world.links.nextMac(), { ns: peerNs.key, name: spec.peerFinalName }),
        spec.mtu,
      );
      addDev(
        peerNs,
        newVeth(spec.peerFinalName, spec.peerMac, { ns: world.host.key, name: spec.hostName }),
        spec.mtu,
      );
    },
    setMaster(name, bridge) {
      const d = dev(name);
      if (d !== undefined) d.master = bridge;
    },
    setHairpin(name, on) {
      const d = dev(name);
      if (d !== undefined) d.hairpin = on;
    },
    addRoute(route: RouteSpec, ref) {
      const ns = nsOf(ref);
      const c = route.dst === 'default' ? { addr: 0, prefix: 0 } : parseCidr(route.dst);
      if (c === undefined) return;
      const via = route.via === undefined ? undefined : parseIp(route.via);
      ns.net.userRoutes.push({
        table: 'main',
        type: 'unicast',
        dst: c.addr,
        len: c.prefix,
        dev: route.dev,
        ...(via !== undefined ? { via } : {}),
        scope: via !== undefined ? 'global' : 'link',
        proto: 'boot',
        metric: 0,
      });
    },
    deleteRoute(dst, ref) {
      const ns = nsOf(ref);
      const c = dst === 'default' ? { addr: 0, prefix: 0 } : parseCidr(dst);
      if (c !== undefined)
        ns.net.userRoutes = ns.net.userRoutes.filter(
          (r) => !(r.dst === c.addr && r.len === c.prefix),
        );
    },
    routeDestinations: () =>
      world.host.net
        .routes()
        .filter((r) => r.table === 'main')
        .map((r) => (r.len === 0 ? 'default' : `${formatIpv4(r.dst)}/${r.len}`)),
  };
}
