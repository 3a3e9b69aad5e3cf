/**
 * The checks the kernel makes when a rule is committed (xt_check_target / xt_check_match via
 * nft_compat, and nft_chain_validate): a target's table and hooks, the protocol a match or
 * REJECT --reject-with tcp-reset needs, no jump to a base chain, and a jump depth under 16,
 * which also catches loops ("Too many links", EMLINK) once a base chain reaches them.
 */
import type { Chain, Match, Rule, Table, TargetAction } from '../../netfilter/model.ts';
import type { HookName } from '../../netfilter/packetMeta.ts';
import { RulesFold } from './rulesFold.ts';

export type Errno = 'EINVAL' | 'EOPNOTSUPP' | 'EMLINK' | 'EBUSY';

export const ERRNO_TEXT: Readonly<Record<Errno, string>> = {
  EINVAL: 'Invalid argument',
  EOPNOTSUPP: 'Operation not supported',
  EMLINK: 'Too many links',
  EBUSY: 'Device or resource busy',
};

const TARGET_TABLE: Partial<Record<TargetAction['kind'], string>> = {
  DNAT: 'nat',
  SNAT: 'nat',
  MASQUERADE: 'nat',
  REDIRECT: 'nat',
  NOTRACK: 'raw',
  REJECT: 'filter',
};

const TARGET_HOOKS: Partial<Record<TargetAction['kind'], readonly string[]>> = {
  DNAT: ['PREROUTING', 'OUTPUT'],
  SNAT: ['POSTROUTING', 'INPUT'],
  MASQUERADE: ['POSTROUTING'],
  REDIRECT: ['PREROUTING', 'OUTPUT'],
  REJECT: ['INPUT', 'FORWARD', 'OUTPUT'],
};

const MATCH_PROTO: Partial<Record<Match['name'], number>> = { tcp: 6, udp: 17, icmp: 1, sctp: 132 };

/** Checks that do not depend on where the rule's chain is reachable from. */
export function staticCheck(table: Table, rule: Rule): Errno | undefined {
  // An inverted zero-length prefix (`! -s 0/0`) can never match: nft refuses it.
  if ((rule.src?.invert && rule.src.mask === 0) || (rule.dst?.invert && rule.dst.mask === 0))
    return 'EINVAL';
  const t = rule.target;
  const need = TARGET_TABLE[t.kind];
  if (need !== undefined && need !== table.name) return 'EINVAL';
  if (
    t.kind === 'REJECT' &&
    t.with === 'tcp-reset' &&
    (rule.proto?.proto !== 6 || rule.proto.invert)
  ) {
    return 'EINVAL';
  }
  for (const m of rule.matches) {
    const p = MATCH_PROTO[m.name];
    // tcp and udp become nft payload matches and only need the protocol; icmp and sctp stay
    // xt matches whose checkentry (xt_check_match, .proto) also refuses an inverted -p.
    const xt = m.name === 'icmp' || m.name === 'sctp';
    if (p !== undefined && (rule.proto?.proto !== p || (xt && rule.proto.invert))) {
      return 'EINVAL';
    }
  }
  if (t.kind === 'jump' || t.kind === 'goto') {
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

function hookMask(hooks: readonly string[]): number {
  return hooks.reduce((m, h) => m | (HOOK_BIT[h as HookName] ?? 0), 0);
}

const TARGET_MASK: Partial<Record<TargetAction['kind'], number>> = Object.fromEntries(
  Object.entries(TARGET_HOOKS).map(([k, hooks]) => [k, hookMask(hooks)]),
);

const HOOKS = Object.entries(HOOK_BIT) as [HookName, number][];

/** The hooks where ruleHookOk(rule, hook, inBase) holds. */
function ruleHooks(rule: Rule, inBase: boolean): number {
  let m = TARGET_MASK[rule.target.kind] ?? ALL_HOOKS;
  if (!inBase) return m;
  for (const x of rule.matches) {
    for (const [hook, bit] of HOOKS) if (!matchHookOk(x, hook)) m &= ~bit;
  }
  return m;
}

/** What the commit check needs to know of a chain, without its rules. */
interface ChainFacts {
  /** Hooks where every rule passes as a rule of a chain jumped to. */
  user: number;
  /** Hooks where every rule passes as a rule of the base chain itself. */
  base: number;
  /** The chains its rules jump or go to. */
  readonly jumps: Set<string>;
}

const chainFacts = new RulesFold<ChainFacts>(
  () => ({ user: ALL_HOOKS, base: ALL_HOOKS, jumps: new Set() }),
  (f, r) => {
    const user = ruleHooks(r, false);
    f.user &= user;
    f.base &= r.matches.length === 0 ? user : ruleHooks(r, true);
    const tg = r.target;
    if (tg.kind === 'jump' || tg.kind === 'goto') f.jumps.add(tg.chain);
  },
);

/** `walk` on the chains' facts: the same yes/no, without visiting each rule every time. */
function chainsOk(
  t: Table,
  chain: Chain,
  hook: number,
  level: number,
  done: Map<string, number>,
): boolean {
  if (level >= MAX_DEPTH) return false;
  const seen = done.get(chain.name);
  if (level > 0 && seen !== undefined && seen >= level) return true;
  const f = chainFacts.of(chain.rules);
  if (!((level === 0 ? f.base : f.user) & hook)) return false;
  for (const name of f.jumps) {
    const next = t.chains.get(name);
    if (next && !next.builtin && !chainsOk(t, next, hook, level + 1, done)) return false;
  }
  if (level > 0) done.set(chain.name, level);
  return true;
}

/** Does the whole table pass the commit check? Linear in the changed rules (rulesFold.ts). */
function tableOk(table: Table): boolean {
  for (const chain of table.chains.values()) {
    if (!chain.builtin) continue;
    const hook = HOOK_BIT[chain.name as HookName] ?? 0;
    if (!chainsOk(table, chain, hook, 0, new Map())) return false;
  }
  return true;
}

/**
 * Validates the whole table as nf_tables does on commit; the refusal names a rule. The quick
 * check on chain facts decides; the rule-by-rule walk runs only to name the refused rule.
 */
export function validateTableDetailed(table: Table): Refusal | undefined {
  return tableOk(table) ? undefined : walkTable(table);
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
