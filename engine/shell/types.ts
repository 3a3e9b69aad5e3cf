/**
 * The contract every simulated shell command follows: argv and stdin in, exit code and the two
 * output streams out, as a process would. Commands never throw for bad input; the dispatcher
 * still catches anything that escapes and reports it as an internal error.
 */
import type { NamespaceHost, WorldHost } from './host.ts';
import type { FileSystem } from './runtime/files.ts';
import type { JobTable } from './runtime/jobs.ts';

export interface CommandResult {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * The same text in the order it was written, when the order matters: the command's two
   * streams interleaved, and what background jobs wrote to the terminal meanwhile (`job`).
   * When set, its fd 1 texts join to `stdout` and its fd 2 texts to `stderr`; when not, the
   * order is stdout then stderr. A terminal shows the chunks in order.
   */
  readonly output?: readonly OutputChunk[];
}

/** A piece of output; `job`: a background process wrote it straight to the terminal. */
export interface OutputChunk {
  readonly fd: 1 | 2;
  readonly text: string;
  readonly job?: true;
}

/** Where a background process's stdout (1) and stderr (2) go: the terminal, a file… */
export interface JobOutput {
  write(fd: 1 | 2, text: string): void;
}

export function ok(stdout = ''): CommandResult {
  return { exit: 0, stdout, stderr: '' };
}

export function fail(stderr: string, exit = 1, stdout = ''): CommandResult {
  return { exit, stdout, stderr };
}

/** A command the simulator does not model says so plainly instead of pretending (exit 1). */
export function notSimulated(what: string): CommandResult {
  return fail(`packetpath: '${what}' is not simulated\n`);
}

/** What the session offers a running command besides its argv and stdin. */
export interface ShellServices {
  readonly world: WorldHost;
  readonly files: FileSystem;
  /** Lines entered so far, oldest first (the `history` builtin). */
  history(): readonly string[];
  clearHistory(): void;
  /** Asks the terminal to clear its screen (`clear`). */
  clearScreen(): void;
  /** `exit`: nothing after it in the current input runs. */
  requestExit(): void;
  /** Runs shell text in a namespace, as `bash -c TEXT` does (stdin goes to the first command). */
  runText(ns: NamespaceHost, text: string, stdin: string): CommandResult;
  /** Runs a command line's argv in a namespace, as `ip netns exec` and `sudo` do. */
  runArgv(ns: NamespaceHost, argv: readonly string[], stdin: string): CommandResult;
  /** Wall clock and randomness come from the session so runs are reproducible. */
  now(): Date;
  random(): number;
  setVar(name: string, value: string): void;
  unsetVar(name: string): void;
  /** Names of every command the shell knows (`help`). */
  commandNames(): readonly string[];
  /** The interactive shell's background jobs (`jobs`, `kill %N`, `disown`). */
  readonly jobs: JobTable;
  /**
   * Takes what background jobs wrote to the terminal since it was last taken, so that a
   * command waiting on a server (curl) shows it where it happened among its own output.
   */
  takeJobOutput(): readonly OutputChunk[];
}

export interface CommandContext {
  /** argv[0] is the command name as typed (after `/usr/sbin/` and the like are stripped). */
  readonly argv: readonly string[];
  readonly stdin: string;
  readonly ns: NamespaceHost;
  readonly shell: ShellServices;
  /**
   * Set when the command runs as `CMD &`: the PID of its process. A server (`nc -l`) keeps
   * running under it; without it a server would block the terminal.
   */
  readonly background?: { readonly pid: number; readonly output: JobOutput };
}

export type ShellCommand = (ctx: CommandContext) => CommandResult;
