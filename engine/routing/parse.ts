/**
 * `ip route add` arguments, as the scenario's `routes` list and the shell give them:
 * [TYPE] PREFIX|default [via GW] [dev DEV] [src ADDR] [metric N] [proto P] [scope S] [table main].
 * A gateway must be reachable through a connected route, or Linux refuses the route with
 * "Error: Nexthop has invalid gateway." (fib_check_nh).
 */
import type { Device } from '../devices/device.ts';
import { parseIpv4 } from '../packet/ipv4.ts';
import { parsePrefix } from './prefix.ts';
import { allRoutes, lookupRoute, type Route, type RouteType } from './table.ts';

const TYPES: readonly RouteType[] = [
  'unicast',
  'local',
  'broadcast',
  'blackhole',
  'unreachable',
  'prohibit',
];

export type ParsedRoute = { route: Route } | { error: string };

export function parseRoute(
  args: readonly string[],
  devices: readonly Device[],
  existing: readonly Route[],
): ParsedRoute {
  const words = [...args];
  let type: RouteType = 'unicast';
  if ((TYPES as readonly string[]).includes(words[0] ?? '')) type = words.shift() as RouteType;
  const target = words.shift();
  if (target === undefined) return { error: 'missing destination prefix' };
  const prefix = target === 'default' ? { addr: 0, len: 0 } : parsePrefix(target, true);
  if ('error' in prefix) return { error: `${prefix.error} (expected PREFIX or "default")` };
  const opts: { via?: number; dev?: string; prefsrc?: number; metric: number } = { metric: 0 };
  while (words.length > 0) {
    const key = words.shift()!;
    const value = words.shift();
    if (value === undefined) return { error: `"${key}" needs a value` };
    const err = applyOption(opts, key, value, devices);
    if (err) return { error: err };
  }
  if (type === 'unicast' && opts.via === undefined && opts.dev === undefined) {
    return { error: 'a unicast route needs "via GATEWAY" or "dev DEVICE"' };
  }
  const route: Route = {
    table: type === 'local' || type === 'broadcast' ? 'local' : 'main',
    type,
    dst: prefix.addr,
    len: prefix.len,
    scope: opts.via !== undefined ? 'global' : type === 'unicast' ? 'link' : 'global',
    proto: 'boot',
    ...opts,
  };
  return resolveGateway(route, devices, existing);
}

function applyOption(
  opts: { via?: number; dev?: string; prefsrc?: number; metric: number },
  key: string,
  value: string,
  devices: readonly Device[],
): string | undefined {
  switch (key) {
    case 'via': {
      const gw = parseIpv4(value);
      if (gw === undefined) return `invalid gateway address "${value}"`;
      opts.via = gw;
      return undefined;
    }
    case 'dev':
    case 'oif':
      if (!devices.some((d) => d.name === value)) return `Cannot find device "${value}"`;
      opts.dev = value;
      return undefined;
    case 'src': {
      const src = parseIpv4(value);
      if (src === undefined) return `invalid source address "${value}"`;
      opts.prefsrc = src;
      return undefined;
    }
    case 'metric':
    case 'preference':
      if (!/^\d+$/.test(value)) return `invalid metric "${value}"`;
      opts.metric = Number(value);
      return undefined;
    case 'proto':
    case 'scope':
      return undefined;
    case 'table':
      return value === 'main' ? undefined : `only the main table is modelled, not "${value}"`;
    default:
      return `unknown route option "${key}"`;
  }
}

/** fib_check_nh: the gateway must be on-link through a connected route (of `dev`, if given). */
function resolveGateway(
  route: Route,
  devices: readonly Device[],
  existing: readonly Route[],
): ParsedRoute {
  if (route.via === undefined) return { route };
  const via = lookupRoute(allRoutes(devices, existing), route.via);
  const onLink = via !== undefined && via.type === 'unicast' && via.via === undefined;
  if (!onLink || (route.dev !== undefined && via.dev !== route.dev)) {
    return { error: 'Error: Nexthop has invalid gateway.' };
  }
  return { route: { ...route, dev: via.dev } };
}
