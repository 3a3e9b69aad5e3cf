/**
 * The text tools lessons pipe iptables output through: cat, grep, head, tail, wc. Only the
 * options listed are modelled; any other option is refused by name rather than ignored.
 */
import { fail, notSimulated, type CommandContext, type CommandResult } from '../types.ts';
import { toJsRegex } from './regex.ts';

/** Reads each operand (`-` or none = stdin), as cat(1) without options. */
function inputs(
  ctx: CommandContext,
  operands: readonly string[],
  tool: string,
): { texts: [string, string][]; errors: string } {
  const texts: [string, string][] = [];
  let errors = '';
  if (operands.length === 0) return { texts: [['(standard input)', ctx.stdin]], errors };
  for (const name of operands) {
    if (name === '-') {
      texts.push(['(standard input)', ctx.stdin]);
      continue;
    }
    const read = ctx.shell.files.read(name, ctx.ns.sysctl);
    if ('error' in read) errors += `${tool}: ${name}: ${read.error}\n`;
    else texts.push([name, read.text]);
  }
  return { texts, errors };
}

export function cat(ctx: CommandContext): CommandResult {
  const operands = ctx.argv.slice(1);
  const option = operands.find((a) => a.startsWith('-') && a !== '-');
  if (option) return notSimulated(`cat ${option}`);
  const { texts, errors } = inputs(ctx, operands, 'cat');
  return { exit: errors ? 1 : 0, stdout: texts.map(([, t]) => t).join(''), stderr: errors };
}

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

interface GrepOptions {
  invert: boolean;
  ignoreCase: boolean;
  count: boolean;
  number: boolean;
  quiet: boolean;
  word: boolean;
  mode: 'basic' | 'extended' | 'fixed';
  patterns: string[];
  files: string[];
}

function grepOptions(argv: readonly string[]): GrepOptions | CommandResult {
  const o: GrepOptions = {
    invert: false,
    ignoreCase: false,
    count: false,
    number: false,
    quiet: false,
    word: false,
    mode: 'basic',
    patterns: [],
    files: [],
  };
  const flags: Record<string, () => void> = {
    v: () => (o.invert = true),
    i: () => (o.ignoreCase = true),
    c: () => (o.count = true),
    n: () => (o.number = true),
    q: () => (o.quiet = true),
    w: () => (o.word = true),
    E: () => (o.mode = 'extended'),
    F: () => (o.mode = 'fixed'),
    G: () => (o.mode = 'basic'),
  };
  const operands: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a === '-e') {
      if (argv[i + 1] === undefined)
        return fail(
          "grep: option requires an argument -- 'e'\nUsage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
          2,
        );
      o.patterns.push(argv[++i]!);
    } else if (a.startsWith('-') && a.length > 1) {
      for (const c of a.slice(1)) {
        const set = flags[c];
        if (!set) return notSimulated(`grep -${c}`);
        set();
      }
    } else operands.push(a);
  }
  if (o.patterns.length === 0) {
    const pattern = operands.shift();
    if (pattern === undefined)
      return fail(
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
        2,
      );
    o.patterns.push(...pattern.split('\n'));
  }
  o.files = operands;
  return o;
}

/** grep [-vicnqwEFG] [-e PATTERN]… [PATTERN] [FILE…] (GNU grep exit codes: 0 match, 1 none, 2 error). */
export function grep(ctx: CommandContext): CommandResult {
  const o = grepOptions(ctx.argv);
  if ('exit' in o) return o;
  // A backtracking engine can take exponential time on nested repetition such as (a+)+; GNU
  // grep's automaton cannot. Refuse those rather than freeze the page.
  const sources = o.patterns.map((p) => toJsRegex(p, o.mode));
  if (
    sources.some((src) => /\([^()]*(?:[*+|]|\{\d*,\d*\})[^()]*\)(?:[*+]|\{\d*,\d*\})/.test(src))
  ) {
    return notSimulated('grep with nested repetition (a backtracking engine could hang on it)');
  }
  let re: RegExp;
  try {
    re = new RegExp(sources.map((src) => wordWrap(src, o.word)).join('|'), o.ignoreCase ? 'i' : '');
  } catch {
    return fail('grep: Invalid regular expression\n', 2);
  }
  const { texts, errors } = inputs(ctx, o.files, 'grep');
  const prefixName = texts.length > 1;
  let out = '';
  let matched = 0;
  for (const [name, text] of texts) {
    let n = 0;
    lines(text).forEach((line, idx) => {
      if (re.test(line) === o.invert) return;
      n++;
      if (!o.count && !o.quiet)
        out += `${prefixName ? `${name}:` : ''}${o.number ? `${idx + 1}:` : ''}${line}\n`;
    });
    if (o.count && !o.quiet) out += `${prefixName ? `${name}:` : ''}${n}\n`;
    matched += n;
  }
  const exit = errors && !(o.quiet && matched > 0) ? 2 : matched > 0 ? 0 : 1;
  return { exit, stdout: o.quiet ? '' : out, stderr: errors };
}

function wordWrap(source: string, word: boolean): string {
  return word ? `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])` : `(?:${source})`;
}

/** head/tail -n N (also -N and -n+N for tail), one input. */
function slice(ctx: CommandContext, tool: 'head' | 'tail'): CommandResult {
  let count = 10;
  let fromStart = false;
  const files: string[] = [];
  const args = ctx.argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value =
      a === '-n'
        ? args[++i]
        : a.startsWith('-n')
          ? a.slice(2)
          : /^-\d+$/.test(a)
            ? a.slice(1)
            : undefined;
    if (value !== undefined) {
      fromStart = tool === 'tail' && value.startsWith('+');
      if (!/^[+]?\d+$/.test(value)) return fail(`${tool}: invalid number of lines: '${value}'\n`);
      count = Number(value.replace('+', ''));
    } else if (a.startsWith('-') && a !== '-') return notSimulated(`${tool} ${a}`);
    else files.push(a);
  }
  const { texts, errors } = inputs(ctx, files, tool);
  const out = texts.map(([, text]) => {
    const all = lines(text);
    const picked =
      tool === 'head'
        ? all.slice(0, count)
        : fromStart
          ? all.slice(Math.max(0, count - 1))
          : all.slice(Math.max(0, all.length - count));
    return picked.map((l) => `${l}\n`).join('');
  });
  return { exit: errors ? 1 : 0, stdout: out.join(''), stderr: errors };
}

export const head = (ctx: CommandContext) => slice(ctx, 'head');
export const tail = (ctx: CommandContext) => slice(ctx, 'tail');

/** wc -l (the only count lessons use); without options the three columns of wc(1). */
export function wc(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  const option = args.find((a) => a.startsWith('-') && a !== '-l');
  if (option) return notSimulated(`wc ${option}`);
  const onlyLines = args.includes('-l');
  const files = args.filter((a) => a !== '-l');
  const { texts, errors } = inputs(ctx, files, 'wc');
  const out = texts.map(([name, text]) => {
    const nl = (text.match(/\n/g) ?? []).length;
    const suffix = files.length > 0 ? ` ${name}` : '';
    if (onlyLines) return `${nl}${suffix}\n`;
    const words = text.split(/\s+/).filter(Boolean).length;
    const bytes = new TextEncoder().encode(text).length;
    const width = files.length > 0 ? String(bytes).length : 7;
    return `${[nl, words, bytes].map((n) => String(n).padStart(width)).join(' ')}${suffix}\n`;
  });
  return { exit: errors ? 1 : 0, stdout: out.join(''), stderr: errors };
}
