/**
 * The state a lesson exercise's reference solution leaves, as a scenario (scenario-format
 * JSON) whose probes are the exercise's checks: `scenarios/lesson-*-solved.json`, so the
 * kernel harness verifies that the reference solution works on real Linux too, not only in
 * the engine. The rules come from the engine's iptables-save after the solution ran.
 */
import { runIptablesSave } from '../../../engine/commands/iptables/index.ts';
import type { ExerciseDef } from './exercise.ts';
import { LessonShell } from './lessonShell.ts';
import type { ScenarioJson } from './lessonWorld.ts';

export function solvedScenario(base: ScenarioJson, ex: ExerciseDef): Record<string, unknown> {
  const shell = new LessonShell(base);
  for (const line of ex.solution) shell.run(line);
  const ns = shell.netns(shell.hostNs);
  const host = base.namespaces[shell.hostNs] as Record<string, unknown>;
  const sysctls = { ...(host.sysctls as Record<string, number> | undefined) };
  for (const line of ex.solution) {
    const m = /^sysctl -w ([\w.-]+)=(\d+)$/.exec(line);
    if (m) sysctls[m[1] as string] = Number(m[2]);
  }
  const iptables = runIptablesSave(ns.ruleset)
    .stdout.split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
  return {
    name: `${base.name}-solved`,
    description: `${base.name} after the reference solution of the lesson exercise "${ex.id}" (${ex.solution.join('; ')}); the probes are the exercise's checks.`,
    namespaces: { ...base.namespaces, [shell.hostNs]: { ...host, sysctls, iptables } },
    links: base.links,
    probes: ex.checks.map((c) => ({
      name: c.label,
      ...c.probe,
      ...(c.expect === 'blocked' ? {} : { expect: c.expect }),
    })),
  };
}
