/**
 * bash's job builtins over the shell's job table (runtime/jobs.ts) and the machine's server
 * processes (probe/sockets.ts): `jobs [-l]`, `kill [-SIGNAL] %JOB|PID…`, `disown [-a] [%JOB]`.
 * Messages are bash 5.2's. `fg`/`bg`/`wait` are refused: a server in the foreground would block
 * the terminal for good.
 */
import type { Job } from '../runtime/jobs.ts';
import { SHELL_PID } from '../runtime/jobs.ts';
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';
import { serverByPid, stopServer } from './probe/sockets.ts';

export function jobs(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  const bad = args.find((a) => a !== '-l');
  if (bad !== undefined) return notSimulated(`jobs ${bad}`);
  return ok(ctx.shell.jobs.list(args.includes('-l')));
}

/** The name bash reports a job killed by each signal with (strsignal), by the names kill takes. */
const SIGNALS: Readonly<Record<string, string>> = {
  TERM: 'Terminated',
  '15': 'Terminated',
  KILL: 'Killed',
  '9': 'Killed',
  INT: 'Interrupt',
  '2': 'Interrupt',
  HUP: 'Hangup',
  '1': 'Hangup',
};

const KILL_USAGE =
  'bash: kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n';

function signalOf(args: string[]): string | CommandResult {
  const first = args[0];
  if (first === undefined || !first.startsWith('-') || first === '-') return 'Terminated';
  args.shift();
  const name = first === '-s' || first === '-n' ? args.shift() : first.slice(1);
  if (name === undefined) return fail(KILL_USAGE, 2);
  const signal = SIGNALS[name.toUpperCase().replace(/^SIG/, '')];
  return (
    signal ?? notSimulated(`kill ${first}${first === '-s' || first === '-n' ? ` ${name}` : ''}`)
  );
}

export function kill(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  const signal = signalOf(args);
  if (typeof signal !== 'string') return signal;
  if (args.length === 0) return fail(KILL_USAGE, 2);
  let stderr = '';
  for (const target of args) stderr += killOne(ctx, target, signal);
  return stderr === '' ? ok() : fail(stderr);
}

function killOne(ctx: CommandContext, target: string, signal: string): string {
  const { jobs } = ctx.shell;
  if (target.startsWith('%')) {
    const job = jobs.find(target);
    if (!job || job.state.kind !== 'running') return `bash: kill: ${target}: no such job\n`;
    return end(ctx, job.pid, job, signal);
  }
  if (!/^\d+$/.test(target)) return `bash: kill: ${target}: arguments must be process or job IDs\n`;
  const pid = Number(target);
  // An interactive bash ignores SIGTERM (bash(1) SIGNALS); its other signals are not simulated.
  if (pid === SHELL_PID) return '';
  return end(ctx, pid, jobs.byPid(pid), signal);
}

function end(ctx: CommandContext, pid: number, job: Job | undefined, signal: string): string {
  if (!serverByPid(ctx.shell.world, pid)) return `bash: kill: (${pid}) - No such process\n`;
  stopServer(ctx.shell.world, pid);
  if (job) job.state = { kind: 'signalled', signal };
  return '';
}

/** `disown [-a] [%JOB…]`: the jobs leave the table; their servers keep running. */
export function disown(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  const { jobs } = ctx.shell;
  if (args.includes('-a')) {
    jobs.disown([...jobs.all()]);
    return ok();
  }
  const bad = args.find((a) => a.startsWith('-'));
  if (bad !== undefined) return notSimulated(`disown ${bad}`);
  const targets = args.length === 0 ? ['%+'] : args;
  let stderr = '';
  for (const t of targets) {
    const job = jobs.find(t);
    if (job) jobs.disown([job]);
    else stderr += `bash: disown: ${t === '%+' ? 'current' : t}: no such job\n`;
  }
  return stderr === '' ? ok() : fail(stderr);
}

/** fg, bg and wait would hand the terminal to a server that never ends: refused plainly. */
export function foreground(ctx: CommandContext): CommandResult {
  return notSimulated(`${ctx.argv[0]} (a server in the foreground would block this terminal)`);
}
