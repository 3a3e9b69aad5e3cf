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
  newNode,
  nodesOk,
  targetMask,
  targetTable,
  type ChainNode,
} from './validate.ts';

/**
 * staticCheck without the jump to a built-in chain (checked per chain below), folding the rule
 * into its chain's node as addFact does; false when the kernel refuses the rule on its own.
 */
function foldChecked(n: ChainNode, edges: string[], table: TableName, r: Rule): boolean {
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
  n.user &= user;
  n.base &= base;
  if ((t.kind === 'jump' || t.kind === 'goto') && (n.to === n.from || edges[n.to - 1] !== t.chain))
    n.to = edges.push(t.chain);
  return true;
}

/** The longest built-in chain name (POSTROUTING): longer names need no lookup. */
const BUILTIN_MAX = 11;

/** The chain's node, or undefined when one of its rules is refused on its own. */
function checkedNode(t: Table, c: Chain, edges: string[]): ChainNode | undefined {
  const n = newNode(c, edges);
  for (const r of c.rules) if (!foldChecked(n, edges, t.name, r)) return undefined;
  // No jump to a base chain (EOPNOTSUPP): edges[from..to) holds every chain the rules name.
  for (let i = n.from; i < n.to; i++) {
    const j = edges[i] as string;
    if (j.length <= BUILTIN_MAX && BUILTIN_CHAINS[t.name].includes(j) && t.chains.get(j)?.builtin)
      return undefined;
  }
  return n;
}

/**
 * Would the kernel take the table as the batch leaves it? Chain by chain (a loop of 30,000
 * chains around one of 80,000 rules in one function was compiled and thrown away hundreds of
 * times over, on-stack replacement).
 */
export function batchAccepted(t: Table): boolean {
  const nodes = new Map<string, ChainNode>();
  const edges: string[] = [];
  for (const [name, c] of t.chains) {
    const n = checkedNode(t, c, edges);
    if (!n) return false;
    nodes.set(name, n);
  }
  return nodesOk(t, { edges, node: (name) => nodes.get(name) });
}
