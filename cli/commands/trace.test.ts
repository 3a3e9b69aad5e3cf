import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';

function io() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (s: string) => (out.stdout += s),
      stderr: (s: string) => (out.stderr += s),
      readStdin: async () => '',
    },
  };
}

const dir = mkdtempSync(join(tmpdir(), 'pp-trace-'));
function file(name: string, json: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof json === 'string' ? json : JSON.stringify(json));
  return p;
}

const good = {
  name: 'two',
  namespaces: { a: {}, b: {} },
  links: [
    {
      a: { ns: 'a', name: 'eth0', addrs: ['192.0.2.1/24'] },
      b: { ns: 'b', name: 'eth0', addrs: ['192.0.2.2/24'] },
    },
  ],
  probes: [{ name: 'a->b', from: 'a', proto: 'tcp', dst: '192.0.2.2', dport: 80 }],
};

async function trace(...args: string[]) {
  const { out, io: cio } = io();
  const code = await main(['trace', ...args], cio);
  return { code, ...out };
}

describe('packetpath trace', () => {
  it('prints the result in scenario-format shape, deterministically', async () => {
    const f = file('good.json', good);
    const a = await trace(f);
    expect(a.code).toBe(0);
    const r = JSON.parse(a.stdout);
    expect(r.scenario).toBe('two');
    expect(r.probes[0].client).toEqual({
      result: 'connected',
      local: ['192.0.2.1', 40001],
      peer: ['192.0.2.2', 80],
    });
    expect(r.probes[0].delivered).toEqual(['b']);
    expect((await trace(f)).stdout).toBe(a.stdout);
    const t = JSON.parse((await trace(f, '--trace')).stdout);
    expect(t.probes[0].trace.some((e: { type: string }) => e.type === 'route')).toBe(true);
  });
  it.each([
    [
      'unknown namespace',
      { ...good, links: [{ ...good.links[0], b: { ns: 'zz', name: 'eth0' } }] },
      /links\[0\]\.b\.ns: unknown namespace "zz"/,
    ],
    [
      'bad address',
      {
        ...good,
        namespaces: { a: {}, b: { dummies: [{ name: 'd0', addrs: ['10.0.0.300/24'] }] } },
      },
      /namespaces\.b\.dummies\[0\]\.addrs\[0\]: invalid address/,
    ],
    [
      'unreachable gateway',
      { ...good, namespaces: { a: { routes: ['default via 203.0.113.1'] }, b: {} } },
      /namespaces\.a\.routes\[0\]: Error: Nexthop has invalid gateway\./,
    ],
    [
      'malformed rule',
      {
        ...good,
        namespaces: { a: { iptables: ['*filter', '-A INPUT --bogus', 'COMMIT'] }, b: {} },
      },
      /namespaces\.a\.iptables: /,
    ],
    [
      'bad probe',
      { ...good, probes: [{ from: 'a', proto: 'sctp', dst: '192.0.2.2' }] },
      /probes\[0\]\.proto: "sctp" is not tcp, udp or icmp/,
    ],
  ])('a bad scenario (%s) is one line naming the field, exit 2', async (_what, json, re) => {
    const r = await trace(file('bad.json', json));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(re);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('rejects unreadable or non-JSON input and missing arguments with exit 2', async () => {
    expect((await trace(join(dir, 'nope.json'))).code).toBe(2);
    expect((await trace(file('x.json', '{'))).stderr).toMatch(/not valid JSON/);
    expect((await trace()).code).toBe(2);
  });
});
