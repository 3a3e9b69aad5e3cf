/**
 * One table's batch in iptables-restore: opened by `*table` (a copy of the table, flushed
 * unless --noflush), chains declared by `:CHAIN POLICY [p:b]`, sent to the kernel at COMMIT,
 * which applies it whole or refuses it (restoreRefusal.ts names the lines).
 */
import type { Chain, Rule, Ruleset, Table, TableName } from '../../netfilter/model.ts';
import { BUILTIN_CHAINS, ZERO_COUNTERS, isTableName, newTable } from '../../netfilter/model.ts';
import { formatError, paramProblem } from './errors.ts';
import { appendOne, batchTable, chainOf, checkJump, markBatch } from './exec.ts';
import type { ParsedCommand } from './parseFinish.ts';
import { cloneTable } from './tableOps.ts';
import { noteDistinctChains } from './nftOrder.ts';
import { batchAccepted } from './batchCheck.ts';
import { PROG, fail, type RestoreOpts } from './restoreOpts.ts';
import { batchReader, type BatchReader } from './restoreShortcut.ts';

export interface Batch {
  readonly name: TableName;
  readonly scratch: Ruleset;
  /** The index of the `*table` line. */
  readonly start: number;
  /** Did a line drop rules already in the batch (re-declared chain)? See restoreRefusal.ts. */
  dropped: boolean;
  /** The shortcut's reader of rule lines, when one is installed (restoreShortcut.ts). */
  readonly reader: BatchReader | undefined;
  /** The chain the last rule the reader read went to, while no other line has run since. */
  last: Chain | undefined;
}

/** Receives each parsed command instead of running it, when a refused batch is replayed. */
export type Track = (parsed: ParsedCommand, line: number) => void;

export function openBatch(rs: Ruleset, name: string, start: number, o: RestoreOpts): Batch {
  const n = start + 1;
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
  return {
    name,
    scratch,
    start,
    dropped: false,
    reader: batchReader(scratch, name),
    last: undefined,
  };
}

/** `:CHAIN POLICY [pkts:bytes]`, split on blanks as strtok(" \t\n") does. */
const CHAIN_LINE = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?\s*$/;

/** `:NAME - [0:0]` with NAME in printable ASCII (how iptables-save declares user chains). */
function plainUserChain(line: string): string | undefined {
  const sp = line.indexOf(' ');
  if (sp < 2 || line.length !== sp + 8 || !line.endsWith(' - [0:0]')) return undefined;
  for (let i = 1; i < sp; i++) {
    const c = line.charCodeAt(i);
    if (c <= 32 || c >= 127) return undefined;
  }
  return line.slice(1, sp);
}

export function declareChain(b: Batch, line: string, n: number, o: RestoreOpts): void {
  b.last = undefined;
  const plain = plainUserChain(line);
  const m = plain === undefined ? CHAIN_LINE.exec(line) : undefined;
  if (plain === undefined && !m) fail(1, `${PROG}: line ${n} failed\n`);
  // Not destructured: an interpreted array destructuring makes an iterator and a result per
  // element, and kube-proxy declares 30,000 chains.
  const chain = plain ?? m?.[1] ?? '';
  const policy = plain !== undefined ? '-' : (m?.[2] ?? '');
  const pk = plain !== undefined ? '0' : m?.[3];
  const by = plain !== undefined ? '0' : m?.[4];
  const tables = b.scratch.tables as Record<string, Table>;
  const t = tables[b.name] ?? newTable(b.name);
  tables[b.name] = t;
  if (BUILTIN_CHAINS[b.name].includes(chain)) {
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
  if (c) {
    if (c.rules.length > 0) b.dropped = true;
    c.rules = [];
  } else {
    t.chains.set(chain, {
      name: chain,
      builtin: false,
      policyCounters: ZERO_COUNTERS,
      rules: [],
    });
    b.reader?.declared(chain);
  }
}

/**
 * `-A CHAIN rule` read by the shortcut (restoreShortcut.ts), as batchAppend runs it (same checks, same errors),
 * without a command around it: rules of a chain come in a row, so the chain is looked up
 * once per row.
 */
export function appendRead(b: Batch, rule: Rule, key: string): void {
  const t = batchTable(b.scratch, b.name);
  checkJump(t, rule);
  let c = b.last;
  if (c === undefined || c.name !== key) b.last = c = chainOf(t, key);
  appendOne(c, rule);
}

/** nft order after a restore: used built-in chains, then user chains as declared. */
function noteRestored(rs: Ruleset, t: Table): void {
  const used: string[] = [];
  for (const c of t.chains.values()) {
    if (!c.builtin || c.rules.length > 0 || c.policy !== 'ACCEPT') used.push(c.name);
  }
  noteDistinctChains(rs, t.name, used);
}

/** COMMIT: the kernel's verdict on the batch, then the table replaces the namespace's own. */
export function commitBatch(
  rs: Ruleset,
  b: Batch,
  o: RestoreOpts,
  refusal: (t: Table) => string,
): void {
  const t = b.scratch.tables[b.name];
  if (t && !batchAccepted(t)) fail(4, refusal(t));
  if (!o.test && t && (o.only === undefined || o.only === b.name)) {
    (rs.tables as Record<string, Table>)[b.name] = t;
    noteRestored(rs, t);
  }
}
