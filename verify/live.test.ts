/**
 * Live kernel verification: as root with ip, iptables and conntrack, every library scenario
 * is re-recorded on real namespaces and must agree with its golden file and with the engine.
 * Missing tools skip the suite with a loud line naming the apt package; under CI=true they
 * fail it (scripts/system-tools.mjs).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffResults, formatDifferences, judged } from './diff.ts';
import { loadEngine } from './engine.ts';
import type { ScenarioResult } from './format.ts';
import { recordScenario } from './kernel.ts';
import { listScenarios, loadGolden, loadScenario } from './library.ts';
import { emergencyCleanup } from './shell.ts';
import { liveKernelAvailable } from './gate.ts';

const live = liveKernelAvailable('live kernel verification (verify/live.test.ts)');

const files = listScenarios();
const engine = await loadEngine();
if (live && 'missing' in engine)
  console.error(`\n!!! live kernel verification: engine not compared: ${engine.missing}\n`);
/** Scenarios recorded at once: namespaces are independent, the time is mostly waiting. */
const PARALLEL = 3;
const recorded = new Map<string, ScenarioResult | Error>();

async function recordAll(): Promise<void> {
  const queue = [...files];
  const lane = async () => {
    for (let f = queue.shift(); f !== undefined; f = queue.shift()) {
      try {
        recorded.set(f, await recordScenario(loadScenario(f)));
      } catch (e) {
        recorded.set(f, e instanceof Error ? e : new Error(String(e)));
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, lane));
}

function kernelResult(f: string): ScenarioResult {
  const r = recorded.get(f);
  if (r === undefined) throw new Error(`${f} was not recorded`);
  if (r instanceof Error) throw r;
  return r;
}

const names = files.map((f) => [f.replace(/.*scenarios\//, ''), f]);

describe.skipIf(!live)('live kernel verification', () => {
  let started = 0;
  beforeAll(async () => {
    started = Date.now();
    await recordAll();
  }, 600_000);
  afterAll(() => {
    emergencyCleanup();
    console.error(`live kernel verification: ${files.length} scenarios recorded in ${((Date.now() - started) / 1000).toFixed(0)}s`); // prettier-ignore
  });

  it.each(names)('kernel agrees with the golden file: %s', (_n, f) => {
    const ds = judged(diffResults(loadGolden(f)!, kernelResult(f)));
    expect(ds.length, `\n${formatDifferences(ds, 'golden', 'kernel')}`).toBe(0);
  });

  describe.skipIf('missing' in engine)('engine', () => {
    it.each(names)('engine agrees with the kernel: %s', async (_n, f) => {
      if ('missing' in engine) return;
      const ds = judged(diffResults(kernelResult(f), await engine.run(loadScenario(f))));
      expect(ds.length, `\n${formatDifferences(ds, 'kernel', 'engine')}`).toBe(0);
    });
  });
});
