/**
 * The lazily loaded half of the widgets: everything that needs the engine. Views import this
 * module with `import()` on first use, so a lesson page ships the engine only when a learner
 * touches a terminal, a tracer or an exercise. One LessonShell per session key is shared by
 * every island of the page (ES modules are singletons), so rules typed in a terminal are the
 * rules the tracer and the exercise check see. Tab completion (completion.ts) is not here: the
 * terminal loads it on the first Tab.
 */
import { BUILTIN_CHAINS, isTableName } from '../../../engine/netfilter/model.ts';
import { runChecks, type CheckResult, type ExerciseCheck } from './exercise.ts';
import { LessonShell, loadProgramsFor, type TermResult } from './lessonShell.ts';
import type { ScenarioJson } from './lessonWorld.ts';
import { setupCommands } from './scenarioSetup.ts';
import { browserStore, loadHistory, saveHistory } from './terminalHistory.ts';
import { tracePath } from './topology.ts';
import { buildSteps, verdictLine, type TraceStep } from './traceSteps.ts';

export interface Replayed {
  readonly line: string;
  readonly result: TermResult;
}

interface Session {
  readonly shell: LessonShell;
  /** The saved lines replayed when the session was created, with what they printed. */
  readonly restored: readonly Replayed[];
}

const sessions = new Map<string, Session>();

/** The session's machine; a new one replays the saved history (state survives a reload). */
export function sessionFor(key: string, scenario: ScenarioJson): Session {
  const existing = sessions.get(key);
  if (existing) return existing;
  const shell = new LessonShell(scenario);
  const restored = loadHistory(browserStore(), key).map((line) => ({
    line,
    result: shell.run(line),
  }));
  const session = { shell, restored };
  sessions.set(key, session);
  return session;
}

/**
 * sessionFor once the programs the scenario's setup and the saved history run are loaded
 * (engine/shell/commands/lazy.ts loads some on demand), so the replay prints what it printed
 * before. A program that fails to load makes its saved lines print that it is not loaded;
 * nothing waits forever.
 */
export async function openSession(key: string, scenario: ScenarioJson): Promise<Session> {
  if (!sessions.has(key)) {
    const saved = loadHistory(browserStore(), key);
    await loadProgramsFor([...setupCommands(scenario), ...saved].join('\n'));
  }
  return sessionFor(key, scenario);
}

export function persist(key: string, shell: LessonShell): void {
  saveHistory(browserStore(), key, shell.history());
}

export interface TraceView {
  readonly client: string;
  readonly steps: readonly TraceStep[];
  readonly verdict: string;
  readonly path: readonly string[];
}

export function traceProbe(shell: LessonShell, spec: Record<string, unknown>): TraceView {
  const { result, trace } = shell.probe(spec);
  const steps = buildSteps(trace);
  return {
    client: result.client.result,
    steps,
    verdict: verdictLine(steps),
    path: tracePath(trace),
  };
}

export function checkExercise(shell: LessonShell, checks: readonly ExerciseCheck[]): CheckResult[] {
  return runChecks(checks, (p) => shell.probe({ ...p }).result);
}

export function chainsOf(shell: LessonShell, ns: string, table: string): string[] {
  if (!isTableName(table)) return [];
  const t = shell.netns(ns).ruleset.tables[table];
  return t ? [...t.chains.keys()] : [...BUILTIN_CHAINS[table]];
}
