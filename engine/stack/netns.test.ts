import { describe, expect, it } from 'vitest';
import { formatIpv4, parseIpv4 } from '../packet/ipv4.ts';
import { lookupRoute } from '../routing/table.ts';
import { World } from './world.ts';

const via = (w: World, dst: string) => {
  const r = lookupRoute(w.ns('a').routes(), parseIpv4(dst)!);
  return r && `${r.type} ${r.dev ?? ''}${r.via !== undefined ? ` via ${formatIpv4(r.via)}` : ''}`;
};

describe('the routes of a namespace follow every change', () => {
  it('addresses, link state, user routes, in place or replaced', () => {
    const w = new World();
    w.addNamespace('a');
    w.addNamespace('b');
    w.addVethPair({ ns: 'a', name: 'eth0' }, { ns: 'b', name: 'eth0' });
    const ns = w.ns('a');
    expect(ns.routes()).toBe(ns.routes());
    expect(via(w, '10.0.0.9')).toBeUndefined();
    w.addAddress('a', 'eth0', '10.0.0.1/24');
    expect(via(w, '10.0.0.9')).toBeUndefined(); // eth0 is down
    w.setUp('a', 'eth0', true);
    expect(via(w, '10.0.0.9')).toBe('unicast eth0');
    w.addRoute('a', ['default', 'via', '10.0.0.254']);
    expect(via(w, '192.0.2.1')).toBe('unicast eth0 via 10.0.0.254');
    ns.userRoutes.splice(0, 1);
    expect(via(w, '192.0.2.1')).toBeUndefined();
    ns.device('eth0')!.addrs[0] = { addr: parseIpv4('10.1.0.1')!, len: 24 };
    expect(via(w, '10.0.0.9')).toBeUndefined();
    expect(via(w, '10.1.0.9')).toBe('unicast eth0');
    expect(() => (ns.routes() as unknown[]).push(1)).toThrow();
  });
});
