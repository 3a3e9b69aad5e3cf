/**
 * iptables-restore (iptables/xtables-restore.c, nft backend, 1.8.9): `*table` opens a table
 * (flushed unless --noflush), `:CHAIN POLICY [p:b]` declares chains, other lines are iptables
 * commands for that table, COMMIT applies the table atomically. --test parses without
 * applying; -c restores counters. Errors name the line as iptables-restore does.
 */
import type { Ruleset, Table, TableName } from '../../netfilter/model.ts';
import { BUILTIN_CHAINS, isTableName, newTable } from '../../netfilter/model.ts';
import { VERSION, XtError, formatError, paramProblem } from './errors.ts';
import { parseIptables } from './parse.ts';
import { execIptables, markBatch } from './exec.ts';
import { ERRNO_TEXT, validateTableDetailed } from './validate.ts';
import type { Rule } from '../../netfilter/model.ts';
import { cloneTable } from './tableOps.ts';
import { restoreWords } from './restoreTokens.ts';
import type { CmdResult } from './index.ts';
import { noteChain, noteTable } from './nftOrder.ts';

function opName(words: readonly string[]): string {
  if (words.includes('-I') || words.includes('--insert')) return 'RULE_INSERT';
  if (words.includes('-R') || words.includes('--replace')) return 'RULE_REPLACE';
  return 'RULE_APPEND';
}

/**
 * The kernel's check of the whole batch at COMMIT. A refusal names the line of the refused
 * rule, which only a tracked batch knows (see `replayTracked`).
 */
function validateBatch(open: Open, commitLine: number): void {
  const t = open.scratch.tables[open.name];
  const refusal = t && validateTableDetailed(t);
  if (!refusal) return;
  if (!open.track) throw new Untracked();
  const n = refusal.rule && open.track.lines.get(refusal.rule);
  const at = n !== undefined ? open.track.info.get(n) : undefined;
  const where = at ? `line ${n}: ${at.op}` : `line ${commitLine}: RULE_APPEND`;
  const what = at ? `rule in chain ${at.chain}` : 'table';
  fail(4, `${PROG} ${VERSION}: \n${where} failed (${ERRNO_TEXT[refusal.errno]}): ${what}\n`);
}

/** nft order after a restore: used built-in chains, then user chains as declared. */
function noteRestored(rs: Ruleset, t: Table): void {
  noteTable(rs, t.name);
  for (const c of t.chains.values()) {
    if (!c.builtin || c.rules.length > 0 || c.policy !== 'ACCEPT') noteChain(rs, t.name, c.name);
  }
}

const PROG = 'iptables-restore';

interface RestoreOpts {
  counters: boolean;
  noflush: boolean;
  test: boolean;
  only?: string;
}

class LineFailure extends Error {
  readonly result: CmdResult;
  constructor(result: CmdResult) {
    super(result.stderr);
    this.result = result;
  }
}

function fail(exit: number, stderr: string): never {
  throw new LineFailure({ exit, stdout: '', stderr });
}

function parseOpts(args: readonly string[]): RestoreOpts | CmdResult {
  const o: RestoreOpts = { counters: false, noflush: false, test: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-c' || a === '--counters') o.counters = true;
    else if (a === '-n' || a === '--noflush') o.noflush = true;
    else if (a === '-t' || a === '--test') o.test = true;
    else if (a === '-v' || a === '--verbose' || a === '-w' || a === '--wait') continue;
    else if (a === '-T' || a === '--table') o.only = args[++i];
    else if (a === '-W' || a === '--wait-interval' || a === '-M' || a === '--modprobe') i++;
    else {
      const msg = a.startsWith('-')
        ? `unknown option "${a}"`
        : `reading a file argument is not supported here; use stdin`;
      return { exit: 2, stdout: '', stderr: formatError(paramProblem(msg), PROG) };
    }
  }
  return o;
}

/** Where each rule of a batch came from. */
interface Tracking {
  /** The line of each rule. */
  readonly lines: Map<Rule, number>;
  /** What each rule line did. */
  readonly info: Map<number, { op: string; chain: string }>;
}

interface Open {
  name: TableName;
  scratch: Ruleset;
  /** The index of the `*table` line. */
  start: number;
  /**
   * Kept only when the batch is replayed after a refusal: a Map entry per rule cost more
   * than the rest of a 110k-line restore's bookkeeping, for an answer rarely needed.
   */
  track?: Tracking;
}

/** The batch was refused and nobody noted where its rules came from: replay it, tracking. */
class Untracked extends Error {}

function openTable(rs: Ruleset, name: string, n: number, o: RestoreOpts, track = false): Open {
  if (!isTableName(name)) {
    const e = paramProblem(`${PROG}: line ${n} table name '${name}' invalid`);
    fail(2, formatError(e, PROG, n));
  }
  const existing = rs.tables[name];
  const t: Table | undefined = existing ? cloneTable(existing) : undefined;
  if (t && !o.noflush) {
    for (const [k, c] of [...t.chains]) {
      if (c.builtin) c.rules = [];
      else t.chains.delete(k);
    }
  }
  const scratch: Ruleset = { tables: t ? { [name]: t } : {} };
  markBatch(scratch);
  const open: Open = { name, scratch, start: n - 1 };
  if (track) open.track = { lines: new Map(), info: new Map() };
  return open;
}

