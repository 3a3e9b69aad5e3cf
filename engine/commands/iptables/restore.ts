/**
 * iptables-restore (iptables/xtables-restore.c, nft backend, 1.8.9): `*table` opens a table
 * (flushed unless --noflush), `:CHAIN POLICY [p:b]` declares chains, other lines are iptables
 * commands for that table, COMMIT sends the table's batch to the kernel, which applies it
 * atomically or refuses it (restoreCommit.ts). --test parses without applying; -c restores
 * counters. Errors name the line as iptables-restore does.
 *
 * One pass, linear in the input: lines are read in place (no copies), the batch is changed in
 * place and checked once at COMMIT; where each rule came from is only worked out again when
 * the kernel refuses the batch.
 */
import type { Rule, Ruleset } from '../../netfilter/model.ts';
import { VERSION, XtError, formatError, paramProblem } from './errors.ts';
import { parseIptables } from './parse.ts';
import type { ParsedCommand } from './parseFinish.ts';
import { batchAppend, execIptables } from './exec.ts';
import { CMD } from './options.ts';
import { restoreWords } from './restoreTokens.ts';
import type { CmdResult } from './index.ts';
import {
  appendRead,
  commitBatch,
  declareChain,
  openBatch,
  type Batch,
  type Track,
} from './restoreBatch.ts';
import { refusalText, type Replay } from './restoreRefusal.ts';
import { LineFailure, PROG, fail, parseRestoreOpts, type RestoreOpts } from './restoreOpts.ts';

export type { RestoreOpts } from './restoreOpts.ts';

/** `[pkts:bytes] ` before a rule (iptables-save -c); the counters and where the rule starts. */
function counterPrefix(line: string): { pkts: string; bytes: string; rest: number } | undefined {
  const m = /^\[(\d+):(\d+)\]\s*/.exec(line);
  return m ? { pkts: m[1] as string, bytes: m[2] as string, rest: m[0].length } : undefined;
}

/** argv[0] of each rule line's command. */
const ARGV0 = [PROG];

function rethrow(e: unknown, n: number): never {
  if (!(e instanceof XtError)) throw e;
  if (e.exit === 4) fail(4, `${PROG} ${VERSION}: \nline ${n}:${e.message}\n`);
  if (e.kind === 'bare') fail(e.exit, `${PROG}: line ${n} failed: ${e.message}\n`);
  fail(e.exit, formatError(e, PROG, n));
}

function ruleLine(b: Batch, line: string, n: number, o: RestoreOpts, track?: Track): void {
  let text = line;
  const c = line.charCodeAt(0) === 91 ? counterPrefix(line) : undefined;
  if (c) text = line.slice(c.rest);
  // With the shortcut installed (restoreShortcut.ts), the common shapes are read from the line
  // directly (checked against the parser); counters given with -c go through the parser's -c.
  const reader = b.reader;
  if (reader && !(c && o.counters)) {
    if (!track) {
      const rule = reader.rule(text);
      if (rule) return appendFast(b, rule, reader.chain(), n);
    } else {
      const fast = reader.command(text);
      if (fast) return run(b, fast, n, track);
    }
  }
  const { words, unterminated } = restoreWords(text, ARGV0);
  if (unterminated) fail(2, formatError(paramProblem(`Unterminated quote at line ${n}`), PROG, n));
  if (c && o.counters) words.push('-c', c.pkts, c.bytes);
  let parsed: ParsedCommand;
  try {
    parsed = parseIptables(words, true, b.name);
  } catch (e) {
    rethrow(e, n);
  }
  run(b, parsed, n, track);
}

function appendFast(b: Batch, rule: Rule, chain: string, n: number): void {
  try {
    appendRead(b, rule, chain);
  } catch (e) {
    rethrow(e, n);
  }
}

function run(b: Batch, p: ParsedCommand, n: number, track?: Track): void {
  // Any other command may replace or remove the chain appendRead remembers.
  b.last = undefined;
  try {
    if (track) track(p, n);
    else if (p.command === CMD.APPEND) batchAppend(b.scratch, p);
    else execIptables(b.scratch, p);
  } catch (e) {
    rethrow(e, n);
  }
}

/** Does the line hold nothing but blanks (String.prototype.trim's)? */
function blank(line: string, c0: number): boolean {
  return (c0 <= 32 || c0 > 126) && line.trim() === '';
}

function isCommit(line: string, c0: number): boolean {
  return (c0 === 67 || c0 <= 32 || c0 > 126) && line.trim() === 'COMMIT';
}

/** The line as iptables-restore reads it: without a trailing CR. */
function lineAt(lines: readonly string[], i: number): string {
  const raw = lines[i] as string;
  return raw.charCodeAt(raw.length - 1) === 13 ? raw.slice(0, -1) : raw;
}

/**
 * Runs the lines of the batch opened at `from` (its `*table` line) up to COMMIT, and returns
 * the index of the COMMIT line. With `track`, rule commands go to it instead of being run.
 */
export function batchLines(
  lines: readonly string[],
  from: number,
  b: Batch,
  o: RestoreOpts,
  track?: Track,
): number {
  for (let i = from + 1; i < lines.length; i++) {
    const line = lineAt(lines, i);
    const c0 = line.charCodeAt(0);
    if (c0 === 35 || line.length === 0 || blank(line, c0)) continue;
    if (isCommit(line, c0)) return i;
    const n = i + 1;
    if (c0 === 58) declareChain(b, line, n, o);
    else if (c0 === 42) fail(1, `${PROG}: line ${n} failed\n`);
    else ruleLine(b, line, n, o, track);
  }
  fail(1, `${PROG}: COMMIT expected at line ${lines.length + 1}\n`);
}

function restoreLines(rs: Ruleset, lines: readonly string[], o: RestoreOpts): CmdResult {
  for (let i = 0; i < lines.length; i++) {
    const line = lineAt(lines, i);
    const c0 = line.charCodeAt(0);
    if (c0 === 35 || line.length === 0 || blank(line, c0)) continue;
    if (c0 !== 42) fail(1, `${PROG}: line ${i + 1} failed\n`);
    const b = openBatch(rs, line.slice(1).trim(), i, o);
    const end = batchLines(lines, i, b, o);
    const replay: Replay = {
      open: () => openBatch(rs, b.name, b.start, o),
      run: (again, track) => batchLines(lines, b.start, again, o, track),
    };
    commitBatch(rs, b, o, (t) => refusalText(replay, end + 1, t));
    i = end;
  }
  return { exit: 0, stdout: '', stderr: '' };
}

function guarded(run: () => CmdResult): CmdResult {
  try {
    return run();
  } catch (e) {
    if (e instanceof LineFailure) return e.result;
    const msg = e instanceof Error ? e.message : String(e);
    return {
      exit: 1,
      stdout: '',
      stderr: `${PROG} ${VERSION}: internal simulator error: ${msg}\n`,
    };
  }
}

/**
 * iptables-restore over input already split into lines (without their `\n`), as the scenario
 * runner holds a namespace's rules. Never throws.
 */
export function runIptablesRestoreLines(
  rs: Ruleset,
  args: readonly string[],
  lines: readonly string[],
): CmdResult {
  const o = parseRestoreOpts(args);
  if (!('counters' in o)) return o;
  return guarded(() => restoreLines(rs, lines, o));
}

/** `iptables-restore ARGS < input`. Never throws. */
export function runIptablesRestore(rs: Ruleset, args: readonly string[], input: string): CmdResult {
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return runIptablesRestoreLines(rs, args, lines);
}
