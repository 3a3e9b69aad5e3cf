/**
 * The harness's view of the simulator: one function from a scenario to a result in
 * scenario-format shape. The engine is built in engine/ by another issue; this module finds
 * its entry point when it exists, so the harness does not depend on how the engine is laid out.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Scenario, ScenarioResult } from './format.ts';

export type EngineRunner = (scenario: Scenario) => ScenarioResult | Promise<ScenarioResult>;

/** Where the engine's scenario runner may live, and the names it may be exported as. */
const CANDIDATES = [
  '../engine/scenario/index.ts',
  '../engine/scenario/run.ts',
  '../engine/scenario/runScenario.ts',
  '../engine/scenario.ts',
];
const EXPORTS = ['runScenario', 'traceScenario', 'default'];

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

/** The engine's runner, or null (with the reason) when the engine has not landed yet. */
export async function loadEngine(): Promise<EngineHandle | { missing: string }> {
  for (const rel of CANDIDATES) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(fileURLToPath(url))) continue;
    const mod = (await import(url.href)) as Record<string, unknown>;
    for (const name of EXPORTS) {
      const fn = mod[name];
      if (typeof fn === 'function') {
        const run: EngineRunner = (sc) =>
          (fn as (s: Scenario, o: object) => ScenarioResult)(structuredClone(sc), {
            random: seededRandom(),
            now: 0,
          });
        return { run, module: rel };
      }
    }
  }
  return {
    missing: `no engine scenario runner yet (looked for ${EXPORTS.join('/')} in ${CANDIDATES.join(', ')})`,
  };
}
