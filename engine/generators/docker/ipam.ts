/**
 * libnetwork's default IPAM driver (ipam/allocator.go) for the local address space: the
 * predefined pools in order (172.17–172.31 as /16, then 192.168.0.0/16 cut into /20s), the
 * overlap check, and address allocation as the lowest free host address of the pool (the
 * network and broadcast addresses are never handed out).
 */
import { formatIpv4, prefixToMask } from '../../addr/index.ts';

export interface Cidr {
  readonly addr: number;
  readonly prefix: number;
}

/** Go's net.ParseIP for IPv4: four decimal octets, no leading zeros, each ≤ 255. */
export function parseIp(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let v = 0;
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    v = v * 256 + Number(p);
  }
  return v;
}

/** Go's net.ParseCIDR (IPv4 only); keeps the host bits, as ParseCIDR's first result does. */
export function parseCidr(text: string): Cidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const addr = parseIp(text.slice(0, slash));
  const bits = text.slice(slash + 1);
  if (addr === undefined || !/^(0|[1-9][0-9]?)$/.test(bits) || Number(bits) > 32) return undefined;
  return { addr, prefix: Number(bits) };
}

export function networkOf(c: Cidr): Cidr {
  return { addr: (c.addr & prefixToMask(c.prefix)) >>> 0, prefix: c.prefix };
}

export function formatCidr(c: Cidr): string {
  return `${formatIpv4(c.addr)}/${c.prefix}`;
}

export function contains(net: Cidr, ip: number): boolean {
  const mask = prefixToMask(net.prefix);
  return (ip & mask) >>> 0 === (net.addr & mask) >>> 0;
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b.addr) || contains(b, a.addr);
}

/** ipamutils.PredefinedLocalScopeDefaultNetworks, in the order they are tried. */
export function predefinedPools(): Cidr[] {
  const pools: Cidr[] = [];
  for (let second = 17; second <= 31; second++)
    pools.push({ addr: ((172 << 24) | (second << 16)) >>> 0, prefix: 16 });
  for (let third = 0; third < 256; third += 16)
    pools.push({ addr: ((192 << 24) | (168 << 16) | (third << 8)) >>> 0, prefix: 20 });
  return pools;
}

/** One allocated pool with its bitmap of handed-out addresses. */
export interface Pool {
  readonly subnet: Cidr;
  readonly allocated: Set<number>;
}

export interface AddressSpace {
  readonly pools: Pool[];
  /**
   * addrSpace.predefinedStartIndex: the predefined list is searched from here, and moves past
   * each pool handed out, so a freed (or failed) network's pool is not the next one given.
   */
  predefinedStart: number;
}

export const ERR_POOL_OVERLAP = 'Pool overlaps with other one on this address space';
export const ERR_NO_DEFAULT_POOL =
  'could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network';

/**
 * RequestPool. A requested subnet only has to avoid the other pools; a predefined one must also
 * avoid the host's routes (netutils.CheckRouteOverlaps).
 */
export function requestPool(
  space: AddressSpace,
  requested: Cidr | undefined,
  hostRoutes: readonly Cidr[],
): Pool | string {
  if (requested !== undefined) {
    const subnet = networkOf(requested);
    if (space.pools.some((p) => overlaps(p.subnet, subnet))) return ERR_POOL_OVERLAP;
    return addPool(space, subnet);
  }
  const all = predefinedPools();
  const start = space.predefinedStart < all.length ? space.predefinedStart : 0;
  const rotated = [...all.slice(start), ...all.slice(0, start)];
  for (const [i, candidate] of rotated.entries()) {
    if (space.pools.some((p) => overlaps(p.subnet, candidate))) continue;
    if (hostRoutes.some((r) => overlaps(r, candidate))) continue;
    const next = start + i + 1;
    space.predefinedStart = next >= all.length ? 0 : next;
    return addPool(space, candidate);
  }
  return ERR_NO_DEFAULT_POOL;
}

function addPool(space: AddressSpace, subnet: Cidr): Pool {
  const pool: Pool = { subnet, allocated: new Set() };
  space.pools.push(pool);
  return pool;
}

export function releasePool(space: AddressSpace, pool: Pool): void {
  const i = space.pools.indexOf(pool);
  if (i >= 0) space.pools.splice(i, 1);
}

/** RequestAddress: the preferred address if free and inside, else the lowest free host address. */
export function requestAddress(pool: Pool, preferred?: number): number | string {
  const { addr, prefix } = pool.subnet;
  const size = 2 ** (32 - prefix);
  const first = addr + (prefix < 31 ? 1 : 0);
  const last = addr + size - 1 - (prefix < 31 ? 1 : 0);
  if (preferred !== undefined) {
    if (preferred < first || preferred > last)
      return `no available address: ${formatIpv4(preferred)} is out of the pool`;
    if (pool.allocated.has(preferred)) return `Address already in use`;
    pool.allocated.add(preferred);
    return preferred;
  }
  for (let a = first; a <= last; a++) {
    if (!pool.allocated.has(a)) {
      pool.allocated.add(a);
      return a >>> 0;
    }
  }
  return "no available IPv4 addresses on this network's address pools";
}

export function releaseAddress(pool: Pool, addr: number): void {
  pool.allocated.delete(addr);
}
