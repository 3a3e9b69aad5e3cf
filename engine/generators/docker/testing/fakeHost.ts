/**
 * TEST DOUBLE of DockerHost: records every call and keeps just enough state (links, sysctls,
 * namespaces, routes, one FakeIptables per namespace) for the generator's logic to be checked.
 */
import type { CommandResult } from '../../../shell/types.ts';
import type { DockerHost, NetnsRef, RouteSpec } from '../host.ts';
import { FakeIptables } from './fakeIptables.ts';

export interface FakeHost extends DockerHost {
  readonly calls: string[];
  readonly sysctls: Map<string, string>;
  readonly links: Map<string, { kind: string; up: boolean; master?: string; addrs: string[] }>;
  readonly netns: Set<string>;
  readonly routes: Map<string, RouteSpec[]>;
  iptablesOf(ns?: NetnsRef): FakeIptables;
}

function nsKey(ns?: NetnsRef): string {
  return ns === undefined || ns.kind === 'host' ? '' : ns.name;
}

export function fakeHost(initialSysctls: Record<string, string> = {}): FakeHost {
  const calls: string[] = [];
  const sysctls = new Map<string, string>(
    Object.entries({
      'net.ipv4.ip_forward': '0',
      'net.bridge.bridge-nf-call-iptables': '1',
      'net.ipv4.ip_local_port_range': '32768\t60999',
      ...initialSysctls,
    }),
  );
  const links = new Map<string, { kind: string; up: boolean; master?: string; addrs: string[] }>();
  const netns = new Set<string>();
  const routes = new Map<string, RouteSpec[]>([['', []]]);
  const ipts = new Map<string, FakeIptables>();
  const iptablesOf = (ns?: NetnsRef): FakeIptables => {
    const k = nsKey(ns);
    let t = ipts.get(k);
    if (t === undefined) {
      t = new FakeIptables();
      ipts.set(k, t);
    }
    return t;
  };
  const perLink = (name: string, v: string): void => {
    sysctls.set(`net.ipv4.conf.${name}.forwarding`, sysctls.get('net.ipv4.ip_forward') ?? '0');
    sysctls.set(`net.ipv4.conf.${name}.route_localnet`, '0');
    sysctls.set(`net.ipv6.conf.${name}.accept_ra`, v);
  };
  const host: FakeHost = {
    calls,
    sysctls,
    links,
    netns,
    routes,
    iptablesOf,
    iptables(argv: readonly string[], ns?: NetnsRef): CommandResult {
      calls.push(`iptables${ns && ns.kind === 'container' ? `@${ns.name}` : ''} ${argv.join(' ')}`);
      return iptablesOf(ns).run(argv);
    },
    readSysctl: (key) => sysctls.get(key),
    writeSysctl(key, value) {
      calls.push(`sysctl ${key}=${value}`);
      if (!sysctls.has(key)) return false;
      sysctls.set(key, value);
      return true;
    },
    linkExists: (name) => links.has(name),
    createBridge(name, mac, mtu) {
      calls.push(`bridge ${name} ${mac} ${mtu}`);
      links.set(name, { kind: 'bridge', up: false, addrs: [] });
      perLink(name, '1');
    },
    addAddress(dev, cidr, ns) {
      calls.push(`addr ${nsKey(ns)}:${dev} ${cidr}`);
      if (nsKey(ns) === '' && !links.get(dev)?.addrs.includes(cidr)) {
        links.get(dev)?.addrs.push(cidr);
        const [ip, prefix] = cidr.split('/');
        const octets = (ip ?? '').split('.').map(Number);
        const bits = Number(prefix);
        const n = octets.reduce((a, o) => a * 256 + o, 0);
        const masked = bits === 0 ? 0 : Math.floor(n / 2 ** (32 - bits)) * 2 ** (32 - bits);
        const net = [24, 16, 8, 0].map((s) => Math.floor(masked / 2 ** s) % 256).join('.');
        routes.get('')?.push({ dst: `${net}/${bits}`, dev, src: ip ?? '' });
      }
    },
    setLinkUp(dev, ns) {
      calls.push(`up ${nsKey(ns)}:${dev}`);
      const l = nsKey(ns) === '' ? links.get(dev) : undefined;
      if (l) l.up = true;
    },
    deleteLink(name) {
      calls.push(`del ${name}`);
      links.delete(name);
      for (const k of [...sysctls.keys()]) if (k.includes(`.${name}.`)) sysctls.delete(k);
      routes.set(
        '',
        (routes.get('') ?? []).filter((r) => r.dev !== name),
      );
    },
    createNetns(name) {
      calls.push(`netns ${name}`);
      netns.add(name);
      routes.set(name, []);
    },
    deleteNetns(name) {
      calls.push(`netns-del ${name}`);
      netns.delete(name);
      routes.delete(name);
    },
    createVeth(spec) {
      calls.push(
        `veth ${spec.hostName} ${spec.peerName}->${nsKey(spec.peerNs)}:${spec.peerFinalName} ${spec.peerMac}`,
      );
      links.set(spec.hostName, { kind: 'veth', up: false, addrs: [] });
      sysctls.set(`net.ipv6.conf.${spec.hostName}.mtu`, String(spec.mtu));
    },
    setMaster(dev, bridge) {
      calls.push(`master ${dev} ${bridge}`);
      const l = links.get(dev);
      if (l) l.master = bridge;
    },
    setHairpin(dev, on) {
      calls.push(`hairpin ${dev} ${on ? 'on' : 'off'}`);
    },
    addRoute(route, ns) {
      calls.push(`route ${nsKey(ns)}: ${route.dst} via ${route.via ?? '-'} dev ${route.dev}`);
      routes.get(nsKey(ns))?.push(route);
    },
    deleteRoute(dst, ns) {
      calls.push(`route-del ${nsKey(ns)}: ${dst}`);
      routes.set(
        nsKey(ns),
        (routes.get(nsKey(ns)) ?? []).filter((r) => r.dst !== dst),
      );
    },
    routeDestinations: () => (routes.get('') ?? []).map((r) => r.dst),
  };
  return host;
}
