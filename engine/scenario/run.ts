/**
 * A whole scenario: validate, build the world, run each probe in order on the same world (as
 * the recordings do: counters are never zeroed, conntrack is flushed unless kept), and return
 * the result in scenario-format.md's shape.
 */
import type { Ruleset } from '../netfilter/model.ts';
import { REPORTED_SYSCTLS } from '../stack/sysctl.ts';
import type { World, WorldOptions } from '../stack/world.ts';
import type { TraceEvent } from '../trace/events.ts';
import { buildWorld, type RestoreFn } from './build.ts';
import { runProbe, type ProbeResult } from './probe.ts';
import type { Scenario } from './types.ts';
import { validateScenario } from './validate.ts';

/** The iptables-save text of a ruleset (lines, without the comment lines). */
export type SaveFn = (rs: Ruleset) => string[];

export interface RulesIo {
  readonly restore: RestoreFn;
  readonly save: SaveFn;
}

export interface ScenarioResult {
  scenario: string | undefined;
  description: string | undefined;
  namespaces: Record<string, { sysctls: Record<string, string | null>; ruleset: string[] }>;
  probes: ProbeResult[];
}

export interface ScenarioRun {
  readonly result: ScenarioResult;
  /** Per probe, its trace events. */
  readonly traces: TraceEvent[][];
  readonly world: World;
}

export function createWorld(
  scenario: unknown,
  rules: RulesIo,
  opts: WorldOptions = {},
): { scenario: Scenario; world: World } {
  const sc = validateScenario(scenario);
  return { scenario: sc, world: buildWorld(sc, rules.restore, opts) };
}

export function runScenario(
  scenario: unknown,
  rules: RulesIo,
  opts: WorldOptions = {},
): ScenarioRun {
  const { scenario: sc, world } = createWorld(scenario, rules, opts);
  const namespaces: ScenarioResult['namespaces'] = {};
  for (const ns of world.namespaces.values()) {
    const sysctls: Record<string, string | null> = {};
    for (const k of REPORTED_SYSCTLS) sysctls[k] = ns.sysctls.get(k) ?? null;
    namespaces[ns.name] = { sysctls, ruleset: rules.save(ns.ruleset) };
  }
  const probes: ProbeResult[] = [];
  const traces: TraceEvent[][] = [];
  sc.probes.forEach((p, i) => {
    const { result, trace } = runProbe(world, p, i + 1);
    probes.push(result);
    traces.push(trace);
  });
  return {
    result: { scenario: sc.name, description: sc.description, namespaces, probes },
    traces,
    world,
  };
}
