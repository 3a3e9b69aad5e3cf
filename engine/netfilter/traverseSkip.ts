/**
 * Skipping a run of rules that -d rules out, without touching the rules themselves.
 *
 * kube-proxy's KUBE-SERVICES holds one `-d CLUSTER-IP/32 ... -j KUBE-SVC-…` rule per service
 * port: a packet to the last service fails -d on some 10,000 rules before it matches. Testing
 * each Rule object costs a pointer chase or two per rule (the rule, its -d); this index keeps
 * every rule's -d address and mask in flat arrays, so such a run is skipped in a tight loop.
 * Only rules whose first failing option would be -d are indexed (-d given, not inverted, no -s):
 * a skipped rule is exactly one ruleMatches would have reported as a -d miss.
 *
 * The index is built once per chain and checked against the chain on every use: a replaced
 * rules array or a different length rebuilds it, and each skipped rule must still be the very
 * object indexed (the shell may replace one rule in place, iptables -R).
 */
import type { Chain, Rule } from './model.ts';

export interface DstIndex {
  readonly source: readonly Rule[];
  readonly rules: readonly Rule[];
  readonly addr: Uint32Array;
  readonly mask: Uint32Array;
  /** 1 where a -d mismatch is the rule's first failure. */
  readonly plain: Uint8Array;
}

const cache = new WeakMap<Chain, DstIndex>();

function build(chain: Chain): DstIndex {
  const rules = chain.rules;
  const n = rules.length;
  const ix: DstIndex = {
    source: rules,
    rules: rules.slice(),
    addr: new Uint32Array(n),
    mask: new Uint32Array(n),
    plain: new Uint8Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rules[i]!;
    if (r.src !== undefined || r.dst === undefined || r.dst.invert) continue;
    ix.addr[i] = r.dst.addr;
    ix.mask[i] = r.dst.mask;
    ix.plain[i] = 1;
  }
  cache.set(chain, ix);
  return ix;
}

/** The chain's index, rebuilt when the chain's rules array was replaced or resized. */
export function dstIndex(chain: Chain): DstIndex {
  const ix = cache.get(chain);
  if (ix && ix.source === chain.rules && ix.rules.length === chain.rules.length) return ix;
  return build(chain);
}

/**
 * The first index at or after `from` of a rule that -d does not rule out for a packet to
 * `dst` (every rule before it would fail on -d).
 */
export function skipDstMisses(chain: Chain, ix: DstIndex, from: number, dst: number): number {
  const rules = chain.rules;
  const { addr, mask, plain } = ix;
  const n = rules.length;
  let i = from;
  while (i < n && plain[i] === 1 && (dst & mask[i]!) >>> 0 !== addr[i]) {
    if (ix.rules[i] !== rules[i]) return skipDstMisses(chain, build(chain), i, dst);
    i++;
  }
  return i;
}
