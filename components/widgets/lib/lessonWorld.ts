/**
 * Builds the engine World of a lesson scenario (engine/scenario createWorld) and loads each
 * namespace's `iptables` lines. The engine's iptables-restore is used when it works; while the
 * command layer still answers "not yet" we replay the same lines as single iptables commands
 * (`:CHAIN POLICY` -> `-P`, `:CHAIN -` -> `-N`, `-A …` as written): the smallest adapter,
 * listed as a gap in the issue-7 report. Either way there is one parser and one rule model.
 */
import { runIptables, runIptablesRestore } from '../../../engine/commands/iptables/index.ts';
import { createWorld, type Scenario } from '../../../engine/scenario/index.ts';
import type { World } from '../../../engine/stack/index.ts';
import type { Netns } from '../../../engine/stack/index.ts';
import type { TopoScenario } from './topology.ts';
import type { ScenarioProbe } from './tracerForm.ts';
import { splitWords } from './words.ts';

/** A lesson scenario as the JSON file holds it (shared/scenario-format.md), typed as far as widgets read it. */
export interface ScenarioJson extends TopoScenario {
  readonly name: string;
  readonly description?: string;
  readonly namespaces: Readonly<
    Record<
      string,
      TopoScenario['namespaces'][string] & { readonly iptables?: readonly string[] | string }
    >
  >;
  readonly probes?: readonly ScenarioProbe[];
}

export function buildLessonWorld(json: ScenarioJson): { world: World; scenario: Scenario } {
  const stripped: Record<string, unknown> = {};
  const rules = new Map<string, string[]>();
  for (const [name, ns] of Object.entries(json.namespaces)) {
    const { iptables, ...rest } = ns;
    stripped[name] = rest;
    if (iptables !== undefined)
      rules.set(name, typeof iptables === 'string' ? iptables.split('\n') : [...iptables]);
  }
  const { world, scenario } = createWorld({ ...json, namespaces: stripped });
  for (const [name, lines] of rules) loadRules(world.ns(name), lines);
  return { world, scenario };
}

/** iptables-restore of the lines into the namespace; throws with iptables' message. */
export function loadRules(ns: Netns, lines: readonly string[]): void {
  const r = runIptablesRestore(ns.ruleset, [], `${lines.join('\n')}\n`);
  if (r.exit !== 0 && !/not yet/.test(r.stderr)) throw new Error(r.stderr.trim());
  if (r.exit !== 0) replayAsCommands(ns, lines);
  ns.rulesetChanged();
}

function replayAsCommands(ns: Netns, lines: readonly string[]): void {
  let table = 'filter';
  for (const line of lines) {
    const l = line.trim();
    if (l === '' || l.startsWith('#') || l === 'COMMIT') continue;
    if (l.startsWith('*')) {
      table = l.slice(1);
      continue;
    }
    const r = runIptables(ns.ruleset, ['-t', table, ...restoreLineArgv(l)]);
    if (r.exit !== 0) throw new Error(`${ns.name}: ${l}: ${r.stderr.trim()}`);
  }
}

function restoreLineArgv(line: string): string[] {
  if (!line.startsWith(':')) return splitWords(line);
  const [chain = '', policy = '-'] = line.slice(1).split(/\s+/);
  return policy === '-' ? ['-N', chain] : ['-P', chain, policy];
}
