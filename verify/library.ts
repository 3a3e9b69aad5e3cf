/**
 * The project's scenario library: `scenarios/NN-name.json` beside its golden kernel result
 * `scenarios/NN-name.expected.json` (and shrunk random failures under scenarios/found/).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Scenario, ScenarioResult } from './format.ts';
import { ScenarioError, validateScenario } from './validate.ts';

export const SCENARIO_DIR = fileURLToPath(new URL('../scenarios/', import.meta.url));

export function goldenPath(scenarioPath: string): string {
  return scenarioPath.replace(/\.json$/, '.expected.json');
}

/** Every scenario file of the library (not the golden files), sorted, found/ last. */
export function listScenarios(dir = SCENARIO_DIR): string[] {
  const pick = (d: string) =>
    existsSync(d)
      ? readdirSync(d)
          .filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'))
          .sort()
          .map((f) => join(d, f))
      : [];
  return [...pick(dir), ...pick(join(dir, 'found'))];
}

export function loadScenario(path: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ScenarioError(`${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return validateScenario(raw);
  } catch (e) {
    if (e instanceof ScenarioError) throw new ScenarioError(`${path}: ${e.message}`);
    throw e;
  }
}

export function loadGolden(scenarioPath: string): ScenarioResult | null {
  const p = goldenPath(scenarioPath);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as ScenarioResult) : null;
}

/** JSON as the repository's Prettier config formats it, so `npm run lint` accepts golden files. */
export async function serialize(result: ScenarioResult | Scenario): Promise<string> {
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(SCENARIO_DIR)) ?? {};
  return prettier.format(JSON.stringify(result), { ...options, parser: 'json' });
}
