/**
 * The verification command shared by `npm run verify:kernel` and `packetpath verify`:
 * record each scenario on the real kernel, compare it with its golden file and with the
 * engine, print the differences, and say whether anything judged differs.
 */
import { writeFileSync } from 'node:fs';
import { diffResults, formatDifferences, judged } from './diff.ts';
import { loadEngine, type EngineHandle } from './engine.ts';
import type { Scenario, ScenarioResult } from './format.ts';
import { recordScenario } from './kernel.ts';
import { TooLoadedError } from './late.ts';
import { goldenPath, listScenarios, loadGolden, loadScenario, serialize } from './library.ts';
import { cleanupLeftovers } from './netns.ts';
import { installCleanupHandlers } from './shell.ts';
import { kernelProblems } from './tools.ts';

export class VerifyUsageError extends Error {
  override name = 'VerifyUsageError';
}

export interface VerifyOptions {
  scenarios: string[];
  /** Write the kernel's result as the scenario's golden file. */
  record: boolean;
  /** Skip the kernel: compare the engine with the golden files only. */
  goldenOnly: boolean;
  /** Skip the engine: compare the kernel with the golden files only. */
  noEngine: boolean;
  cleanup: boolean;
}

export const USAGE = `Usage: verify [--record] [--golden-only | --no-engine] [SCENARIO.json…]
       verify --cleanup

Builds each scenario (default: every file in scenarios/) from real network namespaces,
runs its probes, and compares the kernel's result field by field with the committed
golden file (SCENARIO.expected.json) and with the engine. Exit 1 on any judged difference.

  --record       write the kernel's result as SCENARIO.expected.json (new or changed scenario)
  --golden-only  no kernel: compare the engine with the golden files (any machine)
  --no-engine    compare the kernel with the golden files only
  --cleanup      delete namespaces (pp-<pid>-…) left by a run that was killed`;

export function parseArgs(args: string[]): VerifyOptions {
  const o: VerifyOptions = { scenarios: [], record: false, goldenOnly: false, noEngine: false, cleanup: false }; // prettier-ignore
  for (const a of args) {
    if (a === '--record') o.record = true;
    else if (a === '--golden-only') o.goldenOnly = true;
    else if (a === '--no-engine') o.noEngine = true;
    else if (a === '--cleanup') o.cleanup = true;
    else if (a.startsWith('-')) throw new VerifyUsageError(`unknown option '${a}'\n${USAGE}`);
    else o.scenarios.push(a);
  }
  if (o.goldenOnly && (o.noEngine || o.record))
    throw new VerifyUsageError('--golden-only runs no kernel: it cannot --record or --no-engine');
  return o;
}

type Print = (text: string) => void;

function compare(
  a: ScenarioResult,
  b: ScenarioResult,
  labels: [string, string],
  out: Print,
): boolean {
  const ds = diffResults(a, b);
  const bad = judged(ds).length;
  const bonus = ds.length - bad;
  const status = bad ? `DIFFERENT: ${bad} judged difference(s)` : 'same on every judged field';
  out(`  ${labels[0]} vs ${labels[1]}: ${status}${bonus ? ` (+${bonus} bonus)` : ''}\n`);
  if (ds.length) out(`${formatDifferences(ds, labels[0], labels[1]).replace(/^/gm, '    ')}\n`);
  return bad === 0;
}

