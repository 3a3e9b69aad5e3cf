/**
 * `nft list ruleset` for the tables iptables-nft manages (iptables 1.8.9 on nf_tables):
 * tables and chains in creation order, base chains with their type, hook, priority and
 * policy, each rule through xlate.ts.
 */
import type { Chain, Ruleset, Table, TableName } from '../../netfilter/model.ts';
import { TABLE_NAMES } from '../../netfilter/model.ts';
import { nftOrder } from '../iptables/nftOrder.ts';
import { ruleLine } from './xlate.ts';

/** Recorded with iptables 1.8.9: every table it manages carries this warning but security. */
export function warningLine(table: TableName): string {
  return `# Warning: table ip ${table} is managed by iptables-nft, do not touch!\n`;
}

export function warnings(rs: Ruleset): string {
  return tablesOf(rs)
    .filter((t) => t.name !== 'security')
    .map((t) => warningLine(t.name))
    .join('');
}

const PRIORITY: Readonly<Record<TableName, string>> = {
  raw: 'raw',
  mangle: 'mangle',
  nat: '',
  filter: 'filter',
  security: '150',
};

const NAT_PRIORITY: Readonly<Record<string, string>> = {
  PREROUTING: 'dstnat',
  INPUT: '100',
  OUTPUT: '-100',
  POSTROUTING: 'srcnat',
};

function baseHeader(table: TableName, chain: Chain): string {
  const type =
    table === 'nat' ? 'nat' : table === 'mangle' && chain.name === 'OUTPUT' ? 'route' : 'filter';
  const prio = table === 'nat' ? NAT_PRIORITY[chain.name] : PRIORITY[table];
  const policy = (chain.policy ?? 'ACCEPT').toLowerCase();
  return `\t\ttype ${type} hook ${chain.name.toLowerCase()} priority ${prio}; policy ${policy};\n`;
}

function chainText(table: TableName, chain: Chain): string {
  let s = `\tchain ${chain.name} {\n`;
  if (chain.builtin) s += baseHeader(table, chain);
  for (const r of chain.rules) s += `\t\t${ruleLine(r)}\n`;
  return `${s}\t}\n`;
}

/** Chains nft knows, in creation order; without a record, used built-ins then user chains. */
function chainsOf(rs: Ruleset, t: Table): Chain[] {
  const order = nftOrder(rs)?.chains.get(t.name);
  if (order) return order.map((n) => t.chains.get(n)).filter((c): c is Chain => c !== undefined);
  const all = [...t.chains.values()];
  const used = all.filter((c) => c.builtin && (c.rules.length > 0 || c.policy !== 'ACCEPT'));
  return [...used, ...all.filter((c) => !c.builtin).sort((a, b) => (a.name < b.name ? -1 : 1))];
}

function tablesOf(rs: Ruleset): Table[] {
  const order = nftOrder(rs)?.tables ?? TABLE_NAMES;
  return order.map((n) => rs.tables[n]).filter((t): t is Table => t !== undefined);
}

/**
 * The listing. nft prints each table's "managed by iptables-nft" warning on stderr just
 * before the table; `withWarnings` interleaves them as a terminal (or 2>&1) shows them.
 */
export function listRuleset(rs: Ruleset, withWarnings = false): string {
  let out = '';
  for (const t of tablesOf(rs)) {
    if (withWarnings && t.name !== 'security') out += warningLine(t.name);
    out += `table ip ${t.name} {\n`;
    out += chainsOf(rs, t)
      .map((c) => chainText(t.name, c))
      .join('\n');
    out += '}\n';
  }
  return out;
}
