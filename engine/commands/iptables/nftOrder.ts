/**
 * What nf_tables itself remembers and iptables-save does not show: the order in which
 * iptables-nft created tables and chains, and which built-in chains exist as nft base chains
 * (iptables-nft creates a base chain only when a command first uses it). `nft list ruleset`
 * prints in that order. Kept beside the ruleset so the shared model stays as it is.
 */
import type { Ruleset, TableName } from '../../netfilter/model.ts';

interface Order {
  tables: TableName[];
  chains: Map<TableName, string[]>;
  /** Membership of `chains`, so noting a chain stays O(1) in a 100k-rule restore. */
  known: Map<TableName, Set<string>>;
}

const orders = new WeakMap<Ruleset, Order>();

function get(rs: Ruleset): Order {
  let o = orders.get(rs);
  if (!o) orders.set(rs, (o = { tables: [], chains: new Map(), known: new Map() }));
  return o;
}

export function noteTable(rs: Ruleset, table: TableName): void {
  const o = get(rs);
  if (!o.tables.includes(table)) o.tables.push(table);
  if (!o.chains.has(table)) {
    o.chains.set(table, []);
    o.known.set(table, new Set());
  }
}

export function noteChain(rs: Ruleset, table: TableName, chain: string): void {
  noteTable(rs, table);
  const o = get(rs);
  const known = o.known.get(table) as Set<string>;
  if (known.has(chain)) return;
  known.add(chain);
  (o.chains.get(table) as string[]).push(chain);
}

/** noteTable, then noteChain for each of `chains` in order. */
export function noteChains(rs: Ruleset, table: TableName, chains: readonly string[]): void {
  noteTable(rs, table);
  const o = get(rs);
  const known = o.known.get(table) as Set<string>;
  const list = o.chains.get(table) as string[];
  for (const chain of chains) {
    if (known.has(chain)) continue;
    known.add(chain);
    list.push(chain);
  }
}

export function dropChain(rs: Ruleset, table: TableName, chain: string): void {
  const o = get(rs);
  if (!o.known.get(table)?.delete(chain)) return;
  const list = o.chains.get(table) as string[];
  list.splice(list.indexOf(chain), 1);
}

export function renameNoted(rs: Ruleset, table: TableName, from: string, to: string): void {
  const o = get(rs);
  const known = o.known.get(table);
  if (!known?.delete(from)) return;
  known.add(to);
  const list = o.chains.get(table) as string[];
  list[list.indexOf(from)] = to;
}

/** The recorded order, or undefined when this ruleset was never changed through the commands. */
export function nftOrder(
  rs: Ruleset,
): { tables: readonly TableName[]; chains: ReadonlyMap<TableName, readonly string[]> } | undefined {
  return orders.get(rs);
}
