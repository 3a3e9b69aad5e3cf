/**
 * bash builtins the lessons use: echo, true/false/:, export/unset, pwd, cd, history, clear,
 * help, and `sudo` (the learner is already root, so it just runs the command).
 */
import { HOME } from '../runtime/expand.ts';
import { C_ESCAPES } from '../syntax/lexer.ts';
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';
import { UNSIMULATED_PROGRAMS } from './programs.ts';

/** echo (bash builtin): leading -n/-e/-E options, -e escapes as in bash(1) `echo`. */
export function echo({ argv }: CommandContext): CommandResult {
  let i = 1;
  let newline = true;
  let escapes = false;
  for (; i < argv.length && /^-[neE]+$/.test(argv[i]!); i++) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 'n') newline = false;
      else escapes = c === 'e';
    }
  }
  const text = argv.slice(i).join(' ');
  if (!escapes) return ok(text + (newline ? '\n' : ''));
  const { out, stopped } = echoEscapes(text);
  return ok(out + (newline && !stopped ? '\n' : ''));
}

function echoEscapes(text: string): { out: string; stopped: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c !== '\\' || next === undefined) {
      out += c;
      continue;
    }
    if (next === 'c') return { out, stopped: true };
    const simple = C_ESCAPES[next];
    const oct = /^0[0-7]{0,3}/.exec(text.slice(i + 1, i + 5));
    const hex = /^x[0-9a-fA-F]{1,2}/.exec(text.slice(i + 1, i + 4));
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (oct) {
      out += String.fromCharCode(parseInt(oct[0], 8) & 0xff);
      i += oct[0].length;
    } else if (hex) {
      out += String.fromCharCode(parseInt(hex[0].slice(1), 16));
      i += hex[0].length;
    } else out += c;
  }
  return { out, stopped: false };
}

export const trueCmd = (): CommandResult => ok();
export const falseCmd = (): CommandResult => fail('', 1);

export function pwd(): CommandResult {
  return ok(`${HOME}\n`);
}

/** The session has no directory tree, so only the home directory can be entered. */
export function cd({ argv }: CommandContext): CommandResult {
  const dir = argv[1];
  if (dir === undefined || dir === '~' || dir === HOME || dir === '.') return ok();
  return notSimulated(`cd ${dir}`);
}

export function exportCmd({ argv, shell }: CommandContext): CommandResult {
  for (const arg of argv.slice(1)) {
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      return fail(`bash: export: \`${arg}': not a valid identifier\n`);
    if (eq !== -1) shell.setVar(name, arg.slice(eq + 1));
  }
  return ok();
}

export function unset({ argv, shell }: CommandContext): CommandResult {
  for (const name of argv.slice(1)) shell.unsetVar(name);
  return ok();
}

/** history [-c] [N] (bash builtin): numbered lines, `%5d  %s`. */
export function history({ argv, shell }: CommandContext): CommandResult {
  if (argv[1] === '-c') {
    shell.clearHistory();
    return ok();
  }
  const lines = shell.history();
  let from = 0;
  if (argv[1] !== undefined) {
    if (!/^\d+$/.test(argv[1]))
      return fail(`bash: history: ${argv[1]}: numeric argument required\n`);
    from = Math.max(0, lines.length - Number(argv[1]));
  }
  let out = '';
  for (let i = from; i < lines.length; i++) {
    out += `${String(i + 1).padStart(5)}  ${lines[i]!.replace(/\n/g, '\n       ')}\n`;
  }
  return ok(out);
}

export function clear({ shell }: CommandContext): CommandResult {
  shell.clearScreen();
  return ok();
}

/** sudo CMD… runs CMD: the simulated user is root already. */
export function sudo(ctx: CommandContext): CommandResult {
  const rest = ctx.argv.slice(1);
  if (rest.length === 0) {
    return fail('usage: sudo -h | -K | -k | -V\nusage: sudo [-u user] command [arg ...]\n');
  }
  if (rest[0]!.startsWith('-')) return notSimulated(`sudo ${rest[0]}`);
  return ctx.shell.runArgv(ctx.ns, rest, ctx.stdin);
}