/** The kernel's recording, or null when every attempt was late (said in the output). */
async function recordKernel(sc: Scenario, out: Print): Promise<ScenarioResult | null> {
  const t0 = Date.now();
  try {
    const kernel = await recordScenario(sc, {
      onProbe: (n, c, d) => out(`  kernel: ${n}: ${c}, delivered [${d.join(', ')}]\n`),
      onRerun: (n, of, why) =>
        out(`  kernel: LATE (machine too loaded), recording again from fresh namespaces, attempt ${n} of ${of}:\n    ${why}\n`), // prettier-ignore
    });
    out(`  recorded in ${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
    return kernel;
  } catch (e) {
    // a late measurement is never compared, nor written as a golden file
    if (!(e instanceof TooLoadedError)) throw e;
    out(`  kernel: NOT MEASURED: ${e.message.replace(/\n/g, '\n  ')}\n`);
    return null;
  }
}

/** 'unmeasured': every kernel recording was late; nothing was compared or written. */
type Outcome = 'ok' | 'different' | 'unmeasured';

async function verifyOne(
  path: string,
  o: VerifyOptions,
  engine: EngineHandle | null,
  out: Print,
): Promise<Outcome> {
  const sc = loadScenario(path);
  const golden = loadGolden(path);
  out(`== ${sc.name} (${path})\n`);
  let ok = true;
  let kernel: ScenarioResult | null = null;
  if (!o.goldenOnly) {
    kernel = await recordKernel(sc, out);
    if (kernel === null) return 'unmeasured';
    if (o.record) {
      writeFileSync(goldenPath(path), await serialize(kernel));
      out(`  wrote ${goldenPath(path)}\n`);
    } else if (golden) ok = compare(kernel, golden, ['kernel', 'golden'], out) && ok;
    else out(`  no golden file yet (run with --record to write ${goldenPath(path)})\n`);
  }
  const reference = kernel ?? golden;
  if (engine && reference) {
    const label = kernel ? 'kernel' : 'golden';
    try {
      ok = compare(reference, await engine.run(sc), [label, 'engine'], out) && ok;
    } catch (e) {
      // the engine failing on a scenario the kernel ran is a difference, not the end of the run
      out(`  ${label} vs engine: DIFFERENT: the engine threw: ${e instanceof Error ? e.message : String(e)}\n`); // prettier-ignore
      ok = false;
    }
  } else if (!reference) {
    out('  nothing to compare the engine with: no golden file and no kernel run\n');
    ok = false;
  }
  return ok ? 'ok' : 'different';
}

/** Runs the command; returns the exit code (0 same, 1 judged differences or failure). */
export async function runVerify(args: string[], out: Print, err: Print): Promise<number> {
  const o = parseArgs(args);
  if (!o.goldenOnly || o.cleanup) {
    const problems = kernelProblems();
    if (problems.length)
      throw new VerifyUsageError(
        `the kernel side needs ${problems.join(', ')} (or use --golden-only)`,
      );
  }
  if (o.cleanup) {
    const { removed, kept } = await cleanupLeftovers();
    out(`removed ${removed.length} leftover namespace(s)${removed.length ? `: ${removed.join(' ')}` : ''}\n`); // prettier-ignore
    if (kept.length) out(`kept ${kept.length} of runs still alive: ${kept.join(' ')}\n`);
    return 0;
  }
  installCleanupHandlers();
  let engine: EngineHandle | null = null;
  if (!o.noEngine) {
    const e = await loadEngine();
    if ('missing' in e) err(`verify: !!! engine not compared: ${e.missing}\n`);
    else engine = e;
  }
  // a golden file stands for its scenario (so `scenarios/*.json` works as a glob)
  const named = o.scenarios.map((f) => f.replace(/\.expected\.json$/, '.json'));
  const files = named.length ? [...new Set(named)] : listScenarios();
  const outcomes: Outcome[] = [];
  for (const f of files) outcomes.push(await verifyOne(f, o, engine, out));
  const failed = outcomes.filter((x) => x !== 'ok').length;
  const unmeasured = outcomes.filter((x) => x === 'unmeasured').length;
  if (o.record) out(`\nrecorded ${files.length - unmeasured} scenario(s)\n`);
  else out(`\n${files.length - failed}/${files.length} scenario(s) agree on every judged field\n`);
  if (unmeasured)
    err(`verify: FAILED: ${unmeasured} scenario(s) not measured: the machine was too loaded (see above)\n`); // prettier-ignore
  if (!o.noEngine && !engine) {
    err('verify: FAILED: the engine could not be compared (see above); --no-engine skips it\n');
    return 1;
  }
  return failed ? 1 : 0;
}
