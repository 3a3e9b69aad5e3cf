/**
 * sysctl (procps-ng 4.0.2) over the namespace's net.* sysctls: read `k`, write `k=v` (with or
 * without -w), -n/-N/-q/-e, -a over the simulated (net.*) keys, -p FILE from the session's
 * files. Messages and exit codes as measured: `cannot stat /proc/sys/…` exit 1,
 * `setting key "k": Invalid argument` exit 1; a write echoes the value as given.
 */
import type { SysctlTable } from '../host.ts';
import { fail, notSimulated, type CommandContext, type CommandResult } from '../types.ts';

const USAGE = `
Usage:
 sysctl [options] [variable[=value] ...]

Options:
  -a, --all            display all variables
  -A                   alias of -a
  -X                   alias of -a
      --deprecated     include deprecated parameters to listing
      --dry-run        Print the key and values but do not write
  -b, --binary         print value without new line
  -e, --ignore         ignore unknown variables errors
  -N, --names          print variable names without values
  -n, --values         print only values of the given variable(s)
  -p, --load[=<file>]  read values from file
  -f                   alias of -p
      --system         read values from all system directories
  -r, --pattern <expression>
                       select setting that match expression
  -q, --quiet          do not echo variable set
  -w, --write          enable writing a value to variable
  -o                   does nothing
  -x                   does nothing
  -d                   alias of -h

 -h, --help     display this help and exit
 -V, --version  output version information and exit

For more details see sysctl(8).
`;

interface Flags {
  all: boolean;
  write: boolean;
  values: boolean;
  names: boolean;
  quiet: boolean;
  ignore: boolean;
  binary: boolean;
  load: string | undefined;
}

const SHORT: Readonly<Record<string, keyof Flags | 'noop'>> = {
  a: 'all',
  A: 'all',
  X: 'all',
  w: 'write',
  n: 'values',
  N: 'names',
  q: 'quiet',
  e: 'ignore',
  b: 'binary',
  o: 'noop',
  x: 'noop',
};
const LONG: Readonly<Record<string, keyof Flags>> = {
  '--all': 'all',
  '--write': 'write',
  '--values': 'values',
  '--names': 'names',
  '--quiet': 'quiet',
  '--ignore': 'ignore',
  '--binary': 'binary',
};

type Parsed = { flags: Flags; operands: string[] } | CommandResult;

function parseArgs(argv: readonly string[]): Parsed {
  const flags: Flags = {
    all: false,
    write: false,
    values: false,
    names: false,
    quiet: false,
    ignore: false,
    binary: false,
    load: undefined,
  };
  const operands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-h' || a === '-d' || a === '--help') return { exit: 0, stdout: USAGE, stderr: '' };
    if (a === '-V' || a === '--version')
      return { exit: 0, stdout: 'sysctl from procps-ng 4.0.2\n', stderr: '' };
    if (a === '-p' || a === '-f' || a === '--load') {
      flags.load =
        argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')
          ? argv[++i]!
          : '/etc/sysctl.conf';
    } else if (a.startsWith('--load=')) flags.load = a.slice(7);
    else if (LONG[a]) flags[LONG[a]] = true as never;
    else if (
      a === '--system' ||
      a === '--deprecated' ||
      a === '--dry-run' ||
      a === '-r' ||
      a.startsWith('--pattern')
    ) {
      return notSimulated(`sysctl ${a}`);
    } else if (a.startsWith('--')) {
      return { exit: 0, stdout: USAGE, stderr: `sysctl: unrecognized option '${a}'\n` };
    } else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        const f = SHORT[c];
        if (!f) return { exit: 0, stdout: USAGE, stderr: `sysctl: invalid option -- '${c}'\n` };
        if (f !== 'noop') flags[f] = true as never;
      }
    } else operands.push(a);
  }
  return { flags, operands };
}

export function sysctl(ctx: CommandContext): CommandResult {
  const parsed = parseArgs(ctx.argv);
  if ('exit' in parsed) return parsed;
  const { flags, operands } = parsed;
  const table = ctx.ns.sysctl;
  const out = new Output(flags);
  if (flags.load !== undefined) return load(ctx, flags, out);
  if (flags.all) {
    for (const key of table.keys()) out.show(key, table.get(key)!);
    return out.result();
  }
  if (operands.length === 0) return fail(USAGE);
  for (const op of operands) {
    if (flags.write || op.includes('=')) write(table, op, flags, out);
    else read(table, op, flags, out);
  }
  return out.result();
}

class Output {
  stdout = '';
  stderr = '';
  exit = 0;
  private readonly flags: Flags;
  constructor(flags: Flags) {
    this.flags = flags;
  }
  show(key: string, value: string): void {
    if (this.flags.names) this.stdout += `${key}\n`;
    else if (this.flags.values) this.stdout += this.flags.binary ? value : `${value}\n`;
    else this.stdout += `${key} = ${value}\n`;
  }
  error(text: string): void {
    this.stderr += `sysctl: ${text}\n`;
    this.exit = 1;
  }
  result(): CommandResult {
    return { exit: this.exit, stdout: this.stdout, stderr: this.stderr };
  }
}

const normalise = (name: string) => name.replace(/\//g, '.').replace(/^\.+|\.+$/g, '');
const procPath = (key: string) => `/proc/sys/${key.replace(/\./g, '/')}`;

function read(table: SysctlTable, name: string, flags: Flags, out: Output): void {
  const key = normalise(name);
  const value = table.get(key);
  if (value !== undefined) return out.show(key, value);
  const under = table.keys().filter((k) => k.startsWith(`${key}.`));
  if (under.length > 0) for (const k of under) out.show(k, table.get(k)!);
  else if (!flags.ignore) out.error(`cannot stat ${procPath(key)}: No such file or directory`);
}

function write(table: SysctlTable, setting: string, flags: Flags, out: Output): void {
  const eq = setting.indexOf('=');
  if (eq <= 0) return out.error(`command line(0): invalid syntax, continuing...`);
  const key = normalise(setting.slice(0, eq).trim());
  const value = setting.slice(eq + 1).trim();
  const r = table.set(key, value);
  if (r === 'unknown') {
    if (!flags.ignore) out.error(`cannot stat ${procPath(key)}: No such file or directory`);
  } else if (r === 'invalid') out.error(`setting key "${key}": Invalid argument`);
  else if (!flags.quiet) out.show(key, value);
}

/** -p FILE: `key = value` lines, `#` and `;` comments (sysctl.conf(5)). */
function load(ctx: CommandContext, flags: Flags, out: Output): CommandResult {
  const path = flags.load!;
  const read = ctx.shell.files.read(path, ctx.ns.sysctl);
  if ('error' in read) {
    if (path === '/etc/sysctl.conf') return out.result(); // Debian ships it with comments only
    out.error(`cannot open "${path}": ${read.error}`);
    return out.result();
  }
  for (const raw of read.text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    write(ctx.ns.sysctl, line.replace(/^-/, ''), flags, out);
  }
  return out.result();
}
