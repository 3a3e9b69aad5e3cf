import { describe, expect, it } from 'vitest';
import { newDevice, newVeth } from '../devices/device.ts';
import { formatIpv4, parseIpv4 } from '../packet/ipv4.ts';
import { parseRoute } from './parse.ts';
import { allRoutes, lookupRoute, type Route } from './table.ts';

function devs() {
  const lo = newDevice('loopback', 'lo', '00:00:00:00:00:00');
  lo.addrs.push({ addr: parseIpv4('127.0.0.1')!, len: 8 });
  const eth0 = newVeth('eth0', '02:00:00:00:00:02', { ns: 'x', name: 'peer' });
  eth0.up = true;
  eth0.addrs.push({ addr: parseIpv4('10.10.0.2')!, len: 24 });
  return [lo, eth0];
}

describe('routing', () => {
  it('derives local and connected routes from addresses and prefers the local table', () => {
    const routes = allRoutes(devs(), []);
    expect(lookupRoute(routes, parseIpv4('10.10.0.2')!)?.type).toBe('local');
    expect(lookupRoute(routes, parseIpv4('127.5.5.5')!)?.type).toBe('local');
    const c = lookupRoute(routes, parseIpv4('10.10.0.9')!);
    expect(c?.table).toBe('main');
    expect(c?.dev).toBe('eth0');
    expect(lookupRoute(routes, parseIpv4('8.8.8.8')!)).toBeUndefined();
  });
  it('parses via/default and picks the longest prefix', () => {
    const d = devs();
    const user: Route[] = [];
    for (const spec of ['default via 10.10.0.1', '10.20.0.0/16 via 10.10.0.254 metric 5']) {
      const r = parseRoute(spec.split(' '), d, user);
      if ('error' in r) throw new Error(r.error);
      user.push(r.route);
    }
    const routes = allRoutes(d, user);
    expect(formatIpv4(lookupRoute(routes, parseIpv4('10.20.1.1')!)!.via!)).toBe('10.10.0.254');
    expect(formatIpv4(lookupRoute(routes, parseIpv4('192.0.2.1')!)!.via!)).toBe('10.10.0.1');
  });
  it('refuses an unreachable gateway and a prefix with host bits', () => {
    expect(parseRoute(['default', 'via', '192.0.2.1'], devs(), [])).toEqual({
      error: 'Error: Nexthop has invalid gateway.',
    });
    expect('error' in parseRoute(['10.20.0.1/16', 'dev', 'eth0'], devs(), [])).toBe(true);
    expect('error' in parseRoute(['10.20.0.0/16', 'dev', 'nope'], devs(), [])).toBe(true);
  });
});
