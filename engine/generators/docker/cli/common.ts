/** What every docker CLI command shares: error shapes and exit codes of the 20.10 client. */
import type { CommandResult } from '../../../shell/types.ts';
import type { Daemon, DockerState } from '../state.ts';
import { parseFlags, type FlagSpec, type ParsedFlags } from './flags.ts';

export const NO_DAEMON =
  'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

export function out(stdout: string): CommandResult {
  return { exit: 0, stdout, stderr: '' };
}

export function err(stderr: string, exit = 1, stdout = ''): CommandResult {
  return { exit, stdout, stderr: stderr.endsWith('\n') ? stderr : `${stderr}\n` };
}

/** A daemon error as the client prints it for most commands. */
export function daemonErr(text: string): CommandResult {
  return err(`Error response from daemon: ${text}`);
}

/** cli.StatusError from cobra's flag errors: exit 125 with the help hint. */
export function flagErr(path: string, text: string): CommandResult {
  return err(`${text}\nSee '${path} --help'.`, 125);
}

/** `docker run`'s reportError: "docker: TEXT." plus the help hint, exit 125. */
export function runErr(text: string, withHelp: boolean): CommandResult {
  const body = `docker: ${text.replace(/\.$/, '')}.${withHelp ? "\nSee 'docker run --help'." : ''}`;
  return err(body, 125);
}

export interface Usage {
  readonly path: string;
  readonly usage: string;
  readonly short: string;
}

/** cli.ExactArgs / RequiresMinArgs errors (plain errors: exit 1). */
export function argsErr(u: Usage, requirement: string): CommandResult {
  return err(
    `"${u.path}" requires ${requirement}.\nSee '${u.path} --help'.\n\nUsage:  ${u.usage}\n\n${u.short}`,
  );
}

export type Parsed = { ok: true; flags: ParsedFlags } | { ok: false; result: CommandResult };

export function parse(
  u: Usage,
  argv: readonly string[],
  specs: readonly FlagSpec[],
  interspersed = true,
): Parsed {
  const r = parseFlags(argv, specs, interspersed);
  return r.ok ? r : { ok: false, result: flagErr(u.path, r.error) };
}

export type WithDaemon = { ok: true; daemon: Daemon } | { ok: false; result: CommandResult };

export function needDaemon(state: DockerState): WithDaemon {
  return state.daemon ? { ok: true, daemon: state.daemon } : { ok: false, result: err(NO_DAEMON) };
}
