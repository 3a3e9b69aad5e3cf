/**
 * The engine against every committed kernel golden file (scenarios/*.expected.json). Runs on
 * any machine: no kernel needed. Until the engine's scenario runner exists this suite says so
 * loudly and skips (verify/engine.ts lists where it looks).
 */
import { describe, expect, it } from 'vitest';
import { diffResults, formatDifferences, judged } from './diff.ts';
import { loadEngine } from './engine.ts';
import { listScenarios, loadGolden, loadScenario } from './library.ts';

const engine = await loadEngine();
const files = listScenarios();
if ('missing' in engine) {
  const line = `!!! SKIPPED engine vs golden files: ${engine.missing}`;
  console.error(`\n${'!'.repeat(80)}\n${line}\n${'!'.repeat(80)}\n`);
}

describe('scenario library', () => {
  it('has a golden kernel recording beside every scenario', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) {
      const sc = loadScenario(f);
      const golden = loadGolden(f);
      expect(golden, `${f} has no .expected.json`).not.toBeNull();
      expect(golden!.scenario).toBe(sc.name);
      expect(golden!.probes.map((p) => p.name)).toEqual(sc.probes.map((p) => p.name));
      // a recording taken while something else moved is not a reference
      expect(golden!.noise ?? { hits: {}, conntrack: {} }).toEqual({ hits: {}, conntrack: {} });
    }
  });
});

describe.skipIf('missing' in engine)('engine vs kernel golden files', () => {
  it.each(files.map((f) => [f.replace(/.*scenarios\//, ''), f]))('%s', async (_name, f) => {
    if ('missing' in engine) return;
    const sc = loadScenario(f);
    const ds = diffResults(loadGolden(f)!, await engine.run(sc));
    const bad = judged(ds);
    expect(bad.length, `\n${formatDifferences(bad, 'golden', 'engine')}`).toBe(0);
  });
});
