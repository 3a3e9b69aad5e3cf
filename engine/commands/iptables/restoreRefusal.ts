/**
 * What iptables-restore prints when the kernel refuses a batch at COMMIT (recorded with
 * iptables 1.8.9 on Linux 6.18 in fresh namespaces, restore.test.ts). nfnetlink runs every
 * message of the batch and reports each failing one, and iptables-restore prints one
 * `line N: RULE_APPEND failed (errno): rule in chain C` per failing rule message:
 *
 * 1. A rule the kernel refuses on its own (nft_compat's target table, REJECT tcp-reset
 *    without -p tcp, a jump to a base chain...) fails its message; every such rule is named.
 *    The table check below then never runs (the batch already failed).
 * 2. Otherwise the commit-time table check (nf_tables_validate) failed: the kernel replays
 *    the batch validating the whole table after each new rule (nf_tables_newrule with
 *    NFT_VALIDATE_DO), so the first rule after which the table is invalid is named, and every
 *    later one while it stays invalid. In `-A X -j MASQUERADE` then `-A PREROUTING -j X` it is
 *    the jump that fails, not the MASQUERADE rule.
 *
 * Each rule of a command is its own message (`-s a,b` names the line twice). Nothing tracks
 * rules in the normal run: the lines are replayed here, which only a refused batch pays for.
 */
import type { Chain, Rule, Table } from '../../netfilter/model.ts';
import { VERSION } from './errors.ts';
import { execIptables } from './exec.ts';
import { CMD } from './options.ts';
import type { ParsedCommand } from './parseFinish.ts';
import {
  ERRNO_TEXT,
  batchValid,
  hookRefused,
  staticCheck,
  tooDeep,
  validateTableDetailed,
  type Errno,
} from './validate.ts';
import type { Batch, Track } from './restoreBatch.ts';
import { PROG } from './restoreOpts.ts';

/** One rule message of the batch. */
interface Message {
  readonly rule: Rule;
  readonly line: number;
  readonly op: string;
  readonly chain: string;
}

const RULE_CMDS = CMD.APPEND | CMD.INSERT | CMD.REPLACE;
/** Commands that take rules out of the batch: validity is no longer monotonic after them. */
const DROPPING = CMD.DELETE | CMD.DELETE_NUM | CMD.REPLACE | CMD.FLUSH | CMD.DELETE_CHAIN;

function opName(command: number): string {
  if (command === CMD.INSERT) return 'RULE_INSERT';
  if (command === CMD.REPLACE) return 'RULE_REPLACE';
  return 'RULE_APPEND';
}

function say(line: number, op: string, errno: Errno, chain: string): string {
  return `line ${line}: ${op} failed (${ERRNO_TEXT[errno]}): rule in chain ${chain}\n`;
}

/** Re-opens the batch and replays its lines (re-parsing them), giving each command to `track`. */
export interface Replay {
  open(): Batch;
  run(b: Batch, track: Track): void;
}

interface Replayed {
  readonly table: Table | undefined;
  readonly messages: readonly Message[];
  /** Did a command take rules out of the batch? */
  readonly dropping: boolean;
}

/**
 * Runs each rule command one rule at a time (each rule is its own message to the kernel),
 * calling `after` once each rule is in.
 */
function replayByRule(replay: Replay, after?: (t: Table, index: number) => void): Replayed {
  const messages: Message[] = [];
  let dropping = false;
  const b = replay.open();
  replay.run(b, (p: ParsedCommand, line) => {
    if (p.command & DROPPING) dropping = true;
    if (!(p.command & RULE_CMDS)) {
      execIptables(b.scratch, p);
      return;
    }
    for (const rule of p.rules) {
      execIptables(b.scratch, { ...p, rules: [rule] });
      messages.push({ rule, line, op: opName(p.command), chain: p.chain ?? '' });
      const t = b.scratch.tables[b.name];
      if (after && t) after(t, messages.length - 1);
    }
  });
  return { table: b.scratch.tables[b.name], messages, dropping: dropping || b.dropped };
}

/** Step 1: the rules the kernel refuses on their own, in batch order. */
function staticRefusals(r: Replayed): string {
  let out = '';
  if (!r.table) return out;
  for (const m of r.messages) {
    const errno = staticCheck(r.table, m.rule);
    if (errno) out += say(m.line, m.op, errno, m.chain);
  }
  return out;
}

/** The table as it was after the first `k` messages (no message took rules out). */
function prefixTable(t: Table, index: ReadonlyMap<Rule, number>, k: number): Table {
  const chains = new Map<string, Chain>();
  for (const [name, c] of t.chains) {
    chains.set(name, { ...c, rules: c.rules.filter((r) => (index.get(r) ?? -1) < k) });
  }
  return { name: t.name, chains };
}

/**
 * The index of the first message after which the table is invalid. Adding rules never makes
 * an invalid table valid, so without dropped rules this is a binary search; otherwise 0 (every
 * message is checked).
 */
function firstInvalid(r: Replayed): number {
  if (r.dropping || !r.table) return 0;
  const index = new Map<Rule, number>();
  r.messages.forEach((m, i) => index.set(m.rule, i));
  let lo = 0;
  let hi = r.messages.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (!batchValid(prefixTable(r.table, index, mid + 1))) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The errno of every failing message when the final table can only be refused one way: the
 * refusals of a table only grow as rules are added, so each failing message meets that kind.
 */
function onlyErrno(t: Table): Errno | undefined {
  const deep = tooDeep(t);
  return deep === hookRefused(t) ? undefined : deep ? 'EMLINK' : 'EINVAL';
}

/** Step 2 when no message took rules out: from the first invalid message on, all fail. */
function growingRefusals(r: Replayed, from: number, errno: Errno): string {
  let out = '';
  for (let i = from; i < r.messages.length; i++) {
    const m = r.messages[i] as Message;
    out += say(m.line, m.op, errno, m.chain);
  }
  return out;
}

/**
 * The stderr of a batch refused at COMMIT (line `commit`, 1-based). Linear in the batch
 * unless rules were taken out of it or its table can be refused both ways (loop and hook),
 * where the table is checked after each message as the kernel does.
 */
export function refusalText(replay: Replay, commit: number, final: Table): string {
  const first = replayByRule(replay);
  let out = staticRefusals(first);
  const from = out === '' ? firstInvalid(first) : 0;
  const same = out === '' && !first.dropping && first.table ? onlyErrno(first.table) : undefined;
  if (same) out = growingRefusals(first, from, same);
  else if (out === '') {
    replayByRule(replay, (t, i) => {
      if (i < from) return;
      const refusal = validateTableDetailed(t);
      const m = first.messages[i];
      if (refusal && m) out += say(m.line, m.op, refusal.errno, m.chain);
    });
  }
  if (out === '') {
    const errno = validateTableDetailed(final)?.errno ?? 'EINVAL';
    out = `line ${commit}: RULE_APPEND failed (${ERRNO_TEXT[errno]}): table\n`;
  }
  return `${PROG} ${VERSION}: \n${out}`;
}
