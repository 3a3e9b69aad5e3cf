/**
 * Runs a parsed iptables command on a ruleset the way iptables-nft 1.8.9 does (nft_cmd_* in
 * iptables/nft-cmd.c and nft.c): each command is one transaction on its table, which is
 * created on first use; a refused change leaves everything as it was.
 */
import type { Chain, Rule, Ruleset, Table, TableName } from '../../netfilter/model.ts';
import { BUILTIN_CHAINS, ZERO_COUNTERS, isTableName, newTable } from '../../netfilter/model.ts';
import { bareProblem, otherProblem, paramProblem, type XtError } from './errors.ts';
import { CMD, OPT } from './options.ts';
import type { ParsedCommand } from './parseFinish.ts';
import { ERRNO_TEXT, staticCheck, validateTable, type Errno } from './validate.ts';
import { cloneTable, isReferenced } from './tableOps.ts';
import { listCommand } from './listCmd.ts';
import { ruleLineNoTable } from './list.ts';
import { orderedChains } from './save.ts';
import { dropChain, noteChain, noteTable, renameNoted } from './nftOrder.ts';
import { findRule, hasRule } from './ruleIndex.ts';

export interface CmdOutput {
  stdout: string;
}

const NO_CHAIN = 'No chain/target/match by that name.';
const BAD_RULE = 'Bad rule (does a matching rule exist in that chain?).';

function kernelError(op: string, errno: Errno, what: string): never {
  throw otherProblem(` ${op} failed (${ERRNO_TEXT[errno]}): ${what}`, 4);
}

/**
 * Rulesets that are an iptables-restore batch: commands change them in place and the whole
 * table is validated once at COMMIT (as the kernel does with the batch), which keeps a
 * 100k-line restore linear.
 */
const batches = new WeakSet<Ruleset>();

export function markBatch(rs: Ruleset): void {
  batches.add(rs);
}

/** The table as the command sees it: the existing one or a fresh, not yet committed one. */
function working(rs: Ruleset, name: TableName): Table {
  const t = rs.tables[name];
  if (t && batches.has(rs)) return t;
  return t ? cloneTable(t) : newTable(name);
}

function commit(rs: Ruleset, t: Table): void {
  (rs.tables as Record<string, Table>)[t.name] = t;
  noteTable(rs, t.name);
}

function checkJumps(t: Table, rules: readonly Rule[]): void {
  for (const r of rules) checkJump(t, r);
}

/** A jump or goto must name a chain of the table. */
export function checkJump(t: Table, r: Rule): void {
  const tg = r.target;
  if ((tg.kind === 'jump' || tg.kind === 'goto') && !t.chains.has(tg.chain)) {
    throw paramProblem(`Chain '${tg.chain}' does not exist`);
  }
}

export function chainOf(t: Table, name: string): Chain {
  const c = t.chains.get(name);
  if (!c) throw bareProblem(NO_CHAIN);
  return c;
}

function commitValidated(
  rs: Ruleset,
  t: Table,
  op: string,
  chain: string,
  added: readonly Rule[],
): void {
  if (batches.has(rs)) {
    // The kernel sees an iptables-restore batch at COMMIT (restoreBatch.ts), which checks it
    // and notes the chain order.
    (rs.tables as Record<string, Table>)[t.name] = t;
    return;
  }
  for (const r of added) {
    const e = staticCheck(t, r);
    if (e) kernelError(op, e, `rule in chain ${chain}`);
  }
  const e = validateTable(t);
  if (e) kernelError(op, e, `rule in chain ${chain}`);
  commit(rs, t);
  noteChain(rs, t.name, chain);
}

/**
 * -C: does the chain hold every rule given? Only reads the table, so it looks at the committed
 * one without copying it.
 */
function checkRules(rs: Ruleset, p: ParsedCommand, name: TableName): boolean {
  const t = rs.tables[name] ?? newTable(name);
  checkJumps(t, p.rules);
  if (!rs.tables[name]) return false;
  const chain = chainOf(t, p.chain ?? '');
  return p.rules.every((r) => hasRule(chain.rules, r));
}

