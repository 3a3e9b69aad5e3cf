/**
 * Runs parsed units: lists with `&&`/`||`, pipelines (each command's stdout is the next one's
 * stdin; the exit status is the last command's, inverted by `!`), assignments, redirections and
 * the command lookup with bash's own messages for what it cannot find.
 */
import type { NamespaceHost } from '../host.ts';
import type { AndOr, Pipeline, SimpleCommand, Unit, Word } from '../syntax/tokens.ts';
import {
  fail,
  notSimulated,
  type CommandResult,
  type JobOutput,
  type OutputChunk,
  type ShellCommand,
  type ShellServices,
} from '../types.ts';
import {
  assignmentName,
  assignmentValue,
  expandWord,
  UnsupportedExpansion,
  type ParamLookup,
} from './expand.ts';
import { applyRedirects, type Output, type RedirectPlan } from './redirect.ts';
import { nextPid, type JobTable } from './jobs.ts';
import { chunksOf, fromChunks, ownStdout, type Terminal } from './terminal.ts';

export interface RunnerEnv {
  readonly services: ShellServices;
  readonly lookup: ParamLookup;
  setVar(name: string, value: string): void;
  setLastExit(exit: number): void;
  findCommand(name: string): ShellCommand | undefined;
  /** True once `exit` ran: the rest of the input is skipped. */
  exited(): boolean;
  /** The interactive shell's jobs (`CMD &`). */
  readonly jobs: JobTable;
  /** Whether a process still runs (a server a background job started). */
  alive(pid: number): boolean;
  /** The terminal the session runs on: background jobs write to it. */
  terminal(): Terminal;
}

/** Where `/usr/sbin/iptables` and friends resolve to the command of the same name. */
const PATH_DIRS = [
  '/usr/local/sbin/',
  '/usr/local/bin/',
  '/usr/sbin/',
  '/usr/bin/',
  '/sbin/',
  '/bin/',
];

export class Runner {
  private readonly env: RunnerEnv;
  private pendingStdin = '';
  /** Set while a `CMD &` runs: the PID its process gets and where its output goes. */
  private background: { readonly pid: number; readonly output: JobOutput } | undefined;
  private interactive = false;

  constructor(env: RunnerEnv) {
    this.env = env;
  }

  /**
   * `stdin` feeds the first command that runs (what `bash -c` inherits). An interactive unit
   * (a terminal line) keeps its background jobs in the job table and prints `[N] PID`.
   */
  runUnit(unit: Unit, ns: NamespaceHost, stdin = '', interactive = false): CommandResult {
    // `bash -c` inside a terminal line is a non-interactive shell; the line goes on after it.
    const outer = this.interactive;
    this.interactive = interactive;
    try {
      return this.runItems(unit, ns, stdin);
    } finally {
      this.interactive = outer;
    }
  }

  private runItems(unit: Unit, ns: NamespaceHost, stdin: string): CommandResult {
    this.pendingStdin = stdin;
    if (unit.kind === 'syntax-error') {
      return fail(`bash: syntax error near unexpected token \`${unit.near}'\n`, 2);
    }
    if (unit.kind === 'unsupported') return notSimulated(unit.what);
    const chunks: OutputChunk[] = [];
    let exit = 0;
    for (const item of unit.items) {
      if (this.env.exited()) break;
      const r = this.runAndOr(item, ns);
      chunks.push(...chunksOf(r));
      exit = r.exit;
    }
    return fromChunks(exit, chunks);
  }

  private runAndOr(item: AndOr, ns: NamespaceHost): CommandResult {
    if (item.background) return this.runBackground(item, ns);
    let r = this.runPipeline(item.first, ns);
    const chunks = [...chunksOf(r)];
    for (const { op, pipeline } of item.rest) {
      if (this.env.exited()) break;
      if ((op === '&&') !== (r.exit === 0)) continue;
      r = this.runPipeline(pipeline, ns);
      chunks.push(...chunksOf(r));
    }
    return fromChunks(r.exit, chunks);
  }

  /**
   * `CMD &`: the command runs now (simulated time does not pass), with a PID a server it starts
   * keeps. `$?` is 0, as after any asynchronous command. Interactive: bash's `[N] PID` first;
   * a job whose process is gone already ends as `Done`/`Exit N` at the next prompt.
   */
  private runBackground(item: AndOr, ns: NamespaceHost): CommandResult {
    const pid = nextPid(this.env.services.world);
    const outer = this.background;
    // The job writes where the shell's own output goes: the terminal (runSimple narrows it
    // to the job's redirections).
    this.background = { pid, output: outer?.output ?? this.env.terminal().sink };
    let r: CommandResult;
    try {
      r = this.runAndOr({ ...item, background: false }, ns);
    } finally {
      this.background = outer;
    }
    this.env.setLastExit(0);
    if (!this.interactive) return { ...r, exit: 0 };
    const job = this.env.jobs.add(pid, andOrText(item));
    if (!this.env.alive(pid)) job.state = { kind: 'exited', exit: r.exit };
    return fromChunks(0, [{ fd: 1, text: `[${job.n}] ${pid}\n` }, ...chunksOf(r)]);
  }

  private runPipeline(pipeline: Pipeline, ns: NamespaceHost): CommandResult {
    let input = this.pendingStdin;
    this.pendingStdin = '';
    const chunks: OutputChunk[] = [];
    let last: CommandResult = { exit: 0, stdout: '', stderr: '' };
    pipeline.commands.forEach((cmd, index) => {
      const piped = index < pipeline.commands.length - 1;
      last = this.runSimple(cmd, input, ns, piped);
      // A stage's stdout goes down the pipe; its stderr and its jobs' output to the terminal.
      chunks.push(...chunksOf(last).filter((c) => !piped || c.fd === 2 || c.job));
      input = piped ? ownStdout(last) : '';
    });
    const exit = pipeline.negate ? (last.exit === 0 ? 1 : 0) : last.exit;
    this.env.setLastExit(exit);
    return fromChunks(exit, chunks);
  }

