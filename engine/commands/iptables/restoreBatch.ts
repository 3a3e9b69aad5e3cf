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
import { plainJump, type JumpTarget, type Names } from './fastRule.ts';
import type { LineWords } from './fastWords.ts';

export interface Batch {
  readonly name: TableName;
  readonly scratch: Ruleset;
  /** The index of the `*table` line. */
  readonly start: number;
  /** Did a line drop rules already in the batch (re-declared chain)? See restoreRefusal.ts. */
  dropped: boolean;
  /** Chain names and jump targets as the batch keeps them (fastRule.ts). */
  readonly names: BatchNames;
  /** The chain the last rule read by fastRule went to, while no other line has run since. */
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
    names: batchNames(scratch, name),
    last: undefined,
  };
}

/**
 * The table's own key strings for chain names, and one jump target per chain (targets are
 * immutable values): later lookups compare one pointer. Rules of a chain come in a row, so
 * the last chain named is tried first, on the line's text, without a lookup.
 */
function batchNames(scratch: Ruleset, table: TableName): BatchNames {
  const keyOf = (text: string) => scratch.tables[table]?.chains.get(text)?.name;
  // Only names plainJump allows (fastRule.ts asks `known` before checking the name).
  const jumps = new Map<string, JumpTarget>();
  const guess = jumpGuess();
  let last = '';
  return {
    declared(key) {
      if (!plainJump(key)) return;
      const tg: JumpTarget = { kind: 'jump', chain: key };
      jumps.set(key, tg);
      guess.declared.push(tg);
    },
    known(w, k) {
      return guess.known(w, k) ?? guess.found(jumps.get(w.text(k)));
    },
    jump(chain) {
      let tg = jumps.get(chain);
      if (tg) return tg;
      const key = keyOf(chain);
      tg = { kind: 'jump', chain: key ?? chain };
      if (key !== undefined) jumps.set(key, tg);
      return tg;
    },
    chain(w, k) {
      if (last !== '' && w.is(k, last)) return last;
      const text = w.text(k);
      const key = keyOf(text);
      if (key !== undefined) last = key;
      return key ?? text;
    },
  };
}

/**
 * Which declared chain a jump names, guessed and compared in place (no string, no lookup):
 * iptables-save and kube-proxy jump to their chains first in the order they declared them
 * (KUBE-SVC-x, its KUBE-SEP-x...), and to a few (KUBE-MARK-MASQ) again and again. A wrong
 * guess only costs the lookup it saves.
 */
function jumpGuess() {
  const declared: JumpTarget[] = [];
  let next = 0;
  let again: JumpTarget | undefined;
  return {
    declared,
    known(w: LineWords, k: number): JumpTarget | undefined {
      const tg = declared[next];
      if (tg && w.is(k, tg.chain)) {
        next++;
        return tg;
      }
      return again && w.is(k, again.chain) ? again : undefined;
    },
    /** A target found by lookup: jumped to again next, and past a few chains never jumped to. */
    found(tg: JumpTarget | undefined): JumpTarget | undefined {
      if (!tg) return undefined;
      again = tg;
      for (let d = 1; d <= 4; d++) {
        if (declared[next + d] === tg) {
          next += d + 1;
          break;
        }
      }
      return tg;
    },
  };
}

/**
 * Names as a batch keeps them: a user chain declared by a `:` line gets its jump target then
 * (kube-proxy jumps to each of its 30,000 chains), so that reading a jump is one lookup.
 */
interface BatchNames extends Names {
  declared(key: string): void;
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
    b.names.declared(chain);
  }
}

/**
 * `-A CHAIN rule` read by fastRule.ts, as batchAppend runs it (same checks, same errors),
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
