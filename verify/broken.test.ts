/**
 * The harness must catch a broken engine. forward-before-routing.test.ts breaks the real engine;
 * the nat logic cannot be broken from outside (the first-packet rule lives inside the hook
 * runner), so here the bug's effect is applied to the kernel's own golden result, and the
 * diff must report it on a judged field.
 *
 * Bug: nat evaluated on every packet instead of a connection's first one (kernel-facts
 * §Packet path 5). In a TCP connect the client's ACK takes exactly the path its SYN took with
 * the same addresses and ports, so every nat chain entry the SYN made (rule or policy) is made
 * again by the ACK: one more packet of 52 bytes (20 IP + 32 TCP with timestamps) per entry.
 * (The bug would also run the reply SYN-ACK through nat; that part is not simulated.)
 */
import { describe, expect, it } from 'vitest';
import { diffResults, formatDifferences, judged } from './diff.ts';
import type { ScenarioResult } from './format.ts';
import { listScenarios, loadGolden } from './library.ts';

const ACK_BYTES = 52;

function natOnEveryPacket(r: ScenarioResult): ScenarioResult {
  const out = structuredClone(r);
  for (const p of out.probes) {
    if (p.proto !== 'tcp' || p.client.result !== 'connected') continue;
    for (const hits of Object.values(p.hits))
      for (const h of hits)
        if (h.table === 'nat') {
          h.pkts += 1;
          h.bytes += ACK_BYTES;
        }
  }
  return out;
}

const goldens = listScenarios().map((f) => ({ f, r: loadGolden(f)! }));

describe('a broken engine is caught', () => {
  it('nat on every packet: the DNAT and MASQUERADE rules of 27-nat-first-packet count 2', () => {
    const golden = goldens.find((g) => g.f.endsWith('27-nat-first-packet.json'))!.r;
    const ds = judged(diffResults(golden, natOnEveryPacket(golden)));
    const text = formatDifferences(ds);
    expect(text).toContain("probe 1 'a1->10.20.0.100:80 tcp (DNAT to b1, MASQUERADE)':");
    expect(ds.map((d) => [d.field, d.what, d.kernel, d.engine])).toEqual([
      ['hits.host', 'nat PREROUTING #1 -A PREROUTING -d 10.20.0.100/32 -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.20.0.2:80: pkts', 1, 2], // prettier-ignore
      ['hits.host', 'nat POSTROUTING #1 -A POSTROUTING -o br20 -j MASQUERADE: pkts', 1, 2],
    ]);
  });

  it('nat on every packet is caught in every library scenario where a connection meets nat', () => {
    const affected = goldens.filter(({ r }) =>
      r.probes.some(
        (p) =>
          p.proto === 'tcp' &&
          p.client.result === 'connected' &&
          Object.values(p.hits).some((hs) => hs.some((h) => h.table === 'nat')),
      ),
    );
    expect(affected.length).toBeGreaterThanOrEqual(8);
    for (const { f, r } of affected)
      expect(judged(diffResults(r, natOnEveryPacket(r))).length, f).toBeGreaterThan(0);
  });

  it('an unchanged result passes (the check is not vacuous)', () => {
    for (const { r } of goldens) expect(diffResults(r, structuredClone(r))).toEqual([]);
  });
});
