/**
 * After a probe: `conntrack -L` per namespace (sorted as the recordings sort them, by their
 * JSON text with sorted keys) and the rule/policy counters that grew, in iptables-save order
 * (tables, then built-in policies, then rules chain by chain), with the rule as iptables-save
 * prints it.
 */
import { listEntry, type CtListEntry } from '../conntrack/list.ts';
import { formatRule } from '../netfilter/print.ts';
import type { TableName } from '../netfilter/packetMeta.ts';
import { BUILTIN_CHAINS } from '../netfilter/model.ts';
import type { HitCount, World } from '../stack/world.ts';

export type HitEntry =
  | { table: TableName; chain: string; policy: string; pkts: number; bytes: number }
  | { table: TableName; chain: string; index: number; rule: string; pkts: number; bytes: number };

/** The order iptables-nft's iptables-save prints tables in. */
const SAVE_ORDER: readonly TableName[] = ['raw', 'mangle', 'filter', 'security', 'nat'];

/** Python's json.dumps(sort_keys=True) text, the recordings' sort key for conntrack entries. */
export function pySortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pySortedJson).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}: ${pySortedJson(o[k])}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v);
}

export function collectConntrack(w: World): Record<string, CtListEntry[]> {
  const out: Record<string, CtListEntry[]> = {};
  for (const ns of w.namespaces.values()) {
    const list = ns.conntrack.entries(w.now).map(listEntry);
    if (list.length === 0) continue;
    const keyed = list.map((e) => [pySortedJson(e), e] as const);
    keyed.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    out[ns.name] = keyed.map(([, e]) => e);
  }
  return out;
}

export function collectHits(
  w: World,
  hits: Map<string, Map<string, HitCount>>,
): Record<string, HitEntry[]> {
  const out: Record<string, HitEntry[]> = {};
  for (const ns of w.namespaces.values()) {
    const grew = hits.get(ns.name);
    if (!grew || grew.size === 0) continue;
    // Group the grown counters by table and chain first: only those chains are visited, so a
    // 100k-rule ruleset costs what the probe touched, not what it holds.
    const byTable = new Map<string, Map<string, { index: number; h: HitCount }[]>>();
    for (const [key, h] of grew) {
      const [t, chain, index] = key.split('|') as [string, string, string];
      let chains = byTable.get(t);
      if (!chains) byTable.set(t, (chains = new Map()));
      let list = chains.get(chain);
      if (!list) chains.set(chain, (list = []));
      list.push({ index: Number(index), h });
    }
    const list: HitEntry[] = [];
    for (const tname of SAVE_ORDER) {
      const table = ns.ruleset.tables[tname];
      const grown = byTable.get(tname);
      if (!table || !grown) continue;
      for (const chain of table.chains.values()) {
        if (!chain.builtin) break;
        const h = grown.get(chain.name)?.find((x) => x.index === 0)?.h;
        if (h)
          list.push({ table: tname, chain: chain.name, policy: chain.policy ?? 'ACCEPT', ...h });
      }
      // Chains in iptables-save order, but only those the probe touched are looked at.
      const order = [...grown.keys()].map((name) => ({ name, chain: table.chains.get(name) }));
      order.sort((a, b) => saveOrder(tname, a.name, b.name));
      for (const { name, chain } of order) {
        if (!chain) continue;
        for (const { index, h } of [...grown.get(name)!].sort((a, b) => a.index - b.index)) {
          const rule = chain.rules[index - 1];
          if (index > 0 && rule)
            list.push({ table: tname, chain: name, index, rule: formatRule(name, rule), ...h });
        }
      }
    }
    if (list.length > 0) out[ns.name] = list;
  }
  return out;
}

/** iptables-save's chain order: built-in chains in hook order, then user chains by name (strcmp). */
function saveOrder(table: TableName, a: string, b: string): number {
  const builtins = BUILTIN_CHAINS[table];
  const ia = builtins.indexOf(a);
  const ib = builtins.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}
