import { describe, expect, it } from 'vitest';
import { IPPROTO } from '../netfilter/packetMeta.ts';
import type { Ruleset } from '../netfilter/model.ts';
import { runScenario } from '../scenario/run.ts';
import { ruleset } from './testRules.ts';

/** Two bridges on a router, as recording 01; `rules` replaces its iptables. */
function twoBridges(sysctls: Record<string, number>, probes: unknown[], hairpin = false) {
  return {
    name: 't',
    namespaces: {
      host: {
        sysctls,
        bridges: [
          { name: 'br10', addrs: ['10.10.0.1/24'] },
          { name: 'br20', addrs: ['10.20.0.1/24'] },
        ],
        iptables: ['x'],
      },
      a1: { routes: ['default via 10.10.0.1'] },
      a2: { routes: ['default via 10.10.0.1'] },
      b1: { routes: ['default via 10.20.0.1'] },
    },
    links: [
      {
        a: { ns: 'host', name: 'veth-a1', master: 'br10' },
        b: { ns: 'a1', name: 'eth0', addrs: ['10.10.0.2/24'] },
        hairpin,
      },
      {
        a: { ns: 'host', name: 'veth-a2', master: 'br10' },
        b: { ns: 'a2', name: 'eth0', addrs: ['10.10.0.3/24'] },
      },
      {
        a: { ns: 'host', name: 'veth-b1', master: 'br20' },
        b: { ns: 'b1', name: 'eth0', addrs: ['10.20.0.2/24'] },
      },
    ],
    probes,
  };
}

function run(sc: unknown, rs: Ruleset) {
  return runScenario(sc, { restore: () => ({ ruleset: rs }), save: () => [] }).result.probes;
}

const tcp = (from: string, dst: string, dport: number, extra = {}) => ({
  name: `${from}->${dst}:${dport}`,
  from,
  proto: 'tcp',
  dst,
  dport,
  ...extra,
});
const acct = () =>
  ruleset({
    filter: {
      chains: {
        FORWARD: [
          { i: 'br10', o: 'br20', j: { kind: 'ACCEPT' } },
          { i: 'br10', o: 'br10', j: { kind: 'ACCEPT' } },
        ],
      },
    },
  });