  private runSimple(
    cmd: SimpleCommand,
    stdin: string,
    ns: NamespaceHost,
    piped = false,
  ): CommandResult {
    const { lookup } = this.env;
    const assignments: Word[] = [];
    let start = 0;
    while (start < cmd.words.length && assignmentName(cmd.words[start]!) !== undefined) {
      assignments.push(cmd.words[start++]!);
    }
    let argv: string[];
    let plan: RedirectPlan;
    try {
      argv = cmd.words.slice(start).flatMap((w) => expandWord(w, lookup));
      plan = applyRedirects(cmd.redirects, stdin, {
        lookup,
        files: this.env.services.files,
        sysctl: ns.sysctl,
      });
    } catch (err) {
      if (err instanceof UnsupportedExpansion) return notSimulated(err.what);
      throw err;
    }
    if ('error' in plan) return fail(plan.error);
    if (argv.length === 0) {
      for (const w of assignments) this.env.setVar(assignmentName(w)!, assignmentValue(w, lookup));
      return { exit: 0, stdout: '', stderr: '' };
    }
    const outer = this.background;
    if (outer) this.background = { ...outer, output: jobOutput(plan, outer.output, piped) };
    let result: CommandResult;
    try {
      result = this.runArgv(ns, argv, plan.stdin);
    } finally {
      this.background = outer;
    }
    return route(result, plan, argv[0]!);
  }

  /** Finds and runs a command; never throws (an engine bug becomes one line on stderr). */
  runArgv(ns: NamespaceHost, argv: readonly string[], stdin: string): CommandResult {
    const typed = argv[0] ?? '';
    const dir = PATH_DIRS.find((d) => typed.startsWith(d) && !typed.slice(d.length).includes('/'));
    const name = dir ? typed.slice(dir.length) : typed;
    const command = name.includes('/') ? undefined : this.env.findCommand(name);
    if (!command) {
      const why = typed.includes('/') ? 'No such file or directory' : 'command not found';
      return fail(`bash: ${typed}: ${why}\n`, 127);
    }
    let result: CommandResult;
    try {
      const ctx = { argv: [name, ...argv.slice(1)], stdin, ns, shell: this.env.services };
      result = command(this.background ? { ...ctx, background: this.background } : ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      result = fail(`packetpath: internal error in '${name}': ${message}\n`, 1);
    }
    // What jobs wrote meanwhile and the command did not place itself came first: a server
    // answers before its client prints what it got.
    const jobs = this.env.terminal().take();
    return jobs.length === 0 ? result : fromChunks(result.exit, [...jobs, ...chunksOf(result)]);
  }
}

/** A background command as bash's job list shows it: the words as typed, without the `&`. */
function andOrText(item: AndOr): string {
  // make_command_string's spacing: `> FILE` with a space, `2>&1` without.
  const redirect = (r: SimpleCommand['redirects'][number]) =>
    `${r.fd ?? ''}${r.op}${r.op.endsWith('&') ? '' : ' '}${r.target.text}`;
  const command = (c: SimpleCommand) =>
    [...c.words.map((w) => w.text), ...c.redirects.map(redirect)].join(' ');
  const pipeline = (p: Pipeline) => (p.negate ? '! ' : '') + p.commands.map(command).join(' | ');
  return [pipeline(item.first), ...item.rest.map((r) => `${r.op} ${pipeline(r.pipeline)}`)].join(
    ' ',
  );
}

type Plan = Exclude<RedirectPlan, { error: string }>;

/**
 * Sends the command's two streams where the redirections point them, in the order written;
 * what its jobs wrote to the terminal stays there.
 */
function route(result: CommandResult, plan: Plan, name: string): CommandResult {
  const out: OutputChunk[] = [];
  let exit = result.exit;
  for (const c of chunksOf(result)) {
    const target = c.fd === 1 ? plan.fd1 : plan.fd2;
    if (c.job) out.push(c);
    else if (target.kind === 'stdout') out.push({ fd: 1, text: c.text });
    else if (target.kind === 'stderr') out.push({ fd: 2, text: c.text });
    else {
      const error = target.file.write(c.text);
      if (error === undefined) continue;
      const who = `${BUILTINS_REPORTING_AS_BASH.has(name) ? 'bash: ' : ''}${name}`;
      out.push({ fd: 2, text: `${who}: write error: ${error}\n` });
      exit = 1;
    }
  }
  return fromChunks(exit, out);
}

/**
 * A background command's stdout and stderr after its redirections: a file, or where the
 * enclosing output goes. A stage that is not the last of a pipeline writes into the pipe,
 * which the next command has read already (it ran first here): that text is not seen.
 */
function jobOutput(plan: Plan, base: JobOutput, piped: boolean): JobOutput {
  const to = (target: Output): ((text: string) => void) => {
    if (target.kind === 'file') return (text) => void target.file.write(text);
    if (target.kind === 'stderr') return (text) => base.write(2, text);
    return piped ? () => undefined : (text) => base.write(1, text);
  };
  const one = to(plan.fd1);
  const two = to(plan.fd2);
  return { write: (fd, text) => (fd === 1 ? one : two)(text) };
}

const BUILTINS_REPORTING_AS_BASH = new Set(['echo', 'printf']);
