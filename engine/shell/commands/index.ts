/** Every command the simulated shell knows, by name. */
import type { ShellCommand } from '../types.ts';
import * as builtins from './builtins.ts';
import { sysctl } from './sysctl.ts';
import { ip } from './ip/index.ts';
import { ping } from './probe/ping.ts';
import { curl, nc } from './probe/tcp.ts';
import { python3 } from './probe/servers.ts';
import { disown, foreground, jobs, kill } from './jobs.ts';
import { IPTABLES_PROGRAMS, UNSIMULATED_PROGRAMS, namespaceProgram } from './programs.ts';
import { notSimulated } from '../types.ts';
import { LAZY_COMMANDS, lazyCommand } from './lazy.ts';

const table: [string, ShellCommand][] = [
  ['echo', builtins.echo],
  ['true', builtins.trueCmd],
  ['false', builtins.falseCmd],
  [':', builtins.trueCmd],
  ['pwd', builtins.pwd],
  ['cd', builtins.cd],
  ['export', builtins.exportCmd],
  ['unset', builtins.unset],
  ['history', builtins.history],
  ['clear', builtins.clear],
  ['sudo', builtins.sudo],
  ['help', builtins.help],
  ['which', builtins.which],
  ['type', builtins.type],
  ['exit', builtins.exit],
  ['sh', builtins.shC],
  ['bash', builtins.shC],
  ['sleep', () => notSimulated('sleep (simulated time does not pass)')],
  ['sysctl', sysctl],
  ['ip', ip],
  ['ping', ping],
  ['curl', curl],
  ['nc', nc],
  ['netcat', nc],
  ['python3', python3],
  ['jobs', jobs],
  ['kill', kill],
  ['disown', disown],
  ['fg', foreground],
  ['bg', foreground],
  ['wait', foreground],
  ...IPTABLES_PROGRAMS.map((n): [string, ShellCommand] => [n, namespaceProgram(n)]),
  ['nft', namespaceProgram('nft')],
  // Loaded on demand (lazy.ts): the stand-ins run the real commands once their code is loaded
  // (docker, kubectl, tcpdump, conntrack, bridge, the text tools…).
  ...LAZY_COMMANDS.map((n): [string, ShellCommand] => [n, lazyCommand(n)]),
  ...UNSIMULATED_PROGRAMS.map((n): [string, ShellCommand] => [n, () => notSimulated(n)]),
];

export const COMMANDS: ReadonlyMap<string, ShellCommand> = new Map(table);
