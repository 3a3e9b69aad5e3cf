/**
 * After a probe: `conntrack -L` per namespace (sorted as the recordings sort them, by their
 * JSON text with sorted keys) and the rule/policy counters that grew, in iptables-save order
 * (tables, then built-in policies, then rules chain by chain), with the rule as iptables-save
 * prints it.
 */
import { listEntry, type CtListEntry } from '../conntrack/list.ts';
import { formatRule } from '../netfilter/print.ts';
import type { TableName } from '../netfilter/packetMeta.ts';
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
    const list = ns.conntrack.entries().map(listEntry);
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
    const list: HitEntry[] = [];
    for (const tname of SAVE_ORDER) {
      const table = ns.ruleset.tables[tname];
      if (!table) continue;
      for (const chain of table.chains.values()) {
        const h = grew.get(`${tname}|${chain.name}|0`);
        if (h && chain.builtin)
          list.push({ table: tname, chain: chain.name, policy: chain.policy ?? 'ACCEPT', ...h });
      }
      for (const chain of table.chains.values()) {
        chain.rules.forEach((rule, i) => {
          const h = grew.get(`${tname}|${chain.name}|${i + 1}`);
          if (h)
            list.push({
              table: tname,
              chain: chain.name,
              index: i + 1,
              rule: formatRule(chain.name, rule),
              ...h,
            });
        });
      }
    }
    if (list.length > 0) out[ns.name] = list;
  }
  return out;
}