function declareChain(open: Open, line: string, n: number, o: RestoreOpts): void {
  const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?\s*$/.exec(line);
  if (!m) fail(1, `${PROG}: line ${n} failed\n`);
  const [, chain = '', policy = '', pk, by] = m;
  const tables = open.scratch.tables as Record<string, Table>;
  const t = tables[open.name] ?? newTable(open.name);
  tables[open.name] = t;
  if (BUILTIN_CHAINS[open.name].includes(chain)) {
    if (policy !== 'ACCEPT' && policy !== 'DROP')
      fail(1, `${PROG}: line ${n} failed: Bad policy name.\n`);
    const c = t.chains.get(chain);
    if (!c) return;
    c.policy = policy;
    if (o.counters && pk !== undefined)
      t.chains.set(chain, { ...c, policyCounters: { pkts: Number(pk), bytes: Number(by) } });
    return;
  }
  const c = t.chains.get(chain);
  if (c) c.rules = [];
  else
    t.chains.set(chain, {
      name: chain,
      builtin: false,
      policyCounters: { pkts: 0, bytes: 0 },
      rules: [],
    });
}

function ruleLine(open: Open, line: string, n: number, o: RestoreOpts): void {
  let text = line;
  let counters: { pkts: number; bytes: number } | undefined;
  const c = line.startsWith('[') ? /^\[(\d+):(\d+)\]\s*/.exec(text) : null;
  if (c) {
    text = text.slice(c[0].length);
    if (o.counters) counters = { pkts: Number(c[1]), bytes: Number(c[2]) };
  }
  const { words, unterminated } = restoreWords(text, [PROG]);
  if (unterminated) fail(2, formatError(paramProblem(`Unterminated quote at line ${n}`), PROG, n));
  if (counters) words.push('-c', String(counters.pkts), String(counters.bytes));
  try {
    const parsed = parseIptables(words, true, open.name);
    execIptables(open.scratch, parsed);
    if (!open.track || parsed.rules.length === 0) return;
    open.track.info.set(n, { op: opName(words), chain: parsed.chain ?? '' });
    for (const r of parsed.rules) open.track.lines.set(r, n);
  } catch (e) {
    if (!(e instanceof XtError)) throw e;
    if (e.exit === 4) fail(4, `${PROG} ${VERSION}: \nline ${n}:${e.message}\n`);
    if (e.kind === 'bare') fail(e.exit, `${PROG}: line ${n} failed: ${e.message}\n`);
    fail(e.exit, formatError(e, PROG, n));
  }
}

function cleanLine(raw: string): string {
  return raw.endsWith('\r') ? raw.slice(0, -1) : raw;
}

/** A line inside an open table other than COMMIT. */
function tableLine(open: Open, line: string, n: number, o: RestoreOpts): void {
  if (line.startsWith(':')) declareChain(open, line, n, o);
  else if (line.startsWith('*')) fail(1, `${PROG}: line ${n} failed\n`);
  else ruleLine(open, line, n, o);
}

/** Runs the batch again from its `*table` line with tracking on, and validates it. */
function replayTracked(rs: Ruleset, lines: readonly string[], open: Open, o: RestoreOpts): void {
  const n = open.start + 1;
  const again = openTable(rs, open.name, n, o, true);
  for (let i = open.start + 1; ; i++) {
    const line = cleanLine(lines[i] as string);
    if (line.startsWith('#') || line.trim() === '') continue;
    if (line.trim() === 'COMMIT') return validateBatch(again, i + 1);
    tableLine(again, line, i + 1, o);
  }
}

function commitTable(
  rs: Ruleset,
  lines: readonly string[],
  open: Open,
  n: number,
  o: RestoreOpts,
): void {
  try {
    validateBatch(open, n);
  } catch (e) {
    if (!(e instanceof Untracked)) throw e;
    replayTracked(rs, lines, open, o);
  }
  const t = open.scratch.tables[open.name];
  if (!o.test && t && (o.only === undefined || o.only === open.name)) {
    (rs.tables as Record<string, Table>)[open.name] = t;
    noteRestored(rs, t);
  }
}

function restoreLines(rs: Ruleset, input: string, o: RestoreOpts): CmdResult {
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let open: Open | undefined;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const line = cleanLine(lines[i] as string);
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!open) {
      if (!line.startsWith('*')) fail(1, `${PROG}: line ${n} failed\n`);
      open = openTable(rs, line.slice(1).trim(), n, o);
    } else if (line.trim() === 'COMMIT') {
      commitTable(rs, lines, open, n, o);
      open = undefined;
    } else tableLine(open, line, n, o);
  }
  if (open) fail(1, `${PROG}: COMMIT expected at line ${lines.length + 1}\n`);
  return { exit: 0, stdout: '', stderr: '' };
}

/** `iptables-restore ARGS < input`. Never throws. */
export function runIptablesRestore(rs: Ruleset, args: readonly string[], input: string): CmdResult {
  const o = parseOpts(args);
  if (!('counters' in o)) return o;
  try {
    return restoreLines(rs, input, o);
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
