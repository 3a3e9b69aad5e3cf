/**
 * The checks the kernel makes when a rule is committed (xt_check_target / xt_check_match via
 * nft_compat, and nft_chain_validate): a target's table and hooks, the protocol a match or
 * REJECT --reject-with tcp-reset needs, no jump to a base chain, and a jump depth under 16,
 * which also catches loops ("Too many links", EMLINK) once a base chain reaches them.
 */
import type { Chain, Match, Rule, Table, TargetAction } from '../../netfilter/model.ts';
import type { HookName } from '../../netfilter/packetMeta.ts';
import { RulesFold } from './rulesFold.ts';
import { BUILTIN_CHAINS } from '../../netfilter/model.ts';

export type Errno = 'EINVAL' | 'EOPNOTSUPP' | 'EMLINK' | 'EBUSY';

export const ERRNO_TEXT: Readonly<Record<Errno, string>> = {
  EINVAL: 'Invalid argument',
  EOPNOTSUPP: 'Operation not supported',
  EMLINK: 'Too many links',
  EBUSY: 'Device or resource busy',
};

/** The table a target is restricted to (its xt_target .table), if any. */
export function targetTable(kind: TargetAction['kind']): string | undefined {
  switch (kind) {
    case 'DNAT':
    case 'SNAT':
    case 'MASQUERADE':
    case 'REDIRECT':
      return 'nat';
    case 'NOTRACK':
      return 'raw';
    case 'REJECT':
      return 'filter';
    default:
      return undefined;
  }
}