/** Applies -A/-I/-R/-D, or answers -C; false is -C's "no matching rule". */
function ruleCommand(rs: Ruleset, p: ParsedCommand, name: TableName): boolean {
  if (p.command === CMD.CHECK) return checkRules(rs, p, name);
  const existed = rs.tables[name] !== undefined;
  const t = working(rs, name);
  const chainName = p.chain ?? '';
  checkJumps(t, p.rules);
  if (!existed && p.command === CMD.DELETE) throw bareProblem(BAD_RULE);
  if (!existed && p.command === CMD.REPLACE) throw bareProblem(NO_CHAIN);
  const chain = chainOf(t, chainName);
  const n = p.rulenum ?? 1;
  switch (p.command) {
    case CMD.APPEND:
      chain.rules.push(...p.rules);
      commitValidated(rs, t, 'RULE_APPEND', chainName, p.rules);
      return true;
    case CMD.INSERT:
      if (n > chain.rules.length + 1) throw bareProblem('Index of insertion too big.');
      // Each address pair is inserted at the same position, so they end up reversed.
      for (const r of p.rules) chain.rules.splice(n - 1, 0, r);
      commitValidated(rs, t, 'RULE_INSERT', chainName, p.rules);
      return true;
    case CMD.REPLACE:
      if (n > chain.rules.length) throw bareProblem('Index of replacement too big.');
      chain.rules.splice(n - 1, 1, ...p.rules);
      commitValidated(rs, t, 'RULE_REPLACE', chainName, p.rules);
      return true;
    default:
      deleteRules(rs, t, chain, p.rules);
      return true;
  }
}

function deleteRules(rs: Ruleset, t: Table, chain: Chain, rules: readonly Rule[]): void {
  for (const r of rules) {
    const i = findRule(chain.rules, r);
    if (i < 0) throw bareProblem(BAD_RULE);
    chain.rules.splice(i, 1);
  }
  commit(rs, t);
}

function deleteNum(rs: Ruleset, p: ParsedCommand, name: TableName): void {
  const t = rs.tables[name];
  if (!t) throw bareProblem(NO_CHAIN);
  const w = cloneTable(t);
  const chain = chainOf(w, p.chain ?? '');
  if ((p.rulenum ?? 1) > chain.rules.length) throw bareProblem('Index of deletion too big.');
  chain.rules.splice((p.rulenum ?? 1) - 1, 1);
  commit(rs, w);
}

function targetChains(rs: Ruleset, name: TableName, chain: string | undefined): Chain[] {
  const t = rs.tables[name];
  if (chain === undefined) return t ? [...t.chains.values()] : [];
  if (!t) {
    if (BUILTIN_CHAINS[name].includes(chain)) return [];
    throw bareProblem(NO_CHAIN);
  }
  return [chainOf(t, chain)];
}

/** Returns the chains flushed, for -v ("Flushing chain `X'"). */
function flush(rs: Ruleset, p: ParsedCommand, name: TableName): string[] {
  // Flushing a named built-in chain creates the table; flushing everything does not.
  // With -v, iptables-nft flushes chain by chain, which creates the table too (recorded).
  const named = p.chain !== undefined && BUILTIN_CHAINS[name].includes(p.chain);
  if (!rs.tables[name] && (named || (p.chain === undefined && p.options & OPT.v))) {
    commit(rs, newTable(name));
  }
  for (const c of targetChains(rs, name, p.chain)) c.rules = [];
  if (p.chain !== undefined) return [p.chain];
  return orderedChains(rs.tables[name] ?? newTable(name)).map((c) => c.name);
}

