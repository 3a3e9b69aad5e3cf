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

/** The kernel's check of the whole batch at COMMIT. */
function validateBatch(open: Open, commitLine: number): void {
  const t = open.scratch.tables[open.name];
  const refusal = t && validateTableDetailed(t);
  if (!refusal) return;
  const n = refusal.rule && open.lines.get(refusal.rule);
  const at = n !== undefined ? open.lineInfo.get(n) : undefined;
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

interface Open {
  name: TableName;
  scratch: Ruleset;
  /** The line each rule came from, to name it if the kernel refuses the batch. */
  lines: Map<Rule, number>;
  /** What those lines did (kept per line, not per rule: a 110k-line restore adds up). */
  lineInfo: Map<number, { op: string; chain: string }>;
}

function openTable(rs: Ruleset, name: string, n: number, o: RestoreOpts): Open {
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
  return { name, scratch, lines: new Map(), lineInfo: new Map() };
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
  const { words, unterminated } = restoreWords(text);
  if (unterminated) fail(2, formatError(paramProblem(`Unterminated quote at line ${n}`), PROG, n));
  if (counters) words.push('-c', String(counters.pkts), String(counters.bytes));
  try {
    words.unshift(PROG);
    const parsed = parseIptables(words, true, open.name);
    execIptables(open.scratch, parsed);
    if (parsed.rules.length === 0) return;
    open.lineInfo.set(n, { op: opName(words), chain: parsed.chain ?? '' });
    for (const r of parsed.rules) open.lines.set(r, n);
  } catch (e) {
    if (!(e instanceof XtError)) throw e;
    if (e.exit === 4) fail(4, `${PROG} ${VERSION}: \nline ${n}:${e.message}\n`);
    if (e.kind === 'bare') fail(e.exit, `${PROG}: line ${n} failed: ${e.message}\n`);
    fail(e.exit, formatError(e, PROG, n));
  }
}

function restoreLines(rs: Ruleset, input: string, o: RestoreOpts): CmdResult {
  const lines = input.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  let open: Open | undefined;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const raw = lines[i] as string;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!open) {
      if (!line.startsWith('*')) fail(1, `${PROG}: line ${n} failed\n`);
      open = openTable(rs, line.slice(1).trim(), n, o);
    } else if (line.trim() === 'COMMIT') {
      validateBatch(open, n);
      const t = open.scratch.tables[open.name];
      if (!o.test && t && (o.only === undefined || o.only === open.name)) {
        (rs.tables as Record<string, Table>)[open.name] = t;
        noteRestored(rs, t);
      }
      open = undefined;
    } else if (line.startsWith(':')) declareChain(open, line, n, o);
    else if (line.startsWith('*')) fail(1, `${PROG}: line ${n} failed\n`);
    else ruleLine(open, line, n, o);
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
