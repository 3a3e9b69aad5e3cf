/** `docker …`: the client's top-level dispatch (argv → daemon action → exit, stdout, stderr). */
import type { CommandResult } from '../../../shell/types.ts';
import type { DockerState } from '../state.ts';
import { err, out } from './common.ts';
import { IptablesError } from '../iptablesCalls.ts';
import { runContainerCmd } from './containerCmds.ts';
import { runNetwork } from './networkCmds.ts';

const HELP = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers (simulated: networking only)

Commands:
  kill        Kill one or more running containers
  port        List port mappings or a specific mapping for the container
  ps          List containers
  rm          Remove one or more containers
  run         Run a command in a new container
  start       Start one or more stopped containers
  stop        Stop one or more running containers

Management Commands:
  network     Manage networks
`;

/** `docker container ls|run|rm|…`: the management-command spellings of the same commands. */
function containerManagement(state: DockerState, argv: readonly string[]): CommandResult {
  const [sub, ...rest] = argv;
  const name = sub === 'ls' || sub === 'list' ? 'ps' : sub === 'remove' ? 'rm' : sub;
  const r = name === undefined ? undefined : runContainerCmd(state, name, rest);
  if (r !== undefined) return r;
  return err(`packetpath: 'docker container ${sub ?? ''}' is not simulated`);
}

/** Real docker commands outside the simulated set: said plainly, never "not a docker command". */
const KNOWN = new Set([
  'attach',
  'build',
  'commit',
  'cp',
  'create',
  'diff',
  'events',
  'exec',
  'export',
  'history',
  'images',
  'import',
  'info',
  'inspect',
  'load',
  'login',
  'logout',
  'logs',
  'pause',
  'pull',
  'push',
  'rename',
  'restart',
  'rmi',
  'save',
  'search',
  'stats',
  'tag',
  'top',
  'unpause',
  'update',
  'version',
  'wait',
  'container',
  'image',
  'volume',
  'system',
  'compose',
  'swarm',
  'service',
  'node',
  'secret',
  'config',
  'plugin',
  'context',
  'builder',
  'buildx',
  'checkpoint',
  'manifest',
  'stack',
  'trust',
]);

/**
 * `docker ARGV…`. A failing iptables call inside the daemon (say, a chain the user deleted by
 * hand) comes back as the daemon's error, as dockerd reports it, never as an exception.
 */
export function runDocker(state: DockerState, argv: readonly string[]): CommandResult {
  try {
    return dispatch(state, argv);
  } catch (e) {
    if (e instanceof IptablesError) return err(`Error response from daemon: ${e.message.trim()}`);
    throw e;
  }
}

function dispatch(state: DockerState, argv: readonly string[]): CommandResult {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === 'help') return out(HELP);
  if (cmd === 'network') return runNetwork(state, rest);
  if (cmd === 'container') return containerManagement(state, rest);
  const r = runContainerCmd(state, cmd, rest);
  if (r !== undefined) return r;
  if (KNOWN.has(cmd)) return err(`packetpath: 'docker ${cmd}' is not simulated`);
  if (cmd.startsWith('-')) return err(`unknown flag: ${cmd}\nSee 'docker --help'.`, 125);
  return err(`docker: '${cmd}' is not a docker command.\nSee 'docker --help'`);
}