function zero(rs: Ruleset, p: ParsedCommand, name: TableName): void {
  if (p.command & CMD.ZERO_NUM) {
    const t = rs.tables[name];
    if (!t) throw bareProblem(BAD_RULE);
    const r = chainOf(t, p.chain ?? '').rules[(p.rulenum ?? 1) - 1];
    if (r) r.counters = ZERO_COUNTERS;
    return;
  }
  if (p.chain !== undefined && !rs.tables[name]) throw bareProblem(NO_CHAIN);
  for (const c of targetChains(rs, name, p.chain)) {
    c.policyCounters = ZERO_COUNTERS;
    for (const r of c.rules) r.counters = ZERO_COUNTERS;
  }
}

function newChain(rs: Ruleset, p: ParsedCommand, name: TableName): void {
  const t = working(rs, name);
  const chain = p.chain ?? '';
  if (t.chains.has(chain)) throw bareProblem('Chain already exists.');
  t.chains.set(chain, {
    name: chain,
    builtin: false,
    policyCounters: ZERO_COUNTERS,
    rules: [],
  });
  commit(rs, t);
  noteChain(rs, name, chain);
}

/** Returns the chains deleted, for -v ("Deleting chain `X'"). */
function deleteChain(rs: Ruleset, p: ParsedCommand, name: TableName): string[] {
  const t = rs.tables[name];
  if (!t) {
    if (p.chain === undefined) return [];
    throw bareProblem(NO_CHAIN);
  }
  const w = cloneTable(t);
  const victims =
    p.chain === undefined
      ? [...w.chains.values()].filter((c) => !c.builtin)
      : [chainOf(w, p.chain)];
  for (const c of victims.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (c.builtin && c.rules.length === 0) continue;
    if (c.rules.length > 0 || isReferenced(w, c.name)) {
      kernelError('CHAIN_DEL', 'EBUSY', `chain ${c.name}`);
    }
    w.chains.delete(c.name);
  }
  commit(rs, w);
  for (const c of victims) if (!c.builtin) dropChain(rs, name, c.name);
  return victims.filter((c) => !c.builtin).map((c) => c.name);
}

function renameChain(rs: Ruleset, p: ParsedCommand, name: TableName): void {
  const t = rs.tables[name];
  if (!t) throw bareProblem(NO_CHAIN);
  const w = cloneTable(t);
  const old = chainOf(w, p.chain ?? '');
  const to = p.newName ?? '';
  if (w.chains.has(to)) throw bareProblem('File exists.');
  if (old.builtin) {
    // nft renames the base chain, which iptables then hides; a fresh built-in shows instead.
    const fresh = {
      ...old,
      policy: 'ACCEPT' as const,
      policyCounters: ZERO_COUNTERS,
      rules: [],
    };
    w.chains.set(old.name, fresh);
    return commit(rs, w);
  }
  w.chains.delete(old.name);
  w.chains.set(to, { ...old, name: to });
  for (const c of w.chains.values()) {
    c.rules = c.rules.map((r) => {
      const tg = r.target;
      if ((tg.kind === 'jump' || tg.kind === 'goto') && tg.chain === old.name)
        return { ...r, target: { ...tg, chain: to } };
      return r;
    });
  }
  commit(rs, w);
  renameNoted(rs, name, old.name, to);
}

function setPolicy(rs: Ruleset, p: ParsedCommand, name: TableName): void {
  const chain = p.chain ?? '';
  if (p.policy !== 'ACCEPT' && p.policy !== 'DROP') {
    throw bareProblem("Bad policy name. Run `dmesg' for more information.");
  }
  if (!BUILTIN_CHAINS[name].includes(chain)) throw bareProblem('Bad built-in chain name.');
  const t = working(rs, name);
  const c = chainOf(t, chain);
  // iptables-nft 1.8.9 ignores -c with -P.
  c.policy = p.policy;
  commit(rs, t);
  noteChain(rs, name, chain);
}

/**
 * -A in an iptables-restore batch (markBatch): what ruleCommand does for it there (the table
 * changed in place, checked at COMMIT), with the same errors in the same order, without the
 * general command path.
 */
