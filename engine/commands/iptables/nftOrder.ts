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
  /**
   * Membership of `chains`, so noting a chain stays O(1) in a 100k-rule restore; built on first
   * use after a restore noted a table's chains all at once (30,000 names kube-proxy's restore
   * notes, then often nothing more).
   */
  known: Map<TableName, Set<string> | undefined>;
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

/** The membership set of a table's noted chains, built if a restore left it out. */
function knownOf(o: Order, table: TableName): Set<string> {
  let known = o.known.get(table);
  if (!known) o.known.set(table, (known = new Set(o.chains.get(table))));
  return known;
}

export function noteChain(rs: Ruleset, table: TableName, chain: string): void {
  noteTable(rs, table);
  const o = get(rs);
  const known = knownOf(o, table);
  if (known.has(chain)) return;
  known.add(chain);
  (o.chains.get(table) as string[]).push(chain);
}

/** noteTable, then noteChain for each of `chains` in order. */
export function noteChains(rs: Ruleset, table: TableName, chains: readonly string[]): void {
  noteTable(rs, table);
  const o = get(rs);
  const list = o.chains.get(table) as string[];
  const known = knownOf(o, table);
  for (const chain of chains) {
    if (known.has(chain)) continue;
    known.add(chain);
    list.push(chain);
  }
}

/**
 * noteChains of a table's own chain names (distinct) when nothing of the table was noted yet
 * (the first restore of a namespace's table): the names are kept as they are, their set is
 * built when a later command needs it.
 */
export function noteDistinctChains(rs: Ruleset, table: TableName, chains: readonly string[]): void {
  noteTable(rs, table);
  const o = get(rs);
  if ((o.chains.get(table) as string[]).length > 0) {
    noteChains(rs, table, chains);
    return;
  }
  o.chains.set(table, chains.slice());
  o.known.set(table, undefined);
}

export function dropChain(rs: Ruleset, table: TableName, chain: string): void {
  const o = get(rs);
  if (!o.chains.has(table) || !knownOf(o, table).delete(chain)) return;
  const list = o.chains.get(table) as string[];
  list.splice(list.indexOf(chain), 1);
}

export function renameNoted(rs: Ruleset, table: TableName, from: string, to: string): void {
  const o = get(rs);
  if (!o.chains.has(table)) return;
  const known = knownOf(o, table);
  if (!known.delete(from)) return;
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
