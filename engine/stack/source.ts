/**
 * Source address selection (inet_select_addr, fib_result_prefsrc): the route's `src` if it has
 * one, else the first address of the outgoing device whose subnet holds the next hop, else its
 * first address, else any global address of the namespace.
 */
import { inPrefix, isLoopback, prefixMask } from '../packet/ipv4.ts';
import type { Route } from '../routing/table.ts';
import type { Netns } from './netns.ts';

export function selectSource(ns: Netns, dev: string, nexthop: number): number | undefined {
  const d = ns.device(dev);
  const onLink = d?.addrs.find((a) => inPrefix(nexthop, (a.addr & prefixMask(a.len)) >>> 0, a.len));
  if (onLink) return onLink.addr;
  if (d?.addrs[0]) return d.addrs[0].addr;
  for (const other of ns.devices.values()) {
    const a = other.addrs.find((x) => !isLoopback(x.addr));
    if (a) return a.addr;
  }
  return undefined;
}

export function routeSource(ns: Netns, r: Route, dst: number): number | undefined {
  if (r.prefsrc !== undefined) return r.prefsrc;
  if (r.dev === undefined) return undefined;
  return selectSource(ns, r.dev, r.via ?? dst);
}
