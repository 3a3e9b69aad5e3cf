/**
 * kube-proxy's endpoint choice (`-m statistic --mode random --probability 0.5`) follows the
 * injected random source: the kernel compares a 31-bit random number with round(p * 2^31).
 * Not a recording (the kernel's choice is random); fixtures/own/20-kube-two-endpoints.json.
 */
import { describe, expect, it } from 'vitest';
import { traceScenario } from './index.ts';

const sc = JSON.parse(
  (
    import.meta.glob('./fixtures/own/20-kube-two-endpoints.json', {
      query: '?raw',
      import: 'default',
      eager: true,
    }) as Record<string, string>
  )['./fixtures/own/20-kube-two-endpoints.json']!,
) as unknown;

/** A random source that always answers `v`. */
const fixed = (v: number) => () => v;

describe('kube-proxy ClusterIP with two endpoints', () => {
  it('takes the first endpoint when the random number is under the probability', () => {
    const [client, self] = traceScenario(sc, { random: fixed(0.2) }).result.probes;
    expect(client!.delivered).toEqual(['ep1']);
    expect(client!.server.ep1).toMatchObject({ local: ['10.244.1.3', 8080] });
    // ep1 picked itself: its frame must leave by the port it came in, and hairpin mode is off.
    expect(self!.client).toEqual({ result: 'timeout' });
  });
  it('falls through to the second endpoint otherwise', () => {
    const [client, self] = traceScenario(sc, { random: fixed(0.7) }).result.probes;
    expect(client!.delivered).toEqual(['ep2']);
    expect(client!.hits.node!.some((h) => 'rule' in h && h.rule.includes('--probability'))).toBe(
      false,
    );
    expect(self!.client.result).toBe('connected');
    // ep1 -> service -> ep2: KUBE-SEP marks nothing (source is not the endpoint itself), no SNAT.
    expect(self!.server.ep2).toMatchObject({ peer: ['10.244.1.3', 40002] });
  });
});
