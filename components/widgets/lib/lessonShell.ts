/**
 * The lesson terminal's machine: the engine World of a lesson scenario and a small command
 * dispatcher over it. The engine's own shell (engine/shell) does not yet run on an engine World
 * nor wire iptables/ping (see COORDINATION.md 13:10); until it does, this adapter runs the
 * commands a lesson needs on the World directly, and says plainly which ones it does not.
 * `ip netns exec NS CMD…` runs CMD in another namespace of the scenario.
 */
import type { World } from '../../../engine/stack/index.ts';
import { buildLessonWorld, type ScenarioJson } from './lessonWorld.ts';
import { err, out, type CmdOutput } from './output.ts';
import { curl, nc, ping, probeOn } from './probeCommands.ts';
import { conntrack, ip, iptables, iptablesSave, sysctl } from './stateCommands.ts';
import { tryWords } from './words.ts';

export interface TermResult extends CmdOutput {
  /** `clear` ran (or Ctrl-L): wipe the screen. */
  readonly clear?: boolean;
  /** `reset` ran: the machine is back at the lesson's starting state. */
  readonly reset?: boolean;
}

export const COMMAND_NAMES = [
  'clear',
  'conntrack',
  'curl',
  'help',
  'history',
  'ip',
  'iptables',
  'iptables-save',
  'nc',
  'ping',
  'reset',
  'sysctl',
] as const;

const HELP = `Lesson terminal: a simulated Linux host running this lesson's scenario.
Commands: ${COMMAND_NAMES.join(' ')}
  iptables …          the rules probes traverse (iptables 1.8.9 syntax and errors)
  sysctl [-w] k[=v]   e.g. sysctl -w net.ipv4.ip_forward=1
  ip route | ip route get ADDR | ip addr | ip netns list
  ip netns exec NS CMD   run CMD in another namespace (a container)
  ping -c N ADDR | curl ADDR[:PORT] | nc -zv ADDR PORT   send real packets through the engine
  conntrack -L | -F   the connection tracking table
  reset               back to the lesson's starting state (clears the history)
`;

export class LessonShell {
  private world: World;
  private readonly lines: string[];
  private readonly scenario: ScenarioJson;
  readonly hostNs: string;

  constructor(scenario: ScenarioJson, history: readonly string[] = []) {
    this.scenario = scenario;
    this.world = buildLessonWorld(scenario).world;
    this.hostNs =
      'host' in scenario.namespaces ? 'host' : (Object.keys(scenario.namespaces)[0] ?? 'host');
    this.lines = [];
    for (const line of history) this.run(line);
  }

  /** The engine World the commands act on (the exercise checks and the tracer use it). */
  get machine(): World {
    return this.world;
  }

  history(): readonly string[] {
    return this.lines;
  }

  /** Runs pasted text line by line; one combined result. */
  run(text: string): TermResult {
    let stdout = '';
    let stderr = '';
    let exit = 0;
    let clear = false;
    let reset = false;
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') continue;
      const r = this.runLine(line);
      if (r.clear || r.reset) [stdout, stderr] = ['', ''];
      clear ||= r.clear === true;
      reset ||= r.reset === true;
      stdout += r.stdout;
      stderr += r.stderr;
      exit = r.exit;
    }
    return { exit, stdout, stderr, clear, reset };
  }

  private runLine(line: string): TermResult {
    if (line.trim() === 'reset') return this.reset();
    this.lines.push(line.trim());
    const words = tryWords(line.trim());
    if (typeof words === 'string')
      return err(`${words}\nbash: syntax error: unexpected end of file\n`, 2);
    if (words.some((w) => ['|', '>', '<', '&&', '||', ';'].includes(w)))
      return err(
        'packetpath: pipes, redirections and lists are not available in the lesson terminal yet\n',
        2,
      );
    const [cmd = '', ...args] = words;
    if (cmd === 'clear') return { ...out(''), clear: true };
    if (cmd === 'history')
      return out(this.lines.map((l, i) => `${String(i + 1).padStart(5)}  ${l}\n`).join(''));
    if (cmd === 'help') return out(HELP);
    return this.exec(this.hostNs, cmd, args);
  }

  private reset(): TermResult {
    this.world = buildLessonWorld(this.scenario).world;
    this.lines.length = 0;
    return { ...out("The lesson's starting state is back.\n"), reset: true };
  }

  private exec(nsName: string, cmd: string, args: readonly string[]): CmdOutput {
    const ns = this.world.ns(nsName);
    const probe = probeOn(this.world);
    switch (cmd) {
      case 'iptables':
      case 'iptables-nft':
        return iptables(ns, args);
      case 'iptables-save':
        return iptablesSave(ns, args);
      case 'sysctl':
        return sysctl(ns, args);
      case 'ip':
        return args[0] === 'netns' && args[1] === 'exec'
          ? this.netnsExec(args.slice(2))
          : ip(ns, args, this.netnsNames());
      case 'conntrack':
        return conntrack(ns, args);
      case 'ping':
        return ping(args, nsName, probe);
      case 'curl':
        return curl(args, nsName, probe);
      case 'nc':
        return nc(args, nsName, probe);
      case '':
        return out('');
      default:
        return err(`bash: ${cmd}: command not found\n`, 127);
    }
  }

  private netnsExec(args: readonly string[]): CmdOutput {
    const [name, cmd, ...rest] = args;
    if (name === undefined || cmd === undefined) return err('Usage: ip netns exec NAME cmd ...\n');
    if (!this.netnsNames().includes(name))
      return err(`Cannot open network namespace "${name}": No such file or directory\n`, 1);
    return this.exec(name, cmd, rest);
  }

  netnsNames(): string[] {
    return [...this.world.namespaces.keys()].filter((n) => n !== this.hostNs);
  }
}
