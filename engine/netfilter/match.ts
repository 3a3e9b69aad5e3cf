/**
 * Does a rule match a packet? The header fields (struct ipt_ip: -s -d -i -o -p -f) first, as
 * ip_packet_match in net/ipv4/netfilter/ip_tables.c does, then each match in rule order; the
 * first that fails is reported with its iptables-save text, for the tracer.
 */
import { formatAddrMask } from '../addr/ipv4.ts';
import type { AddrMatch, Rule } from './model.ts';
import type { PacketMeta } from './packetMeta.ts';
import type { MatchState } from './matchState.ts';
import { ifaceMatches, testMatch } from './matchExt.ts';
import { formatProto } from './print.ts';

export { newMatchState } from './matchState.ts';
export type { MatchState } from './matchState.ts';
export { ifaceMatches } from './matchExt.ts';

export type MatchResult =
  { readonly matched: true } | { readonly matched: false; readonly failedOption: string };

const MATCHED: MatchResult = { matched: true };
const fail = (failedOption: string): MatchResult => ({ matched: false, failedOption });
const bang = (b: boolean): string => (b ? '! ' : '');

function addrOk(a: AddrMatch | undefined, addr: number): boolean {
  return !a || ((addr & a.mask) >>> 0 === a.addr) !== a.invert;
}

function headerFailure(rule: Rule, meta: PacketMeta): string | undefined {
  const { src, dst, inIface, outIface, proto, fragment } = rule;
  if (src && !addrOk(src, meta.src))
    return `${bang(src.invert)}-s ${formatAddrMask(src.addr, src.mask)}`;
  if (dst && !addrOk(dst, meta.dst))
    return `${bang(dst.invert)}-d ${formatAddrMask(dst.addr, dst.mask)}`;
  if (inIface && !ifaceMatches(inIface, meta.inIface))
    return `${bang(inIface.invert)}-i ${inIface.name}`;
  if (outIface && !ifaceMatches(outIface, meta.outIface))
    return `${bang(outIface.invert)}-o ${outIface.name}`;
  if (proto && (meta.proto === proto.proto) === proto.invert) {
    return `${bang(proto.invert)}-p ${formatProto(proto.proto)}`;
  }
  // The simulator never fragments, so -f (a non-first fragment) never matches.
  if (fragment && !fragment.invert) return '-f';
  return undefined;
}

/** Tests `rule` against `meta`. Stateful matches (statistic nth, recent) update `state`. */
export function ruleMatches(rule: Rule, meta: PacketMeta, state: MatchState): MatchResult {
  const h = headerFailure(rule, meta);
  if (h !== undefined) return fail(h);
  for (const m of rule.matches) {
    const f = testMatch(m, meta, state);
    if (f !== undefined) return fail(f);
  }
  return MATCHED;
}
