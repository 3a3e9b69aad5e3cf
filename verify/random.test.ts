/**
 * Random differential testing on the real kernel: RUNS seeded random scenarios
 * (verify/random.ts) are recorded on namespaces and compared with the engine on every judged
 * field. A failure is shrunk by fast-check to a minimal scenario, which is saved with its
 * kernel recording under scenarios/found/ as a new golden test. While the engine has no
 * scenario runner, each case is recorded twice and the two kernel runs must agree (the
 * harness must be deterministic for golden files to mean anything).
 * VERIFY_SEED and VERIFY_RANDOM_RUNS override the seed and the number of cases.
 */
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { diffResults, formatDifferences, judged, type Difference } from './diff.ts';
import { loadEngine } from './engine.ts';
import type { Scenario, ScenarioResult } from './format.ts';
import { liveKernelAvailable } from './gate.ts';
import { recordScenario } from './kernel.ts';
import { TooLoadedError } from './late.ts';
import { listScenarios, loadScenario, SCENARIO_DIR, serialize } from './library.ts';
import { caseArbitrary, toScenario, type CaseGen } from './random.ts';
import { emergencyCleanup } from './shell.ts';

// A fixed seed keeps CI reproducible; VERIFY_SEED=random explores new cases (the seed is printed).
const SEED =
  process.env.VERIFY_SEED === 'random'
    ? Math.floor(Math.random() * 2 ** 31)
    : Number(process.env.VERIFY_SEED ?? 20261126);
const RUNS = Number(process.env.VERIFY_RANDOM_RUNS ?? 200);
const PARALLEL = 10;
/** Kernel runs allowed while shrinking: each costs seconds; the smallest failure so far wins. */
const SHRINK_BUDGET = 40;

const live = liveKernelAvailable('random kernel testing (verify/random.test.ts)');
const engine = await loadEngine();
const mode = 'missing' in engine ? 'kernel twice (no engine yet)' : 'kernel vs engine';
if (live && 'missing' in engine)
  console.error(`\n!!! random testing compares the kernel with itself: ${engine.missing}\n`);

// Bridges without multicast snooping send no IGMP reports: no settling wait (unicast is the
// same); no sniffers for TCP/UDP probes (`seen` is not judged): the cases stay cheap.
const record = (sc: Scenario) =>
  recordScenario(sc, { noiseMs: 0, quietBridges: true, seen: false });

interface Outcome {
  kernel: ScenarioResult;
  diffs: Difference[];
}

async function check(g: CaseGen, name: string): Promise<Outcome> {
  const sc = toScenario(g, name);
  if ('missing' in engine) {
    const [a, b] = await Promise.all([record(sc), record(sc)]);
    return { kernel: a, diffs: judged(diffResults(a, b)) };
  }
  const kernel = await record(sc);
  try {
    return { kernel, diffs: judged(diffResults(kernel, await engine.run(sc))) };
  } catch (e) {
    // an engine that throws on a valid scenario is a difference like any other
    const message = e instanceof Error ? e.message : String(e);
    const diff = { probe: 0, probeName: '', field: 'engine', what: 'threw', kernel: 'a result', engine: message, judged: true }; // prettier-ignore
    return { kernel, diffs: [diff] };
  }
}

/** Saves a shrunk failure as a golden test, unless the same scenario is already there. */
async function saveFound(g: CaseGen, kernel: ScenarioResult): Promise<string> {
  const dir = join(SCENARIO_DIR, 'found');
  mkdirSync(dir, { recursive: true });
  const body = (sc: Scenario) => JSON.stringify({ ...sc, name: '' });
  const known = listScenarios().find((f) => body(loadScenario(f)) === body(toScenario(g, '')));
  if (known) return `is already a golden test: ${known}`;
  const name = `random-${SEED}-${Date.now().toString(36)}`;
  writeFileSync(join(dir, `${name}.json`), await serialize(toScenario(g, name)));
  writeFileSync(join(dir, `${name}.expected.json`), await serialize({ ...kernel, scenario: name }));
  return `saved as scenarios/found/${name}.json (commit it as a golden test)`;
}

async function pool<T>(items: T[], n: number, work: (t: T, i: number) => Promise<void>) {
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < items.length; i = next++) await work(items[i]!, i);
  };
  await Promise.all(Array.from({ length: n }, lane));
}

describe.skipIf(!live)(`random scenarios on the kernel: ${mode}`, () => {
  const t0 = Date.now();
  afterAll(() => {
    emergencyCleanup();
    console.error(`random kernel testing: ${RUNS} cases, seed ${SEED}, ${((Date.now() - t0) / 1000).toFixed(0)}s`); // prettier-ignore
  });

  it(`${RUNS} cases (seed ${SEED}) agree on every judged field`, async () => {
    // fast-check draws the same values as fc.sample for the same seed: record them in
    // parallel first, then let fc.assert replay them from the cache and shrink live.
    const cache = new Map<string, Outcome>();
    const samples = fc.sample(caseArbitrary, { seed: SEED, numRuns: RUNS });
    await pool(samples, PARALLEL, async (g, i) => {
      cache.set(JSON.stringify(g), await check(g, `random-${SEED}-${i + 1}`));
    });
    console.error(`random kernel testing: ${RUNS} cases recorded in ${((Date.now() - t0) / 1000).toFixed(0)}s`); // prettier-ignore
    let live = 0;
    let unmeasured = 0;
    let smallest: { g: CaseGen; outcome: Outcome } | null = null;
    const property = fc.asyncProperty(caseArbitrary, async (g) => {
      let outcome = cache.get(JSON.stringify(g));
      if (!outcome) {
        if (live >= SHRINK_BUDGET) return true;
        live += 1;
        try {
          outcome = await check(g, `random-${SEED}-shrunk`);
        } catch (e) {
          // a shrink candidate the loaded machine could not measure is no counterexample;
          // the failing case that started the shrinking is still reported below
          if (!(e instanceof TooLoadedError)) throw e;
          unmeasured += 1;
          return true;
        }
      }
      if (outcome.diffs.length) smallest = { g, outcome };
      return outcome.diffs.length === 0;
    });
    const run = await fc.check(property, { seed: SEED, numRuns: RUNS });
    if (!run.failed) return;
    if (smallest === null) throw run.errorInstance ?? new Error(`fast-check failed: ${run.counterexample}`); // prettier-ignore
    const found: { g: CaseGen; outcome: Outcome } = smallest;
    const where = await saveFound(found.g, found.outcome.kernel);
    const skipped = unmeasured ? ` (${unmeasured} shrink candidate(s) not measured: machine too loaded)` : ''; // prettier-ignore
    expect.fail(
      `random case failed (${mode}); minimal scenario ${where}${skipped}\n` +
        formatDifferences(found.outcome.diffs, 'kernel', 'missing' in engine ? 'again' : 'engine'),
    );
  }, 1_200_000);
});
