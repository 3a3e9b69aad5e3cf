/**
 * Routing tables of one namespace: `local` (addresses of this host, looked up first: ip rule
 * priority 0) and `main` (priority 32766). The kernel adds the routes that follow from each
 * address (fib_add_ifaddr: a `local` route for the address, `broadcast` routes, and the
 * connected route of its subnet in main); the user adds the rest. Longest prefix wins; among
 * equal prefixes the lowest metric.
 */
import type { Device, IfAddr } from '../devices/device.ts';
import { inPrefix, prefixMask } from '../packet/ipv4.ts';

export type RouteType =
  'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit';
export type RouteScope = 'host' | 'link' | 'global';
export type TableId = 'local' | 'main';

export interface Route {
  readonly table: TableId;
  readonly type: RouteType;
  /** Masked network address. */
  readonly dst: number;
  readonly len: number;
  readonly dev?: string;
  readonly via?: number;
  readonly prefsrc?: number;
  readonly scope: RouteScope;
  readonly proto: 'kernel' | 'boot' | 'static';
  readonly metric: number;
}

/** The routes the kernel derives from one address on an up device (fib_add_ifaddr). */
export function kernelRoutes(dev: Device, a: IfAddr): Route[] {
  const mask = prefixMask(a.len);
  const net = (a.addr & mask) >>> 0;
  const base = { dev: dev.name, prefsrc: a.addr, proto: 'kernel' as const, metric: 0 };
  const routes: Route[] = [
    { ...base, table: 'local', type: 'local', dst: a.addr, len: 32, scope: 'host' },
  ];
  if (a.len < 31) {
    const bcast = (net | ~mask) >>> 0;
    routes.push({ ...base, table: 'local', type: 'broadcast', dst: bcast, len: 32, scope: 'link' });
  }
  if (a.len < 32 && dev.kind !== 'loopback') {
    routes.push({ ...base, table: 'main', type: 'unicast', dst: net, len: a.len, scope: 'link' });
  }
  if (dev.kind === 'loopback' && a.len < 32) {
    // 127.0.0.0/8 on lo: the whole prefix is local (fib_add_ifaddr adds a local route for it).
    routes.push({ ...base, table: 'local', type: 'local', dst: net, len: a.len, scope: 'host' });
  }
  return routes;
}

export function allRoutes(devs: Iterable<Device>, userRoutes: readonly Route[]): Route[] {
  const devices = [...devs];
  const routes: Route[] = [];
  for (const dev of devices) {
    if (!dev.up) continue;
    for (const a of dev.addrs) routes.push(...kernelRoutes(dev, a));
  }
  return routes.concat(userRoutes.filter((r) => r.dev === undefined || isUp(devices, r.dev)));
}

function isUp(devices: readonly Device[], name: string): boolean {
  for (const d of devices) if (d.name === name) return d.up;
  return false;
}

/** fib_lookup: the local table first, then main; longest prefix, then lowest metric. */
export function lookupRoute(routes: readonly Route[], dst: number): Route | undefined {
  return bestIn(routes, 'local', dst) ?? bestIn(routes, 'main', dst);
}

function bestIn(routes: readonly Route[], table: TableId, dst: number): Route | undefined {
  let best: Route | undefined;
  for (const r of routes) {
    if (r.table !== table || !inPrefix(dst, r.dst, r.len)) continue;
    if (best === undefined || r.len > best.len || (r.len === best.len && r.metric < best.metric))
      best = r;
  }
  return best;
}

/**
 * The order a table dump lists routes in (`ip route`, `route -n`, both read RTM_GETROUTE): the
 * fib trie's in-order walk, by key; at one key the leaf's aliases, which fib_insert_alias keeps
 * by suffix length, so the longer prefix first (10.0.0.0/24 before /16 before /8); then by
 * priority (metric). Measured with iproute2 6.1 and net-tools 2.10.
 */
export function fibDumpOrder(a: Route, b: Route): number {
  return a.dst - b.dst || b.len - a.len || a.metric - b.metric;
}
