/** iptables-save and `iptables -S` text (iptables/nft.c nft_rule_save / list_rules in 1.8.9). */
import type { Chain, Ruleset, Table, TableName } from '../../netfilter/model.ts';
import { newTable } from '../../netfilter/model.ts';
import { formatChainDecl, formatRule } from '../../netfilter/print.ts';

/** Built-in chains in hook order, then user chains sorted by name (nft cache order). */
export function orderedChains(table: Table): Chain[] {
  const all = [...table.chains.values()];
  const user = all
    .filter((c) => !c.builtin)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [...all.filter((c) => c.builtin), ...user];
}

/** One table's block of iptables-save output, without the comment lines. */
export function saveTableLines(table: Table, counters: boolean): string[] {
  const chains = orderedChains(table);
  const lines = [`*${table.name}`, ...chains.map(formatChainDecl)];
  for (const c of chains) for (const r of c.rules) lines.push(formatRule(c.name, r, counters));
  lines.push('COMMIT');
  return lines;
}

/**
 * iptables-save's table order, whatever the creation order: the index of iptables-nft's table
 * cache (enum NFT_TABLE_MANGLE, _SECURITY, _RAW, _FILTER, _NAT in iptables/nft.h).
 */
export const SAVE_ORDER: readonly TableName[] = ['mangle', 'security', 'raw', 'filter', 'nat'];

/** Tables that exist, in iptables-save's order. */
export function existingTables(rs: Ruleset, only?: TableName): Table[] {
  return SAVE_ORDER.filter((n) => !only || n === only)
    .map((n) => rs.tables[n])
    .filter((t): t is Table => t !== undefined);
}

/** `-P`/`-N` lines then `-A` lines for one chain, as -S prints them. */
export function listRulesChain(chain: Chain, counters: boolean, ruleNum?: number): string[] {
  if (ruleNum !== undefined) {
    const r = chain.rules[ruleNum - 1];
    return r ? [formatRule(chain.name, r, false)] : [];
  }
  const head = chain.builtin
    ? `-P ${chain.name} ${chain.policy}${counters ? ` -c ${chain.policyCounters.pkts} ${chain.policyCounters.bytes}` : ''}`
    : `-N ${chain.name}`;
  return [head, ...chain.rules.map((r) => formatRuleS(chain.name, r, counters))];
}

function formatRuleS(
  chain: string,
  rule: Parameters<typeof formatRule>[1],
  counters: boolean,
): string {
  const text = formatRule(chain, rule, false);
  return counters
    ? `${text.replace(/^(-A \S+)/, `$1 -c ${rule.counters.pkts} ${rule.counters.bytes}`)}`
    : text;
}

/** `iptables -S` for a whole table: policies and chain declarations first, then the rules. */
export function listRulesTable(
  table: Table | undefined,
  name: TableName,
  counters: boolean,
): string[] {
  const t = table ?? newTable(name);
  const chains = orderedChains(t);
  const heads = chains.map((c) => listRulesChain({ ...c, rules: [] }, counters)[0] as string);
  const rules = chains.flatMap((c) => c.rules.map((r) => formatRuleS(c.name, r, counters)));
  return [...heads, ...rules];
}
