import { describe, expect, it } from 'vitest';
import { seededRandom } from '../stack/world.ts';
import { createWorld, probe, traceScenario } from './index.ts';

const scenario = {
  name: 'api',
  namespaces: {
    r: { sysctls: { 'net.ipv4.ip_forward': 1 } },
    a: { routes: ['default via 10.1.0.1'] },
    b: { routes: ['default via 10.2.0.1'] },
  },
  links: [
    {
      a: { ns: 'r', name: 'eth0', addrs: ['10.1.0.1/24'] },
      b: { ns: 'a', name: 'eth0', addrs: ['10.1.0.2/24'] },
    },
    {
      a: { ns: 'r', name: 'eth1', addrs: ['10.2.0.1/24'] },
      b: { ns: 'b', name: 'eth0', addrs: ['10.2.0.2/24'] },
    },
  ],
  probes: [{ name: 'a->b', from: 'a', proto: 'tcp', dst: '10.2.0.2', dport: 80 }],
};

describe('public API', () => {
  it('traceScenario is deterministic for the same random source and clock', () => {
    const one = JSON.stringify(traceScenario(scenario, { random: seededRandom(3), now: 0 }).result);
    const two = JSON.stringify(traceScenario(scenario, { random: seededRandom(3), now: 0 }).result);
    expect(one).toBe(two);
  });
  it('lets a shell change the world between probes (sysctl, iptables, routes)', () => {
    const { world } = createWorld(scenario);
    const spec = { from: 'a', proto: 'icmp', dst: '10.2.0.2' };
    expect(probe(world, spec).result.client).toMatchObject({
      result: 'reply',
      reply_from: '10.2.0.2',
    });
    world.ns('r').sysctls.set('net.ipv4.ip_forward', '0');
    expect(probe(world, spec).result.client).toEqual({ result: 'timeout' });
    world.ns('r').sysctls.set('net.ipv4.ip_forward', '1');
    world.addRoute('b', ['10.9.0.0/16', 'via', '10.2.0.1']);
    const tcp = probe(world, {
      from: 'a',
      proto: 'tcp',
      dst: '10.2.0.2',
      dport: 22,
      listen: false,
    });
    expect(tcp.result.client).toEqual({ result: 'refused', errno: 'ECONNREFUSED' });
    expect(
      tcp.trace.some((e) => e.type === 'route' && e.ns === 'r' && e.result === 'forward'),
    ).toBe(true);
  });
  it('names the field of a bad probe', () => {
    const { world } = createWorld(scenario);
    expect(() => probe(world, { from: 'zz', proto: 'tcp', dst: '10.2.0.2', dport: 1 })).toThrow(
      'probe.from: unknown namespace "zz"',
    );
    expect(() => probe(world, { from: 'a', proto: 'tcp', dst: '10.2.0.2' })).toThrow(
      /probe\.dport/,
    );
  });
});
