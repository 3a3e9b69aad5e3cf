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

export interface RunnerEnv {
  readonly services: ShellServices;
  readonly lookup: ParamLookup;
  setVar(name: string, value: string): void;
  setLastExit(exit: number): void;
  findCommand(name: string): ShellCommand | undefined;
  /** True once `exit` ran: the rest of the input is skipped. */
  exited(): boolean;
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

  constructor(env: RunnerEnv) {
    this.env = env;
  }

  /** `stdin` feeds the first command that runs (what `bash -c` inherits). */
  runUnit(unit: Unit, ns: NamespaceHost, stdin = ''): CommandResult {
    this.pendingStdin = stdin;
    if (unit.kind === 'syntax-error') {
      return fail(`bash: syntax error near unexpected token \`${unit.near}'\n`, 2);
    }
    if (unit.kind === 'unsupported') return notSimulated(unit.what);
    let stdout = '';
    let stderr = '';
    let exit = 0;
    for (const item of unit.items) {
      if (this.env.exited()) break;
      const r = this.runAndOr(item, ns);
      stdout += r.stdout;
      stderr += r.stderr;
      exit = r.exit;
    }
    return { exit, stdout, stderr };
  }

  private runAndOr(item: AndOr, ns: NamespaceHost): CommandResult {
    if (item.background) return notSimulated('& (background jobs)');
    let r = this.runPipeline(item.first, ns);
    let { stdout, stderr } = r;
    for (const { op, pipeline } of item.rest) {
      if (this.env.exited()) break;
      if ((op === '&&') !== (r.exit === 0)) continue;
      r = this.runPipeline(pipeline, ns);
      stdout += r.stdout;
      stderr += r.stderr;
    }
    return { exit: r.exit, stdout, stderr };
  }

  private runPipeline(pipeline: Pipeline, ns: NamespaceHost): CommandResult {
    let input = this.pendingStdin;
    this.pendingStdin = '';
    let stderr = '';
    let last: CommandResult = { exit: 0, stdout: '', stderr: '' };
    pipeline.commands.forEach((cmd, index) => {
      last = this.runSimple(cmd, input, ns);
      stderr += last.stderr;
      input = index < pipeline.commands.length - 1 ? last.stdout : '';
    });
    const exit = pipeline.negate ? (last.exit === 0 ? 1 : 0) : last.exit;
    this.env.setLastExit(exit);
    return { exit, stdout: last.stdout, stderr };
  }

  private runSimple(cmd: SimpleCommand, stdin: string, ns: NamespaceHost): CommandResult {
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
    const result = this.runArgv(ns, argv, plan.stdin);
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
    try {
      return command({ argv: [name, ...argv.slice(1)], stdin, ns, shell: this.env.services });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return fail(`packetpath: internal error in '${name}': ${message}\n`, 1);
    }
  }
}

/** Sends the command's two streams where the redirections point them. */
function route(
  result: CommandResult,
  plan: Exclude<RedirectPlan, { error: string }>,
  name: string,
): CommandResult {
  let stdout = '';
  let stderr = '';
  let exit = result.exit;
  const emit = (target: Output, text: string) => {
    if (text === '') return;
    if (target.kind === 'stdout') stdout += text;
    else if (target.kind === 'stderr') stderr += text;
    else {
      const error = target.file.write(text);
      if (error !== undefined) {
        stderr += `${BUILTINS_REPORTING_AS_BASH.has(name) ? 'bash: ' : ''}${name}: write error: ${error}\n`;
        exit = 1;
      }
    }
  };
  emit(plan.fd1, result.stdout);
  emit(plan.fd2, result.stderr);
  return { exit, stdout, stderr };
}

const BUILTINS_REPORTING_AS_BASH = new Set(['echo', 'printf']);
