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
}

const orders = new WeakMap<Ruleset, Order>();

function get(rs: Ruleset): Order {
  let o = orders.get(rs);
  if (!o) orders.set(rs, (o = { tables: [], chains: new Map() }));
  return o;
}

export function noteTable(rs: Ruleset, table: TableName): void {
  const o = get(rs);
  if (!o.tables.includes(table)) o.tables.push(table);
  if (!o.chains.has(table)) o.chains.set(table, []);
}

export function noteChain(rs: Ruleset, table: TableName, chain: string): void {
  noteTable(rs, table);
  const list = get(rs).chains.get(table) as string[];
  if (!list.includes(chain)) list.push(chain);
}

export function dropChain(rs: Ruleset, table: TableName, chain: string): void {
  const list = get(rs).chains.get(table);
  if (list && list.includes(chain)) list.splice(list.indexOf(chain), 1);
}

export function renameNoted(rs: Ruleset, table: TableName, from: string, to: string): void {
  const list = get(rs).chains.get(table);
  if (list && list.includes(from)) list[list.indexOf(from)] = to;
}

/** The recorded order, or undefined when this ruleset was never changed through the commands. */
export function nftOrder(
  rs: Ruleset,
): { tables: readonly TableName[]; chains: ReadonlyMap<TableName, readonly string[]> } | undefined {
  return orders.get(rs);
}
