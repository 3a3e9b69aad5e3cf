/**
 * inet_addr_type / inet_dev_addr_type as xt_addrtype asks them: the type of the route to the
 * address in the local table (LOCAL, BROADCAST), MULTICAST for 224/4, else UNICAST. With a
 * device (--limit-iface-in/out) only that device's local routes count.
 */
import type { AddrTypeName } from '../netfilter/packetMeta.ts';
import { isMulticast } from '../packet/ipv4.ts';
import { lookupRoute } from '../routing/table.ts';
import type { Netns } from './netns.ts';

const LOCAL: ReadonlySet<AddrTypeName> = new Set(['LOCAL']);
const BROADCAST: ReadonlySet<AddrTypeName> = new Set(['BROADCAST']);
const MULTICAST: ReadonlySet<AddrTypeName> = new Set(['MULTICAST']);
const UNICAST: ReadonlySet<AddrTypeName> = new Set(['UNICAST']);

export function addrTypes(ns: Netns, addr: number, dev?: string): ReadonlySet<AddrTypeName> {
  if (addr === 0xffffffff || addr >>> 24 === 0) return BROADCAST;
  if (isMulticast(addr)) return MULTICAST;
  const routes = ns
    .routes()
    .filter((r) => r.table === 'local' && (dev === undefined || r.dev === dev));
  const r = lookupRoute(routes, addr);
  if (r?.type === 'local') return LOCAL;
  if (r?.type === 'broadcast') return BROADCAST;
  return UNICAST;
}
