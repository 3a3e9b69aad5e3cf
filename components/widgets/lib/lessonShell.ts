/**
 * The lesson terminal's machine: the engine's own shell (engine/shell, createHostShell) with the
 * lesson scenario built into it by the commands a learner would type (scenarioSetup.ts), so
 * every command behaves as the shell does everywhere else, and the probes of the tracer and
 * the exercise walk the same engine World. `reset` rebuilds the starting state; the lines
 * the learner ran are kept so the page can save and replay them.
 */
import { probe as engineProbe, validateProbe } from '../../../engine/scenario/index.ts';
import { createHostShell, ensureProgramsFor } from '../../../engine/shell/hostShell.ts';
import { COMMANDS } from '../../../engine/shell/commands/index.ts';
import type { Netns, World } from '../../../engine/stack/index.ts';
import type { CommandResult } from '../../../engine/shell/types.ts';
import type { TraceEvent } from '../../../engine/trace/events.ts';
import type { ScenarioJson } from './lessonWorld.ts';
import { HOST, setupCommands } from './scenarioSetup.ts';

/** The shell's key for its own (root) namespace in the engine World. */
const ROOT = '';
/** How long a program's code may take to arrive before the terminal gives up on the line. */
const LOAD_TIMEOUT_MS = 20000;

export interface TermResult {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
  /** The streams' pieces in the order written, when it matters (engine/shell/types.ts). */
  readonly output?: CommandResult['output'];
  /** `clear` ran: wipe the screen. */
  readonly clear?: boolean;
  /** `reset` ran: the machine is back at the lesson's starting state. */
  readonly reset?: boolean;
}

export interface ProbeRun {
  readonly result: {
    readonly client: { readonly result: string } & Record<string, unknown>;
    readonly server: Readonly<Record<string, { readonly peer?: readonly unknown[] }>>;
    readonly delivered: readonly string[];
  };
  readonly trace: TraceEvent[];
}

type HostShell = ReturnType<typeof createHostShell>;

export class LessonShell {
  private shell: HostShell;
  private readonly scenario: ScenarioJson;
  private readonly lines: string[] = [];
  readonly hostNs = HOST;

  constructor(scenario: ScenarioJson, history: readonly string[] = []) {
    this.scenario = scenario;
    this.shell = build(scenario);
    for (const text of history) this.run(text);
  }

  /** The engine World the shell's commands act on. */
  get machine(): World {
    return this.shell.world.engine;
  }

  /** The scenario's namespace by its scenario name (`host` is the shell's own). */
  netns(name: string): Netns {
    return this.machine.ns(name === HOST ? ROOT : name);
  }

  /** What the learner ran since the start or the last `reset`, for saving and replaying. */
  history(): readonly string[] {
    return this.lines;
  }

  /** Whether the text stops inside a quote or a here-document (show the `> ` prompt). */
  needsMore(text: string): boolean {
    return this.shell.needsMore(text);
  }

  commandNames(): string[] {
    return [...COMMANDS.keys(), 'reset'].sort();
  }

  netnsNames(): string[] {
    return Object.keys(this.scenario.namespaces).filter((n) => n !== HOST);
  }

  /**
   * Loads the code of the programs the text may run (docker, dockerd, kubectl and nft load on
   * demand); call before run(). Resolves with a one-line error when one cannot be loaded.
   */
  ensureProgramsFor(text: string): Promise<string | undefined> {
    return loadProgramsFor(text);
  }

  run(text: string): TermResult {
    if (text.trim() === 'reset') {
      this.shell = build(this.scenario);
      this.lines.length = 0;
      return { exit: 0, stdout: "The lesson's starting state is back.\n", stderr: '', reset: true };
    }
    if (text.trim() !== '') this.lines.push(text);
    return this.shell.run(text);
  }

  /**
   * A probe as the scenario format writes it, on the learner's machine. `host` is the shell's
   * own namespace, whose engine name is empty, so the spec is validated under the scenario's
   * names first (as the scenario's first probe: errors name `probes[0]`) and then pointed at
   * it. `index` sets the default source port (40000+index).
   */
  probe(spec: Readonly<Record<string, unknown>>, index = 1): ProbeRun {
    const valid = validateProbe(spec, 'probes[0]');
    const toEngine = <T extends string | undefined>(ns: T) => (ns === HOST ? ROOT : ns);
    const listen = valid.listen && valid.listen.map((l) => ({ ...l, ns: toEngine(l.ns) }));
    const { result, trace } = engineProbe(
      this.machine,
      { ...valid, from: toEngine(valid.from), listen },
      index,
    );
    const fromEngine = (ns: string) => (ns === ROOT ? HOST : ns);
    return {
      result: {
        client: result.client,
        server: Object.fromEntries(
          Object.entries(result.server).map(([k, v]) => [fromEngine(k), v]),
        ),
        delivered: result.delivered.map(fromEngine),
      },
      trace: trace.map((e) => (e.ns === ROOT ? { ...e, ns: HOST } : e)),
    };
  }
}

/**
 * Loads the code of the programs the text may run. Resolves with a one-line error when one
 * cannot be loaded or takes longer than timeoutMs, so the terminal never waits forever; a
 * failed load is not remembered, so running the command again retries it.
 */
export async function loadProgramsFor(
  text: string,
  timeoutMs = LOAD_TIMEOUT_MS,
): Promise<string | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((done) => {
    timer = setTimeout(() => done('timeout'), timeoutMs);
  });
  const outcome = await Promise.race([ensureProgramsFor(text), timeout]);
  clearTimeout(timer);
  if (outcome === 'timeout')
    return `packetpath: the program's code did not arrive within ${timeoutMs / 1000} s; check the connection and run the command again`;
  const failed = outcome[0];
  if (!failed) return undefined;
  const why = failed.error instanceof Error ? failed.error.message : String(failed.error);
  return `${failed.program}: could not load the program's code (${why}); check the connection and run the command again`;
}

function build(scenario: ScenarioJson): HostShell {
  const shell = createHostShell();
  for (const line of setupCommands(scenario)) {
    const r = shell.run(line);
    if (r.exit !== 0)
      throw new Error(`lesson scenario ${scenario.name}: ${line}: ${r.stderr.trim()}`);
  }
  shell.run('history -c');
  // The setup's servers log to a terminal nobody shows: on a real machine they were started
  // elsewhere (another terminal, a service), not among the learner's commands.
  shell.newTerminal();
  return shell;
}
