/**
 * Whether conntrack runs in a namespace (kernel-facts.md §6): only once some rule needs it,
 * i.e. a match or target that calls nf_ct_netns_get (xt_conntrack, xt_state, xt_connmark,
 * the NAT targets, CONNMARK, CT/NOTRACK). With plain filter rules `conntrack -L` stays empty
 * and the nat chains (which need a connection) are never traversed.
 */
import type { Ruleset } from '../netfilter/model.ts';

const CT_MATCHES = new Set(['conntrack', 'state', 'connmark']);
const CT_TARGETS = new Set(['DNAT', 'SNAT', 'MASQUERADE', 'REDIRECT', 'CONNMARK', 'NOTRACK']);

export function needsConntrack(rs: Ruleset): boolean {
  for (const table of Object.values(rs.tables)) {
    if (!table) continue;
    for (const chain of table.chains.values()) {
      for (const rule of chain.rules) {
        if (CT_TARGETS.has(rule.target.kind)) return true;
        if (rule.matches.some((m) => CT_MATCHES.has(m.name))) return true;
      }
    }
  }
  return false;
}
