/**
 * sort [-r] [-u] [-n], uniq [-c] and tee [-a] FILE…, for pipelines over iptables output. Sorting
 * compares bytes, as GNU sort does in the C locale the recordings use (LC_ALL=C).
 */
import { fail, notSimulated, type CommandContext, type CommandResult } from '../types.ts';

function lines(text: string): string[] {
  const all = text.split('\n');
  if (all[all.length - 1] === '') all.pop();
  return all;
}

function flags(
  ctx: CommandContext,
  allowed: string,
): { set: Set<string>; files: string[] } | CommandResult {
  const set = new Set<string>();
  const files: string[] = [];
  for (const a of ctx.argv.slice(1)) {
    if (a.startsWith('-') && a !== '-') {
      for (const c of a.slice(1)) {
        if (!allowed.includes(c)) return notSimulated(`${ctx.argv[0]} -${c}`);
        set.add(c);
      }
    } else files.push(a);
  }
  return { set, files };
}

function input(ctx: CommandContext, files: readonly string[]): { text: string } | CommandResult {
  if (files.length === 0) return { text: ctx.stdin };
  let text = '';
  for (const f of files) {
    const r = f === '-' ? { text: ctx.stdin } : ctx.shell.files.read(f, ctx.ns.sysctl);
    if ('error' in r) return fail(`${ctx.argv[0]}: cannot read: ${f}: ${r.error}\n`, 2);
    text += r.text;
  }
  return { text };
}

const bytewise = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sort(ctx: CommandContext): CommandResult {
  const f = flags(ctx, 'run');
  if ('exit' in f) return f;
  const src = input(ctx, f.files);
  if ('exit' in src) return src;
  const numeric = (s: string) => Number(/^\s*(-?\d+(\.\d+)?)/.exec(s)?.[1] ?? 0);
  let out = lines(src.text).sort(
    f.set.has('n') ? (a, b) => numeric(a) - numeric(b) || bytewise(a, b) : bytewise,
  );
  if (f.set.has('r')) out.reverse();
  if (f.set.has('u')) out = out.filter((l, i) => i === 0 || l !== out[i - 1]);
  return { exit: 0, stdout: out.map((l) => `${l}\n`).join(''), stderr: '' };
}

export function uniq(ctx: CommandContext): CommandResult {
  const f = flags(ctx, 'c');
  if ('exit' in f) return f;
  const src = input(ctx, f.files.slice(0, 1));
  if ('exit' in src) return src;
  const runs: [string, number][] = [];
  for (const l of lines(src.text)) {
    const lastRun = runs[runs.length - 1];
    if (lastRun && lastRun[0] === l) lastRun[1]++;
    else runs.push([l, 1]);
  }
  const out = runs.map(([l, n]) => (f.set.has('c') ? `${String(n).padStart(7)} ${l}\n` : `${l}\n`));
  return { exit: 0, stdout: out.join(''), stderr: '' };
}

export function tee(ctx: CommandContext): CommandResult {
  const f = flags(ctx, 'a');
  if ('exit' in f) return f;
  let stderr = '';
  for (const name of f.files) {
    // tee(1) reports a file it cannot open, writes the others and stdout, and exits 1.
    const opened = ctx.shell.files.open(name, f.set.has('a'), ctx.ns.sysctl);
    if ('notSimulated' in opened) return notSimulated(`tee: ${opened.notSimulated}`);
    const error = opened.ok ? opened.file.write(ctx.stdin) : opened.error;
    if (error !== undefined) stderr += `tee: ${name}: ${error}\n`;
  }
  return { exit: stderr ? 1 : 0, stdout: ctx.stdin, stderr };
}