export function help({ shell }: CommandContext): CommandResult {
  const refused = new Set<string>([...UNSIMULATED_PROGRAMS, 'sleep']);
  const names = shell.commandNames().filter((n) => !refused.has(n));
  const lines = [
    'Packet Path simulated shell: a Linux host with its network stack simulated.',
    'Quoting, ;, &&, ||, |, here-documents (<<EOF) and > / < redirections work as in bash.',
    '',
    'Commands:',
    ...wrap(names, 76).map((l) => `  ${l}`),
    '',
    "Anything else answers 'command not found'; an option the simulator does not model says so.",
  ];
  return ok(lines.join('\n') + '\n');
}

function wrap(words: readonly string[], width: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const w of words) {
    if (cur && cur.length + 1 + w.length > width) {
      lines.push(cur);
      cur = w;
    } else cur = cur ? `${cur} ${w}` : w;
  }
  if (cur) lines.push(cur);
  return lines;
}

/**
 * Where the simulated host keeps each tool (Debian 12 paths), for `which` and `type`: these in
 * /usr/sbin (tcpdump's package installs /usr/bin/tcpdump; ss is /usr/bin/ss through /bin).
 */
const SBIN =
  /^(ip|iptables.*|ip6tables.*|nft|sysctl|modprobe|lsmod|bridge|conntrack|route|dockerd)$/;
const BUILTINS = new Set([
  'echo',
  'printf',
  'true',
  'false',
  ':',
  'pwd',
  'cd',
  'export',
  'unset',
  'history',
  'help',
  'exit',
  'type',
  'jobs',
  'kill',
  'disown',
  'fg',
  'bg',
  'wait',
]);
/** Builtins Debian also installs as programs (procps' /usr/bin/kill), for `which`. */
const ALSO_ON_PATH = new Set(['kill']);

function pathOf(name: string): string {
  if (name === 'docker' || name === 'kubectl') return `/usr/bin/${name}`;
  return SBIN.test(name) ? `/usr/sbin/${name}` : `/usr/bin/${name}`;
}

/** which NAME…: the path of each known command; exit 1 if one is unknown. */
export function which({ argv, shell }: CommandContext): CommandResult {
  const known = new Set(shell.commandNames());
  let out = '';
  let exit = 0;
  for (const name of argv.slice(1)) {
    const program = !BUILTINS.has(name) || ALSO_ON_PATH.has(name);
    if (known.has(name) && program && name !== 'sudo') out += `${pathOf(name)}\n`;
    else if (name === 'sudo') out += '/usr/bin/sudo\n';
    else exit = 1;
  }
  return { exit, stdout: out, stderr: '' };
}

/** type NAME…: builtin or path, as bash prints it. */
export function type({ argv, shell }: CommandContext): CommandResult {
  const known = new Set(shell.commandNames());
  let out = '';
  let err = '';
  for (const name of argv.slice(1)) {
    if (BUILTINS.has(name)) out += `${name} is a shell builtin\n`;
    else if (known.has(name)) out += `${name} is ${pathOf(name)}\n`;
    else err += `bash: type: ${name}: not found\n`;
  }
  return { exit: err ? 1 : 0, stdout: out, stderr: err };
}

/** exit [N]: ends the input being run (later lines are not run), with status N or $?. */
export function exit({ argv, shell }: CommandContext): CommandResult {
  const n = argv[1];
  shell.requestExit();
  if (n !== undefined && !/^-?\d+$/.test(n))
    return { exit: 2, stdout: '', stderr: `bash: exit: ${n}: numeric argument required\n` };
  return { exit: n === undefined ? 0 : ((Number(n) % 256) + 256) % 256, stdout: '', stderr: '' };
}

/** sh -c TEXT, bash -c TEXT, bash FILE: runs the text in the same simulated host and namespace. */
export function shC(ctx: CommandContext): CommandResult {
  const [name, flag, text] = ctx.argv;
  if (flag === '-c' && text !== undefined) return ctx.shell.runText(ctx.ns, text, ctx.stdin);
  if (flag === undefined || flag.startsWith('-'))
    return notSimulated(`${name} ${ctx.argv.slice(1).join(' ')}`.trim());
  const file = ctx.shell.files.read(flag, ctx.ns.sysctl);
  if ('error' in file) return fail(`${name}: ${flag}: ${file.error}\n`, 127);
  return ctx.shell.runText(ctx.ns, file.text, ctx.stdin);
}