export function batchAppend(rs: Ruleset, p: ParsedCommand): void {
  const t = batchTable(rs, p.table as TableName);
  checkJumps(t, p.rules);
  appendTo(chainOf(t, p.chain ?? ''), p.rules);
}

/** The batch's table, created on first use as a command would. */
export function batchTable(rs: Ruleset, name: TableName): Table {
  let t = rs.tables[name];
  if (!t) (rs.tables as Record<string, Table>)[name] = t = newTable(name);
  return t;
}

/**
 * A short chain is copied to its exact length (push would leave room for 17 rules: most
 * kube-proxy chains hold 1 to 4); longer ones grow by push.
 */
function appendTo(chain: Chain, rules: readonly Rule[]): void {
  if (chain.rules.length + rules.length <= SHORT) chain.rules = chain.rules.concat(rules);
  else for (const r of rules) chain.rules.push(r);
}

/** appendTo of one rule. */
export function appendOne(chain: Chain, rule: Rule): void {
  if (chain.rules.length >= SHORT) chain.rules.push(rule);
  else if (chain.rules.length === 0) chain.rules = [rule];
  else {
    // concat of an array takes the builtin's fast path (of a plain object, the generic one).
    ONE[0] = rule;
    chain.rules = chain.rules.concat(ONE);
    ONE.length = 0;
  }
}

const ONE: Rule[] = [];

const SHORT = 8;

/** -C's "no matching rule": answered this way rather than thrown (see execIptablesAnswer). */
export const NO_MATCH = Symbol('no matching rule');

/** The stderr of NO_MATCH, as `iptables -C` prints it (nft_strerror, exit 1). */
export function noMatchError(): XtError {
  return bareProblem(BAD_RULE);
}

/** Runs one parsed command. Throws XtError for every failure. */
export function execIptables(rs: Ruleset, p: ParsedCommand): CmdOutput {
  const out = execIptablesAnswer(rs, p);
  if (out === NO_MATCH) throw noMatchError();
  return out;
}

/**
 * execIptables, except that -C's "no" is returned as NO_MATCH instead of thrown: it is the
 * answer dockerd expects before each rule it appends (thousands for a port range), and an
 * Error per answer (with its stack trace) cost more than the lookup itself.
 */
export function execIptablesAnswer(rs: Ruleset, p: ParsedCommand): CmdOutput | typeof NO_MATCH {
  if (!isTableName(p.table)) {
    throw otherProblem(
      `table '${p.table}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.`,
      3,
    );
  }
  const name = p.table;
  const c = p.command;
  if (c & (CMD.LIST | CMD.LIST_RULES)) return listCommand(rs, p, name);
  let said: string[] = [];
  if (c & (CMD.APPEND | CMD.INSERT | CMD.REPLACE | CMD.CHECK | CMD.DELETE)) {
    if (!ruleCommand(rs, p, name)) return NO_MATCH;
  } else if (c === CMD.DELETE_NUM) deleteNum(rs, p, name);
  else if (c === CMD.FLUSH) said = flush(rs, p, name).map((n) => `Flushing chain \`${n}'\n`);
  else if (c & (CMD.ZERO | CMD.ZERO_NUM)) zero(rs, p, name);
  else if (c === CMD.NEW_CHAIN) newChain(rs, p, name);
  else if (c === CMD.DELETE_CHAIN)
    said = deleteChain(rs, p, name).map((n) => `Deleting chain \`${n}'\n`);
  else if (c === CMD.RENAME_CHAIN) renameChain(rs, p, name);
  else if (c === CMD.SET_POLICY) setPolicy(rs, p, name);
  if (!(p.options & OPT.v)) return { stdout: '' };
  return { stdout: said.join('') + verboseRules(p) };
}

/** What -v makes the rule commands echo: each rule, in the order given. */
function verboseRules(p: ParsedCommand): string {
  if (!(p.options & OPT.v)) return '';
  return p.rules.map(ruleLineNoTable).join('');
}
