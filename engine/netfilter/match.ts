/**
 * Does a rule match a packet? The header fields (struct ipt_ip: -s -d -i -o -p -f) first, as
 * ip_packet_match in net/ipv4/netfilter/ip_tables.c does, then each match in rule order. A miss
 * is reported as the first option that failed, coded as a number (matchFailure.ts): the tracer
 * turns it into text only for the misses it shows.
 */
import type { AddrMatch, Rule } from './model.ts';
import type { PacketMeta } from './packetMeta.ts';
import type { MatchState } from './matchState.ts';
import { ifaceMatches, testMatch } from './matchExt.ts';
import { MISS, matchMiss, type Miss } from './matchFailure.ts';

export { newMatchState } from './matchState.ts';
export type { MatchState } from './matchState.ts';
export { ifaceMatches } from './matchExt.ts';
export { failureText, type Miss } from './matchFailure.ts';

/** -s / -d: `a.addr` is stored masked (struct ipt_ip), so one AND and a compare. */
function addrMiss(a: AddrMatch, addr: number): boolean {
  return ((addr & a.mask) >>> 0 === a.addr) === a.invert;
}

/**
 * ip_packet_match's order. Each field is read only when the earlier ones passed: a long chain
 * (KUBE-SERVICES) fails almost every rule on -d, and this is its hot loop.
 */
function headerMiss(rule: Rule, meta: PacketMeta): Miss | undefined {
  const src = rule.src;
  if (src !== undefined && addrMiss(src, meta.src)) return MISS.src;
  const dst = rule.dst;
  if (dst !== undefined && addrMiss(dst, meta.dst)) return MISS.dst;
  const inIface = rule.inIface;
  if (inIface !== undefined && !ifaceMatches(inIface, meta.inIface)) return MISS.inIface;
  const outIface = rule.outIface;
  if (outIface !== undefined && !ifaceMatches(outIface, meta.outIface)) return MISS.outIface;
  const proto = rule.proto;
  if (proto !== undefined && (meta.proto === proto.proto) === proto.invert) return MISS.proto;
  // The simulator never fragments, so -f (a non-first fragment) never matches.
  const fragment = rule.fragment;
  if (fragment !== undefined && !fragment.invert) return MISS.fragment;
  return undefined;
}

/**
 * Tests `rule` against `meta`: undefined when it matches, else the first failed option.
 * Stateful matches (statistic nth, recent) update `state`.
 */
export function ruleMatches(rule: Rule, meta: PacketMeta, state: MatchState): Miss | undefined {
  const h = headerMiss(rule, meta);
  if (h !== undefined) return h;
  const matches = rule.matches;
  for (let i = 0; i < matches.length; i++) {
    const part = testMatch(matches[i]!, meta, state);
    if (part !== undefined) return matchMiss(i, part);
  }
  return undefined;
}
