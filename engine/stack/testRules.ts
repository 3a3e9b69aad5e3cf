/**
 * Test helper: rules built directly in the shared model (no parser), so stack tests do not
 * depend on the iptables command language.
 */
import type { Match, Rule, Ruleset, TableName, TargetAction } from '../netfilter/model.ts';
import { newCounters, newTable } from '../netfilter/model.ts';
import { parseIpv4 } from '../packet/ipv4.ts';
import { prefixMask } from '../packet/ipv4.ts';

export interface RuleSpec {
  s?: string;
  d?: string;
  i?: string;
  o?: string;
  p?: number;
  matches?: Match[];
  j: TargetAction;
}

function addr(text: string) {
  const [a, l] = text.split('/');
  const len = l === undefined ? 32 : Number(l);
  const mask = prefixMask(len);
  return { addr: (parseIpv4(a!)! & mask) >>> 0, mask, invert: false };
}

export function rule(r: RuleSpec): Rule {
  return {
    src: r.s ? addr(r.s) : undefined,
    dst: r.d ? addr(r.d) : undefined,
    inIface: r.i ? { name: r.i, invert: false } : undefined,
    outIface: r.o ? { name: r.o, invert: false } : undefined,
    proto: r.p ? { proto: r.p, invert: false } : undefined,
    matches: r.matches ?? [],
    target: r.j,
    counters: newCounters(),
  };
}

/** { filter: { FORWARD: [rules], policy: {FORWARD: 'DROP'} } } */
export function ruleset(
  spec: Partial<
    Record<
      TableName,
      { chains: Record<string, RuleSpec[]>; policy?: Record<string, 'ACCEPT' | 'DROP'> }
    >
  >,
): Ruleset {
  const rs: Ruleset = { tables: {} };
  for (const [name, t] of Object.entries(spec) as [
    TableName,
    NonNullable<(typeof spec)[TableName]>,
  ][]) {
    const table = newTable(name);
    for (const [chain, rules] of Object.entries(t.chains)) {
      let c = table.chains.get(chain);
      if (!c) {
        c = { name: chain, builtin: false, policyCounters: newCounters(), rules: [] };
        table.chains.set(chain, c);
      }
      c.rules = rules.map(rule);
    }
    for (const [chain, pol] of Object.entries(t.policy ?? {}))
      table.chains.get(chain)!.policy = pol;
    rs.tables[name] = table;
  }
  return rs;
}
