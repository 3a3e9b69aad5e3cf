/**
 * The harness's view of the simulator: one function from a scenario to a result in
 * scenario-format shape. The engine is built in engine/ by another issue; this module finds
 * its entry point when it exists, so the harness does not depend on how the engine is laid out.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario, ScenarioResult } from './format.ts';

export type EngineRunner = (scenario: Scenario) => ScenarioResult | Promise<ScenarioResult>;

/** Where the engine's scenario runner may live. */
const CANDIDATES = ['../engine/scenario/index.ts', '../engine/scenario/run.ts'];

type AnyFn = (...args: unknown[]) => unknown;

/** The engine may return the result itself or a run record holding it (`{ result, traces }`). */
function unwrap(r: unknown): ScenarioResult {
  const o = r as { result?: ScenarioResult; probes?: unknown };
  return o.probes === undefined && o.result !== undefined ? o.result : (r as ScenarioResult);
}

/**
 * Adapts what a module exports to an EngineRunner: `traceScenario(scenario, opts)`, or
 * `runScenario(scenario, opts)`, or `runScenario(scenario, rulesIo, opts)` when the module
 * also exports the `rulesIo` (iptables-restore/iptables-save) it needs. Else why not.
 */
function adapt(mod: Record<string, unknown>): EngineRunner | string {
  const opts = () => ({ random: seededRandom(), now: 0 });
  const trace = mod.traceScenario as AnyFn | undefined;
  if (typeof trace === 'function') return (sc) => unwrap(trace(structuredClone(sc), opts()));
  const runFn = mod.runScenario as AnyFn | undefined;
  if (typeof runFn !== 'function') return 'exports no traceScenario or runScenario';
  const rules = mod.rulesIo ?? mod.defaultRulesIo;
  if (rules !== undefined) return (sc) => unwrap(runFn(structuredClone(sc), rules, opts()));
  if (runFn.length >= 2)
    return 'runScenario(scenario, rules, opts) needs a RulesIo and the module exports no `rulesIo`';
  return (sc) => unwrap(runFn(structuredClone(sc), opts()));
}

/** A fixed seed and clock so every run of the engine is byte-for-byte reproducible. */
export function seededRandom(seed = 0x5eed): () => number {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface EngineHandle {
  run: EngineRunner;
  module: string;
}

/** The engine's runner, or why there is none yet. */
export async function loadEngine(): Promise<EngineHandle | { missing: string }> {
  const reasons: string[] = [];
  for (const rel of CANDIDATES) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(fileURLToPath(url))) continue;
    const run = adapt((await import(url.href)) as Record<string, unknown>);
    if (typeof run === 'function') return { run, module: rel };
    reasons.push(`${rel}: ${run}`);
  }
  return {
    missing: reasons.length
      ? `no usable engine scenario runner (${reasons.join('; ')})`
      : `no engine scenario runner yet (looked in ${CANDIDATES.join(', ')})`,
  };
}
