/**
 * A shell session: the object the terminal widget and `packetpath exec` talk to. It keeps the
 * variables, the history, the in-memory files and `$?` between lines, and runs every line
 * against one simulated machine (a WorldHost). Deterministic: time and randomness are passed in.
 */
import type { NamespaceHost, WorldHost } from './host.ts';
import { COMMANDS } from './commands/index.ts';
import { HOME } from './runtime/expand.ts';
import { FileSystem } from './runtime/files.ts';
import { Runner } from './runtime/runner.ts';
import { JobTable } from './runtime/jobs.ts';
import { chunksOf, fromChunks, Terminal } from './runtime/terminal.ts';
import { serverByPid } from './commands/probe/sockets.ts';
import { parse } from './syntax/parser.ts';
import type { Incomplete } from './syntax/tokens.ts';
import { fail, type CommandResult, type OutputChunk, type ShellServices } from './types.ts';
import { seededRandom } from '../stack/world.ts';

export interface ShellOptions {
  readonly world: WorldHost;
  /** Earlier history (oldest first), e.g. restored by the widget. */
  readonly history?: readonly string[];
  readonly now?: () => Date;
  /** Uniform in [0, 1); a seeded source keeps sessions reproducible. */
  readonly random?: () => number;
}

/** One top-level command line and what it printed. */
export interface LineResult extends CommandResult {
  readonly cmd: string;
}

export interface RunResult extends CommandResult {
  /** True when a `clear` ran: the terminal should wipe its screen before showing stdout. */
  readonly clear: boolean;
  /** True when `exit` ran: the rest of the input was skipped (a terminal may end the session). */
  readonly exited: boolean;
}

export interface Shell {
  /** Runs text (one or more lines) to the end, as bash would read it from a script. */
  run(text: string): RunResult;
  /** Same, but one result per top-level command line (here-document bodies included). */
  runLines(text: string): LineResult[];
  /** Whether the text stops inside a quote, a here-document or after `&&`/`|` (show PS2). */
  needsMore(text: string): boolean;
  history(): readonly string[];
  /**
   * Goes on in a new terminal: the background processes started so far keep writing to the
   * old one, which nobody shows any more. For a setup run before the learner arrives (a
   * lesson's servers): on a real machine they would run in another terminal, so their log
   * lines do not belong among the learner's commands.
   */
  newTerminal(): void;
}

const FIXED_VARS: Readonly<Record<string, string>> = {
  HOME,
  PWD: HOME,
  USER: 'root',
  SHELL: '/bin/bash',
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  '0': 'bash',
  '#': '0',
  $: '4242',
  '-': 'hB',
};

export function createShell(options: ShellOptions): Shell {
  const vars = new Map<string, string>(Object.entries(FIXED_VARS));
  const history: string[] = [...(options.history ?? [])];
  const files = new FileSystem();
  let lastExit = 0;
  let cleared = false;
  let exited = false;
  const now = options.now ?? (() => new Date(0));
  const random = options.random ?? seededRandom(1);
  const jobs = new JobTable((pid) => serverByPid(options.world, pid) !== undefined);
  let terminal = new Terminal();

  const services: ShellServices = {
    world: options.world,
    files,
    history: () => history,
    clearHistory: () => void history.splice(0),
    clearScreen: () => void (cleared = true),
    requestExit: () => void (exited = true),
    runArgv: (ns, argv, stdin) => runner.runArgv(ns, argv, stdin),
    runText: (ns, text, stdin) => runText(ns, text, stdin),
    now,
    random,
    setVar: (name, value) => void vars.set(name, value),
    unsetVar: (name) => void vars.delete(name),
    commandNames: () => [...COMMANDS.keys()].sort(),
    jobs,
    takeJobOutput: () => terminal.take(),
  };
  const runner = new Runner({
    services,
    lookup: (name) => (name === '?' ? String(lastExit) : (vars.get(name) ?? '')),
    setVar: (name, value) => void vars.set(name, value),
    setLastExit: (exit) => void (lastExit = exit),
    findCommand: (name) => COMMANDS.get(name),
    exited: () => exited,
    jobs,
    alive: (pid) => serverByPid(options.world, pid) !== undefined,
    terminal: () => terminal,
  });

  /** `bash -c TEXT`: every line in `ns`, outputs joined; bash's own EOF errors for unfinished text. */
  const runText = (ns: NamespaceHost, text: string, stdin: string): CommandResult => {
    const { units, incomplete } = parse(text);
    if (incomplete) {
      const what =
        incomplete.kind === 'quote'
          ? `unexpected EOF while looking for matching \`${incomplete.quote}'\n`
          : '';
      return fail(
        `bash: -c: line ${incomplete.line}: ${what || 'syntax error: unexpected end of file\n'}`,
        2,
      );
    }
    const chunks: OutputChunk[] = [];
    let exit = 0;
    units.forEach((unit, i) => {
      if (exited) return;
      const r = runner.runUnit(unit, ns, i === 0 ? stdin : '');
      chunks.push(...chunksOf(r));
      exit = r.exit;
    });
    return fromChunks(exit, chunks);
  };

  const runLines = (text: string): LineResult[] => {
    const { units, incomplete, pendingText } = parse(text);
    const host = options.world.namespace(undefined);
    const results: LineResult[] = [];
    exited = false;
    for (const unit of units) {
      if (exited) break;
      history.push(unit.text);
      const before = terminal.take();
      const r = host
        ? runner.runUnit(unit, host, '', true)
        : fail('packetpath: the simulated host is missing\n');
      lastExit = r.exit;
      // What jobs wrote between lines shows before this line's output; jobs that ended
      // during the line are reported before the next prompt.
      results.push({
        cmd: unit.text,
        ...fromChunks(r.exit, [
          ...before,
          ...chunksOf(r),
          ...terminal.take(),
          { fd: 2, text: jobs.notices() },
        ]),
      });
    }
    if (incomplete && pendingText !== undefined && !exited)
      results.push(finishAtEof(pendingText, incomplete));
    return results;
  };

  /** End of input inside a command: bash's own messages (and a here-document still runs). */
  const finishAtEof = (pending: string, why: Incomplete): LineResult => {
    const cmd = pending.replace(/\n$/, '');
    if (why.kind === 'heredoc') {
      const warning = `bash: warning: here-document at line ${why.line} delimited by end-of-file (wanted \`${why.delimiter}')\n`;
      const [r] = runLines(`${pending}${pending.endsWith('\n') ? '' : '\n'}${why.delimiter}\n`);
      return {
        cmd,
        exit: r?.exit ?? 0,
        stdout: r?.stdout ?? '',
        stderr: warning + (r?.stderr ?? ''),
      };
    }
    history.push(cmd);
    lastExit = 2;
    const eof = 'bash: syntax error: unexpected end of file\n';
    if (why.kind === 'quote') {
      return {
        cmd,
        exit: 2,
        stdout: '',
        stderr: `bash: unexpected EOF while looking for matching \`${why.quote}'\n${eof}`,
      };
    }
    return { cmd, exit: 2, stdout: '', stderr: eof };
  };

  return {
    runLines,
    run(text) {
      cleared = false;
      const results = runLines(text);
      const last = results[results.length - 1];
      return {
        ...fromChunks(last?.exit ?? lastExit, results.flatMap(chunksOf)),
        clear: cleared,
        exited,
      };
    },
    newTerminal() {
      terminal.close();
      terminal = new Terminal();
    },
    needsMore: (text) => parse(text).incomplete !== undefined,
    history: () => history,
  };
}

/** The engine's seeded generator, used when the caller passes no random source. */
export { seededRandom };
