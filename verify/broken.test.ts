/**
 * The harness must catch a broken engine, for real: this file replaces the engine's one
 * decision "does this packet go through the nat table?" (engine/nat/firstPacket.ts) with the
 * bug "nat on every packet" instead of a connection's first one (kernel-facts §Packet path 5),
 * runs the real engine on the library's scenarios and diffs it with the kernel recordings.
 * forward-before-routing.test.ts does the same for hook order.
 */
import { describe, expect, it, vi } from 'vitest';
import { diffResults, formatDifferences, judged } from './diff.ts';
import { loadEngine } from './engine.ts';
import type { ScenarioResult } from './format.ts';
import { listScenarios, loadGolden, loadScenario } from './library.ts';

type FirstPacketModule = typeof import('../engine/nat/firstPacket.ts');

vi.mock('../engine/nat/firstPacket.ts', async (importOriginal) => {
  const orig = await importOriginal<FirstPacketModule>();
  const natChainsRun: FirstPacketModule['natChainsRun'] = () => true;
  return { ...orig, natChainsRun };
});

const engine = await loadEngine();

/** A TCP connection that met a nat chain: where the bug must show. */
function connectsThroughNat(r: ScenarioResult): boolean {
  return r.probes.some(
    (p) =>
      p.proto === 'tcp' &&
      p.client.result === 'connected' &&
      Object.values(p.hits).some((hs) => hs.some((h) => h.table === 'nat')),
  );
}

describe.skipIf('missing' in engine)('a broken engine is caught: nat on every packet', () => {
  it('27-nat-first-packet: the DNAT and MASQUERADE rules count the ACK too', async () => {
    if ('missing' in engine) return;
    const file = listScenarios().find((f) => f.endsWith('27-nat-first-packet.json'))!;
    const ds = judged(diffResults(loadGolden(file)!, await engine.run(loadScenario(file))));
    const text = formatDifferences(ds);
    expect(text).toContain("probe 1 'a1->10.20.0.100:80 tcp (DNAT to b1, MASQUERADE)':");
    // The nat rules count more than the connection's first packet...
    const natRule = (what: string) =>
      ds.find((d) => d.probe === 1 && d.field === 'hits.host' && d.what.startsWith(what));
    for (const rule of ['nat PREROUTING #1 ', 'nat POSTROUTING #1 ']) {
      const d = natRule(rule)!;
      expect([d.kernel, (d.engine as number) > 1], rule).toEqual([1, true]);
    }
    // ...and re-running MASQUERADE on later packets breaks the connection the kernel made.
    expect(ds).toContainEqual(expect.objectContaining({ probe: 1, field: 'delivered', kernel: ['b1'], engine: [] })); // prettier-ignore
    // A second datagram of the same UDP flow must reuse the binding; the broken engine does not.
    expect(ds).toContainEqual(expect.objectContaining({ probe: 3, field: 'client.result', kernel: 'reply' })); // prettier-ignore
  });

  it('is caught in every library scenario where a connection meets nat', async () => {
    if ('missing' in engine) return;
    const affected = listScenarios()
      .map((f) => ({ f, golden: loadGolden(f) }))
      .filter((x): x is { f: string; golden: ScenarioResult } => x.golden !== null)
      .filter((x) => connectsThroughNat(x.golden));
    expect(affected.length).toBeGreaterThanOrEqual(8);
    for (const { f, golden } of affected) {
      const ds = judged(diffResults(golden, await engine.run(loadScenario(f))));
      expect(ds.length, f).toBeGreaterThan(0);
    }
  });
});
