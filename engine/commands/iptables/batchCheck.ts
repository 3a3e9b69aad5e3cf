/**
 * The commit check of a whole iptables-restore batch in one pass over its rules: each rule's
 * own checks (staticCheck) and the chain facts the table check needs (validate.ts), read
 * together, then the table check on those facts. Same answer as every staticCheck passing and
 * batchValid (validate.test.ts checks it on random tables); only a yes or no: a refused batch
 * is named line by line by restoreRefusal.ts.
 */
import type { Chain, Rule, Table, TableName } from '../../netfilter/model.ts';
import { BUILTIN_CHAINS } from '../../netfilter/model.ts';
import {
  matchHooks,
  matchProto,
  chainNode,
  newFacts,
  nodesOk,
  targetMask,
  targetTable,
  type ChainFacts,
  type ChainNode,
} from './validate.ts';

/**
 * staticCheck without the jump to a built-in chain (checked per chain below), folding the rule
 * into `f` as addFact does; false when the kernel refuses the rule on its own.
 */
function foldChecked(f: ChainFacts, table: TableName, r: Rule): boolean {
  if ((r.src?.invert && r.src.mask === 0) || (r.dst?.invert && r.dst.mask === 0)) return false;
  const t = r.target;
  const need = targetTable(t.kind);
  if (need !== undefined && need !== table) return false;
  if (t.kind === 'REJECT' && t.with === 'tcp-reset' && (r.proto?.proto !== 6 || r.proto.invert))
    return false;
  const user = targetMask(t.kind);
  let base = user;
  for (const m of r.matches) {
    const p = matchProto(m.name);
    // As staticCheck: icmp and sctp stay xt matches and also refuse an inverted -p.
    const xt = m.name === 'icmp' || m.name === 'sctp';
    if (p !== 0 && (r.proto?.proto !== p || (xt && r.proto.invert))) return false;
    base &= matchHooks(m);
  }
  f.user &= user;
  f.base &= base;
  if ((t.kind === 'jump' || t.kind === 'goto') && f.jumps[f.jumps.length - 1] !== t.chain)
    f.jumps.push(t.chain);
  return true;
}

/** The longest built-in chain name (POSTROUTING): longer names need no lookup. */
const BUILTIN_MAX = 11;

/** The chain's facts, or undefined when one of its rules is refused on its own. */
function checkedFacts(t: Table, c: Chain): ChainFacts | undefined {
  const f = newFacts();
  for (const r of c.rules) if (!foldChecked(f, t.name, r)) return undefined;
  // No jump to a base chain (EOPNOTSUPP): f.jumps holds every chain the rules name.
  for (const j of f.jumps) {
    if (j.length <= BUILTIN_MAX && BUILTIN_CHAINS[t.name].includes(j) && t.chains.get(j)?.builtin)
      return undefined;
  }
  return f;
}

/**
 * Would the kernel take the table as the batch leaves it? Chain by chain (a loop of 30,000
 * chains around one of 80,000 rules in one function was compiled and thrown away hundreds of
 * times over, on-stack replacement).
 */
export function batchAccepted(t: Table): boolean {
  const nodes = new Map<string, ChainNode>();
  for (const [name, c] of t.chains) {
    const f = checkedFacts(t, c);
    if (!f) return false;
    nodes.set(name, chainNode(c, f));
  }
  return nodesOk(t, (name) => nodes.get(name));
}