const TARGET_HOOKS: Partial<Record<TargetAction['kind'], readonly string[]>> = {
  DNAT: ['PREROUTING', 'OUTPUT'],
  SNAT: ['POSTROUTING', 'INPUT'],
  MASQUERADE: ['POSTROUTING'],
  REDIRECT: ['PREROUTING', 'OUTPUT'],
  REJECT: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** The protocol a match needs (its xt_match .proto), 0 for none. */
export function matchProto(name: Match['name']): number {
  switch (name) {
    case 'tcp':
      return 6;
    case 'udp':
      return 17;
    case 'icmp':
      return 1;
    case 'sctp':
      return 132;
    default:
      return 0;
  }
}

/** Checks that do not depend on where the rule's chain is reachable from. */
export function staticCheck(table: Table, rule: Rule): Errno | undefined {
  // An inverted zero-length prefix (`! -s 0/0`) can never match: nft refuses it.
  if ((rule.src?.invert && rule.src.mask === 0) || (rule.dst?.invert && rule.dst.mask === 0))
    return 'EINVAL';
  const t = rule.target;
  const need = targetTable(t.kind);
  if (need !== undefined && need !== table.name) return 'EINVAL';
  if (
    t.kind === 'REJECT' &&
    t.with === 'tcp-reset' &&
    (rule.proto?.proto !== 6 || rule.proto.invert)
  ) {
    return 'EINVAL';
  }
  for (const m of rule.matches) {
    const p = matchProto(m.name);
    // tcp and udp become nft payload matches and only need the protocol; icmp and sctp stay
    // xt matches whose checkentry (xt_check_match, .proto) also refuses an inverted -p.
    const xt = m.name === 'icmp' || m.name === 'sctp';
    if (p !== 0 && (rule.proto?.proto !== p || (xt && rule.proto.invert))) {
      return 'EINVAL';
    }
  }
  if ((t.kind === 'jump' || t.kind === 'goto') && BUILTIN_CHAINS[table.name].includes(t.chain)) {
    if (table.chains.get(t.chain)?.builtin) return 'EOPNOTSUPP';
  }
  return undefined;
}

function matchHookOk(m: Match, hook: HookName): boolean {
  if (m.name === 'addrtype') {
    if (m.limitIfaceIn && (hook === 'OUTPUT' || hook === 'POSTROUTING')) return false;
    if (m.limitIfaceOut && (hook === 'PREROUTING' || hook === 'INPUT')) return false;
  }
  return true;
}

/**
 * A target's hooks are checked wherever a base chain reaches it (nft_target_validate); a
 * match's checkentry only sees a hook when it sits in the base chain itself.
 */
function ruleHookOk(rule: Rule, hook: HookName, inBase: boolean): boolean {
  const hooks = TARGET_HOOKS[rule.target.kind];
  if (hooks && !hooks.includes(hook)) return false;
  return !inBase || rule.matches.every((m) => matchHookOk(m, hook));
}

const MAX_DEPTH = 16;

export interface Refusal {
  readonly errno: Errno;
  /** The rule being checked when the kernel refused (for the line iptables-restore names). */
  readonly rule?: Rule;
}

/**
 * Depth-first from a base chain, as nft_chain_validate goes. `done` remembers, per chain, the
 * deepest level at which it was already walked cleanly: walking it again no deeper cannot fail,
 * so shared chains (KUBE-MARK-MASQ, DOCKER) are walked once, not once per path.
 */
function walk(
  t: Table,
  chain: Chain,
  hook: HookName,
  level: number,
  done: Map<string, number>,
): Refusal | undefined {
  if (level >= MAX_DEPTH) return { errno: 'EMLINK' };
  const seen = done.get(chain.name);
  if (level > 0 && seen !== undefined && seen >= level) return undefined;
  for (const rule of chain.rules) {
    if (!ruleHookOk(rule, hook, level === 0)) return { errno: 'EINVAL', rule };
    const tg = rule.target;
    if (tg.kind !== 'jump' && tg.kind !== 'goto') continue;
    const next = t.chains.get(tg.chain);
    if (!next || next.builtin) continue;
    const err = walk(t, next, hook, level + 1, done);
    if (err) return { errno: err.errno, rule: err.rule ?? rule };
  }
  if (level > 0) done.set(chain.name, level);
  return undefined;
}

const HOOK_BIT: Readonly<Record<HookName, number>> = {
  PREROUTING: 1,
  INPUT: 2,
  FORWARD: 4,
  OUTPUT: 8,
  POSTROUTING: 16,
};
const ALL_HOOKS = 31;

/** TARGET_HOOKS as hook bits (a switch: this runs for every rule of a restore). */
export function targetMask(kind: TargetAction['kind']): number {
  switch (kind) {
    case 'DNAT':
    case 'REDIRECT':
      return HOOK_BIT.PREROUTING | HOOK_BIT.OUTPUT;
    case 'SNAT':
      return HOOK_BIT.POSTROUTING | HOOK_BIT.INPUT;
    case 'MASQUERADE':
      return HOOK_BIT.POSTROUTING;
    case 'REJECT':
      return HOOK_BIT.INPUT | HOOK_BIT.FORWARD | HOOK_BIT.OUTPUT;
    default:
      return ALL_HOOKS;
  }
}

/** The hooks where matchHookOk(m, hook) holds. */
export function matchHooks(m: Match): number {
  if (m.name !== 'addrtype') return ALL_HOOKS;
  let mask = ALL_HOOKS;
  if (m.limitIfaceIn) mask &= ~(HOOK_BIT.OUTPUT | HOOK_BIT.POSTROUTING);
  if (m.limitIfaceOut) mask &= ~(HOOK_BIT.PREROUTING | HOOK_BIT.INPUT);
  return mask;
}

/** The hooks where ruleHookOk(rule, hook, inBase) holds. */
function ruleHooks(rule: Rule, inBase: boolean): number {
  let m = targetMask(rule.target.kind);
  if (!inBase) return m;
  for (const x of rule.matches) m &= matchHooks(x);
  return m;
}

/** What the commit check needs to know of a chain, without its rules. */
export interface ChainFacts {
  /** Hooks where every rule passes as a rule of a chain jumped to. */
  user: number;
  /** Hooks where every rule passes as a rule of the base chain itself. */
  base: number;
  /** The chains its rules jump or go to (repeats allowed: the walk below remembers chains). */
  readonly jumps: string[];
}

export function newFacts(): ChainFacts {
  return { user: ALL_HOOKS, base: ALL_HOOKS, jumps: [] };
}

function addFact(f: ChainFacts, r: Rule): void {
  const user = ruleHooks(r, false);
  f.user &= user;
  f.base &= r.matches.length === 0 ? user : ruleHooks(r, true);
  const tg = r.target;
  if ((tg.kind === 'jump' || tg.kind === 'goto') && f.jumps[f.jumps.length - 1] !== tg.chain)
    f.jumps.push(tg.chain);
}

/** Facts kept per rules array and brought up to date on use (single commands). */
const chainFacts = new RulesFold<ChainFacts>(newFacts, addFact);

/** A chain's facts (cached, fresh or computed beforehand). */
export type FactsOf = (chain: Chain) => ChainFacts;

const cachedFacts: FactsOf = (chain) => chainFacts.of(chain.rules);

/** Facts computed afresh and not kept (a restore batch: its arrays are new, and big). */
const freshFacts: FactsOf = (chain) => {
  const f = newFacts();
  for (const r of chain.rules) addFact(f, r);
  return f;
};

/**
 * A chain as one table check sees it: the hooks its rules allow (as ChainFacts), the chains
 * they jump to (edges[from..to) of the check's Graph: one array per check, not one per chain)
 * and, once summed up, its subtree (the hooks every chain in it allows, and how many levels
 * deep it goes; height 0 = not yet).
 */
export interface ChainNode {
  readonly builtin: boolean;
  user: number;
  base: number;
  from: number;
  to: number;
  hooks: number;
  height: number;
}

/** The chains of one check: the node a name is, and every node's jumps. */
export interface Graph {
  readonly edges: string[];
  node(name: string): ChainNode | undefined;
}

export function newNode(chain: Chain, edges: readonly string[]): ChainNode {
  const n = edges.length;
  return {
    builtin: chain.builtin,
    user: ALL_HOOKS,
    base: ALL_HOOKS,
    from: n,
    to: n,
    hooks: 0,
    height: 0,
  };
}

/**
 * `walk` on the chains' facts: the same yes/no for every hook at once. A chain's subtree does
 * not depend on where it is entered from, so each chain is summed up once per check (shared
 * chains such as KUBE-MARK-MASQ are not walked again per path or per hook); entering deeper
 * than MAX_DEPTH - 1 (a loop, or a long path) fails, which also bounds the recursion.
 */
function subtree(node: ChainNode, level: number, g: Graph): boolean {
  if (level >= MAX_DEPTH) return false;
  if (node.height === 0) {
    let hooks = node.user;
    let height = 1;
    for (let i = node.from; i < node.to; i++) {
      const next = g.node(g.edges[i] as string);
      if (!next || next.builtin) continue;
      if (!subtree(next, level + 1, g)) return false;
      hooks &= next.hooks;
      if (next.height >= height) height = next.height + 1;
    }
    node.hooks = hooks;
    node.height = height;
  }
  return level + node.height - 1 < MAX_DEPTH;
}

/** Does the table pass the commit check, its chains given by `g` (fresh for this check)? */
export function nodesOk(table: Table, g: Graph): boolean {
  for (const chain of table.chains.values()) {
    if (!chain.builtin) continue;
    const hook = HOOK_BIT[chain.name as HookName] ?? 0;
    const base = g.node(chain.name) as ChainNode;
    if (!(base.base & hook)) return false;
    for (let i = base.from; i < base.to; i++) {
      const next = g.node(g.edges[i] as string);
      if (!next || next.builtin) continue;
      if (!subtree(next, 1, g) || !(next.hooks & hook)) return false;
    }
  }
  return true;
}

/** Does the whole table pass the commit check? Linear in the changed rules (rulesFold.ts). */
function tableOk(table: Table, factsOf: FactsOf = cachedFacts): boolean {
  const nodes = new Map<string, ChainNode>();
  const edges: string[] = [];
  return nodesOk(table, {
    edges,
    node(name) {
      let n = nodes.get(name);
      if (n) return n;
      const c = table.chains.get(name);
      if (!c) return undefined;
      const f = factsOf(c);
      n = newNode(c, edges);
      n.user = f.user;
      n.base = f.base;
      for (const j of f.jumps) edges.push(j);
      n.to = edges.length;
      nodes.set(name, n);
      return n;
    },
  });
}

/**
 * Validates the whole table as nf_tables does on commit; the refusal names a rule. The quick
 * check on chain facts decides; the rule-by-rule walk runs only to name the refused rule.
 */
export function validateTableDetailed(table: Table): Refusal | undefined {
  return tableOk(table) ? undefined : walkTable(table);
}

/**
 * The commit check of a whole iptables-restore batch: the same answer as validateTable, with
 * facts computed once and not kept (the next single command folds them again as it needs).
 */
export function batchValid(table: Table): boolean {
  return tableOk(table, freshFacts);
}

/** Chain facts without hook limits: tableOk then fails only on depth. */
const jumpsOnly: FactsOf = (chain) => {
  const f = freshFacts(chain);
  f.user = ALL_HOOKS;
  f.base = ALL_HOOKS;
  return f;
};

/** Does a base chain reach deeper than the kernel allows (a loop, a long path: EMLINK)? */
export function tooDeep(table: Table): boolean {
  return !tableOk(table, jumpsOnly);
}

/** Does a rule reachable from a base chain, at any depth, refuse that chain's hook (EINVAL)? */
export function hookRefused(table: Table): boolean {
  for (const base of table.chains.values()) {
    if (!base.builtin) continue;
    const hook = HOOK_BIT[base.name as HookName] ?? 0;
    const f = freshFacts(base);
    if (!(f.base & hook)) return true;
    const seen = new Set<string>();
    const todo = [...f.jumps];
    for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
      const c = table.chains.get(name);
      if (seen.has(name) || !c || c.builtin) continue;
      seen.add(name);
      const g = freshFacts(c);
      if (!(g.user & hook)) return true;
      for (const j of g.jumps) todo.push(j);
    }
  }
  return false;
}

/** The commit check rule by rule, in the kernel's order: the first refusal met. */
export function walkTable(table: Table): Refusal | undefined {
  for (const chain of table.chains.values()) {
    if (!chain.builtin) continue;
    const err = walk(table, chain, chain.name as HookName, 0, new Map());
    if (err) return err;
  }
  return undefined;
}

/** Validates the whole table as nf_tables does on commit. */
export function validateTable(table: Table): Errno | undefined {
  return validateTableDetailed(table)?.errno;
}
