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
import { transcript, type ScreenLine } from './terminalModel.ts';
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

/** The terminal's screen for the lines a new session replayed ("Restored N command(s)…"). */
export function restoredScreen(restored: readonly Replayed[], prompt: string): ScreenLine[] {
  if (restored.length === 0) return [];
  const lines: ScreenLine[] = [
    { kind: 'info', text: `Restored ${restored.length} command(s) from your last visit:` },
  ];
  for (const r of restored) {
    lines.push({ kind: 'cmd', text: `${prompt}${r.line.replace(/\n/g, '\n> ')}` });
    lines.push(...transcript(r.result));
  }
  return lines;
}

/** What feeding lines to the terminal did. */
export interface LinesRun {
  /** Lines to add to the screen; after `clear` or `reset` (wiped), the whole screen. */
  readonly screen: readonly ScreenLine[];
  readonly wiped: boolean;
  /** A quote or here-document still open: the text so far, waiting for its next line. */
  readonly pending: string | undefined;
  /** What the status line announces. */
  readonly status: string;
}

/**
 * Runs typed or pasted lines as the terminal shows them: a line inside an open quote or
 * here-document waits for more (`pending`, shown after the `> ` prompt); programs that load
 * on demand (docker, kubectl, nft…) are loaded first, and one that fails to load is one error
 * line, its command not run.
 */
export async function runLines(
  shell: LessonShell,
  lines: readonly string[],
  pending: string | undefined,
  prompt: string,
): Promise<LinesRun> {
  let screen: ScreenLine[] = [];
  let wiped = false;
  let summary = '';
  for (const line of lines) {
    const text = pending === undefined ? line : `${pending}\n${line}`;
    // A recalled here-document shows as typed: its later lines after the continuation prompt.
    const shown = `${pending === undefined ? prompt : '> '}${line.replace(/\n/g, '\n> ')}`;
    pending = shell.needsMore(text) ? text : undefined;
    if (pending !== undefined) {
      screen.push({ kind: 'cmd', text: shown });
      continue;
    }
    const loadError = await shell.ensureProgramsFor(text);
    if (loadError !== undefined) {
      screen.push({ kind: 'cmd', text: shown }, { kind: 'err', text: loadError });
      summary = loadError;
      continue;
    }
    const r = shell.run(text);
    if (r.clear || r.reset) [screen, wiped] = [[], true];
    else screen.push({ kind: 'cmd', text: shown });
    screen.push(...transcript(r));
    summary = announce(r);
  }
  const status = pending === undefined ? summary : 'Continue the command (Ctrl-C cancels)';
  return { screen, wiped, pending, status };
}

/** What the status line announces: the exit code and the first line, not the whole output. */
function announce(r: { exit: number; stdout: string; stderr: string }): string {
  const text = (r.stderr !== '' ? r.stderr : r.stdout).trimEnd();
  const lines = text === '' ? [] : text.split('\n');
  const first = (lines[0] ?? '').slice(0, 120);
  const more = lines.length > 1 ? ` (${lines.length - 1} more lines in the output)` : '';
  return `Exit ${r.exit}${first ? `: ${first}` : ', no output'}${more}`;
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
