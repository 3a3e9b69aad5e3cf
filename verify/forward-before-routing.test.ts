/**
 * A genuinely broken engine must be caught: this file swaps the engine's hook runner
 * (engine/stack/hook.ts) for one that runs the FORWARD chain without knowing the output
 * interface, which is what "FORWARD before the routing decision" (the guide's wrong diagram,
 * kernel-facts §Packet path 2) means for a routed packet: `-o` can never match. Bridged
 * frames keep their -o (the bridge decided it). The diff against the kernel must flag it.
 */
import { describe, expect, it, vi } from 'vitest';
import { diffResults, formatDifferences, judged } from './diff.ts';
import { loadEngine } from './engine.ts';
import { SCENARIO_DIR, loadGolden, loadScenario } from './library.ts';

type HookModule = typeof import('../engine/stack/hook.ts');

vi.mock('../engine/stack/hook.ts', async (importOriginal) => {
  const orig = await importOriginal<HookModule>();
  const runHook: HookModule['runHook'] = (w, ns, hook, skb, io) =>
    orig.runHook(w, ns, hook, skb, hook === 'FORWARD' && !io.bridged ? { ...io, out: undefined } : io); // prettier-ignore
  return { ...orig, runHook };
});

const engine = await loadEngine();

describe.skipIf('missing' in engine)('a broken engine is caught: FORWARD before routing', () => {
  it('23-forward-after-routing: the -o br20 ACCEPT cannot match, the kernel connects', async () => {
    if ('missing' in engine) return;
    const file = `${SCENARIO_DIR}23-forward-after-routing.json`;
    const ds = judged(diffResults(loadGolden(file)!, await engine.run(loadScenario(file))));
    const text = formatDifferences(ds);
    expect(text).toContain("probe 1 'a1->c1:8080 tcp (DNAT to b1:80, FORWARD sees -o br20)':");
    expect(ds).toContainEqual(expect.objectContaining({ probe: 1, field: 'client.result', kernel: 'connected', engine: 'timeout' })); // prettier-ignore
    expect(ds).toContainEqual(expect.objectContaining({ probe: 1, field: 'delivered', kernel: ['b1'], engine: [] })); // prettier-ignore
  });
});
