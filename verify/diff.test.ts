import { describe, expect, it } from 'vitest';
import { diffResults, formatDifferences, judged } from './diff.ts';
import type { ProbeResult, ScenarioResult } from './format.ts';

function probe(over: Partial<ProbeResult> = {}): ProbeResult {
  return {
    name: 'a1->b1:80 tcp',
    from: 'a1',
    proto: 'tcp',
    dst: '10.20.0.2',
    dport: 80,
    sport: 40001,
    client: { result: 'connected', local: ['10.10.0.2', 40001], peer: ['10.20.0.2', 80] },
    server: { b1: { accepted: true, peer: ['10.10.0.2', 40001], local: ['10.20.0.2', 80] } },
    delivered: ['b1'],
    seen: {},
    conntrack: {
      host: [
        {
          proto: 'tcp',
          state: 'ESTABLISHED',
          mark: '0',
          orig: { src: '10.10.0.2', dst: '10.20.0.2', sport: 40001, dport: 80 },
          reply: { src: '10.20.0.2', dst: '10.10.0.2', sport: 80, dport: 40001 },
          flags: ['ASSURED'],
        },
      ],
    },
    hits: {
      host: [
        { table: 'filter', chain: 'FORWARD', policy: 'ACCEPT', pkts: 1, bytes: 60 },
        { table: 'filter', chain: 'FORWARD', index: 1, rule: '-A FORWARD -j ACCEPT', pkts: 3, bytes: 164 }, // prettier-ignore
      ],
    },
    ...over,
  };
}

const result = (...probes: ProbeResult[]): ScenarioResult => ({
  scenario: 't',
  namespaces: {},
  probes,
});

describe('diffResults', () => {
  it('finds nothing between equal results', () => {
    expect(diffResults(result(probe()), result(probe()))).toEqual([]);
  });

  it('judges client.result and errno, naming probe and field', () => {
    const e = probe({ client: { result: 'unreachable', errno: 'EHOSTUNREACH' } });
    const ds = diffResults(result(probe()), result(e));
    expect(ds.map((d) => [d.probe, d.field, d.kernel, d.engine, d.judged])).toContainEqual([
      1,
      'client.result',
      'connected',
      'unreachable',
      true,
    ]);
    expect(ds.find((d) => d.field === 'client.errno')?.engine).toBe('EHOSTUNREACH');
  });

  it('judges ICMP type and code; the error sender is a bonus field', () => {
    const k = probe({
      client: { result: 'icmp-error', type: 3, code: 0, error_from: '10.10.0.1' },
    });
    const e = probe({
      client: { result: 'icmp-error', type: 3, code: 1, error_from: '10.20.0.1' },
    });
    const ds = diffResults(result(k), result(e));
    expect(judged(ds).map((d) => d.field)).toEqual(['client.code']);
    expect(ds.find((d) => d.field === 'client.error_from')?.judged).toBe(false);
  });

  it('judges delivered regardless of order, and server peer/local', () => {
    const e = probe({
      delivered: ['c1'],
      server: { b1: { accepted: true, peer: ['10.20.0.1', 40001], local: ['10.20.0.2', 80] } },
    });
    const fields = judged(diffResults(result(probe()), result(e))).map((d) => d.field);
    expect(fields).toEqual(['delivered', 'server.b1.peer']);
    const sameSet = probe({ delivered: ['b1', 'a1'] });
    const other = probe({ delivered: ['a1', 'b1'] });
    expect(diffResults(result(sameSet), result(other))).toEqual([]);
  });

  it('compares hits as a set with pkts judged and bytes a bonus', () => {
    const k = probe();
    const reordered = probe({ hits: { host: [...k.hits.host!].reverse() } });
    expect(diffResults(result(k), result(reordered))).toEqual([]);
    const e = probe({
      hits: {
        host: [
          { table: 'filter', chain: 'FORWARD', policy: 'ACCEPT', pkts: 1, bytes: 52 },
          { table: 'filter', chain: 'FORWARD', index: 1, rule: '-A FORWARD -j ACCEPT', pkts: 2, bytes: 112 }, // prettier-ignore
          { table: 'nat', chain: 'PREROUTING', policy: 'ACCEPT', pkts: 1, bytes: 60 },
        ],
      },
    });
    const ds = diffResults(result(k), result(e));
    expect(ds.map((d) => [d.what, d.kernel, d.engine, d.judged])).toEqual([
      ['filter FORWARD policy ACCEPT: bytes', 60, 52, false],
      ['filter FORWARD #1 -A FORWARD -j ACCEPT: pkts', 3, 2, true],
      ['nat PREROUTING policy ACCEPT: pkts', undefined, 1, true],
    ]);
  });

  it('reports conntrack entries only one side has', () => {
    const e = probe({ conntrack: {} });
    const ds = diffResults(result(probe()), result(e));
    expect(ds).toHaveLength(1);
    expect(ds[0]!.field).toBe('conntrack.host');
    expect(String(ds[0]!.kernel)).toContain('tcp ESTABLISHED src=10.10.0.2');
    expect(ds[0]!.engine).toBeUndefined();
  });

  it('names the field when both sides have the same connection', () => {
    const k = probe();
    const e = probe();
    e.conntrack.host![0] = { ...e.conntrack.host![0]!, flags: undefined, state: 'SYN_RECV' };
    const ds = diffResults(result(k), result(e));
    expect(ds.map((d) => [d.field, d.what, d.kernel, d.engine])).toEqual([
      ['conntrack.host', 'tcp 10.10.0.2->10.20.0.2 40001->80: state', 'ESTABLISHED', 'SYN_RECV'],
      ['conntrack.host', 'tcp 10.10.0.2->10.20.0.2 40001->80: flags', ['ASSURED'], undefined],
    ]);
  });

  it('reports a different number of probes and mismatched names', () => {
    const renamed = probe({ name: 'other' });
    const ds = diffResults(result(probe(), probe()), result(renamed));
    expect(ds.map((d) => d.field)).toEqual(['probes', 'name']);
  });

  it('formats differences for a person: probe, field, kernel and engine', () => {
    const e = probe({ client: { result: 'timeout' }, delivered: [] });
    const text = formatDifferences(diffResults(result(probe()), result(e)));
    expect(text).toContain("probe 1 'a1->b1:80 tcp':");
    expect(text).toContain('client.result');
    expect(text).toMatch(/kernel: connected\n\s+engine: timeout/);
    expect(text).toMatch(/delivered\n\s+kernel: \["b1"\]\n\s+engine: \[\]/);
  });
});