describe('packet path (kernel-facts §Packet path)', () => {
  it('§3: ip_forward=0 drops routed packets silently, with no FORWARD counters; local addresses stay reachable', () => {
    const [routed, weak] = run(
      twoBridges({ 'net.ipv4.ip_forward': 0 }, [
        tcp('a1', '10.20.0.2', 80),
        tcp('a1', '10.20.0.1', 22),
      ]),
      acct(),
    );
    expect(routed!.client).toEqual({ result: 'timeout' });
    expect(routed!.hits).toEqual({});
    expect(weak!.client.result).toBe('connected');
  });
  it('§1: with bridge-nf-call-iptables=1 same-bridge traffic crosses FORWARD as -i br10 -o br10 even with ip_forward=0; with 0 it does not', () => {
    const on = run(
      twoBridges({ 'net.ipv4.ip_forward': 0 }, [tcp('a1', '10.10.0.3', 80)]),
      acct(),
    )[0]!;
    expect(on.client.result).toBe('connected');
    expect(on.hits.host).toEqual([
      expect.objectContaining({ chain: 'FORWARD', index: 2, pkts: 3, bytes: 172 }),
    ]);
    const off = run(
      twoBridges({ 'net.bridge.bridge-nf-call-iptables': 0 }, [tcp('a1', '10.10.0.3', 80)]),
      acct(),
    )[0]!;
    expect(off.client.result).toBe('connected');
    expect(off.hits).toEqual({});
  });
  it('§6: plain filter rules leave conntrack off; a ct match turns it on', () => {
    const plain = run(
      twoBridges({ 'net.ipv4.ip_forward': 1 }, [tcp('a1', '10.20.0.2', 80)]),
      acct(),
    )[0]!;
    expect(plain.conntrack).toEqual({});
    const ct = ruleset({
      filter: {
        chains: {
          FORWARD: [
            {
              matches: [{ name: 'state', states: { values: ['ESTABLISHED'], invert: false } }],
              j: { kind: 'ACCEPT' },
            },
          ],
        },
      },
    });
    const tracked = run(
      twoBridges({ 'net.ipv4.ip_forward': 1 }, [tcp('a1', '10.20.0.2', 80)]),
      ct,
    )[0]!;
    expect(tracked.conntrack.host?.[0]).toMatchObject({
      proto: 'tcp',
      state: 'ESTABLISHED',
      flags: ['ASSURED'],
    });
    expect(tracked.hits.host).toEqual([
      expect.objectContaining({ policy: 'ACCEPT', pkts: 1 }),
      expect.objectContaining({ index: 1, pkts: 2 }),
    ]);
  });
  it('§7: REJECT tcp-reset in FORWARD for a bridged-in packet skips OUTPUT; an ICMP reject quotes the decremented TTL', () => {
    const rs = ruleset({
      filter: {
        chains: {
          FORWARD: [
            { p: IPPROTO.TCP, j: { kind: 'REJECT', with: 'tcp-reset' } },
            { p: IPPROTO.UDP, j: { kind: 'REJECT', with: 'icmp-host-prohibited' } },
          ],
          OUTPUT: [{ j: { kind: 'none' } }],
        },
      },
    });
    const udp = { name: 'u', from: 'a1', proto: 'udp', dst: '10.20.0.2', dport: 53 };
    const [rst, icmp] = run(
      twoBridges({ 'net.ipv4.ip_forward': 1 }, [tcp('a1', '10.20.0.2', 80), udp]),
      rs,
    );
    expect(rst!.client).toEqual({ result: 'refused', errno: 'ECONNREFUSED' });
    expect(rst!.hits.host!.map((h) => h.chain)).toEqual(['FORWARD']);
    expect(icmp!.client).toMatchObject({ result: 'unreachable', errno: 'EHOSTUNREACH' });
    // iptables-save order: the OUTPUT policy line, then the FORWARD and OUTPUT rules.
    expect(icmp!.hits.host!.map((h) => h.chain)).toEqual(['OUTPUT', 'FORWARD', 'OUTPUT']);
    expect((icmp!.seen.a1![0]!.quoted as { ttl: number }).ttl).toBe(63);
  });
  it('§4: no route while forwarding answers net-unreachable from the ingress address', () => {
    const p = run(
      twoBridges({ 'net.ipv4.ip_forward': 1 }, [
        { name: 'i', from: 'a1', proto: 'icmp', dst: '10.30.0.5' },
      ]),
      acct(),
    )[0]!;
    expect(p.client).toMatchObject({
      result: 'icmp-error',
      error_from: '10.10.0.1',
      type: 3,
      code: 0,
    });
  });
  it('§5/§11: DNAT binds on the first packet only; replies are un-NATed; SNAT keeps the port', () => {
    const rs = ruleset({
      nat: {
        chains: {
          PREROUTING: [
            {
              d: '10.10.0.1',
              p: IPPROTO.TCP,
              j: {
                kind: 'DNAT',
                range: { minIp: 0x0a140002, minPort: 80 },
                random: false,
                persistent: false,
                randomFully: false,
              },
            },
          ],
          POSTROUTING: [
            { o: 'br20', j: { kind: 'MASQUERADE', random: false, randomFully: false } },
          ],
        },
      },
    });
    const p = run(
      twoBridges({ 'net.ipv4.ip_forward': 1 }, [
        tcp('a1', '10.10.0.1', 8080, { listen: { ns: 'b1', port: 80 } }),
      ]),
      rs,
    )[0]!;
    expect(p.client).toMatchObject({ result: 'connected', peer: ['10.10.0.1', 8080] });
    expect(p.server.b1).toMatchObject({ peer: ['10.20.0.1', 40001], local: ['10.20.0.2', 80] });
    expect(p.hits.host!.filter((h) => 'index' in h).map((h) => [h.chain, h.pkts])).toEqual([
      ['PREROUTING', 1],
      ['POSTROUTING', 1],
    ]);
  });
});

describe('rp_filter', () => {
  it('strict mode drops a packet whose source routes back through another interface', () => {
    const sc = twoBridges({ 'net.ipv4.ip_forward': 1, 'net.ipv4.conf.all.rp_filter': 1 }, [
      tcp('a1', '10.20.0.2', 80),
    ]);
    // b1 sends replies to 10.10.0.0/24 via br20's side: fine. Make the host route 10.10.0.2 elsewhere.
    (sc.namespaces.host as { routes?: string[] }).routes = ['10.10.0.2/32 dev br20'];
    const p = run(sc, acct())[0]!;
    expect(p.client.result).toBe('timeout');
    expect(p.hits).toEqual({});
  });
});
