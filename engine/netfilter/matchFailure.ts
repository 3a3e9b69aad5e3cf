/**
 * Which option of a rule failed, as one small number, so testing a rule that misses allocates
 * nothing: a 100k-rule KUBE-SERVICES walk misses on almost every rule and the tracer shows only
 * the first few misses. The text (the option as iptables-save prints it) is built from the
 * number only for a miss the trace shows (failureText).
 *
 * Codes: 1..6 a header field of struct ipt_ip (-s -d -i -o -p -f, in ip_packet_match's order);
 * from MATCH_BASE on, a match of rule.matches: MATCH_BASE + index * PARTS + part, where the
 * part names the tcp option that failed (--sport, --dport, --tcp-flags) or 0 for the whole
 * match.
 */
import { formatAddrMask } from '../addr/ipv4.ts';
import type { Match, Rule } from './model.ts';
import { formatProto } from './print.ts';
import { formatMatchOptions } from './printMatch.ts';

/** A rule's first failing option; see the codes above. Never 0. */
export type Miss = number & { readonly __miss: true };

export const MISS = {
  src: 1 as Miss,
  dst: 2 as Miss,
  inIface: 3 as Miss,
  outIface: 4 as Miss,
  proto: 5 as Miss,
  fragment: 6 as Miss,
} as const;

/** The part of a match that failed: the whole match, or one tcp option. */
export const PART = { whole: 0, sport: 1, dport: 2, flags: 3 } as const;
export type Part = (typeof PART)[keyof typeof PART];

const MATCH_BASE = 8;
const PARTS = 4;

export function matchMiss(index: number, part: Part): Miss {
  return (MATCH_BASE + index * PARTS + part) as Miss;
}

const bang = (b: boolean): string => (b ? '! ' : '');

/** The failed option as iptables-save prints it (the tracer's "why it did not match"). */
export function failureText(rule: Rule, miss: Miss): string {
  if (miss >= MATCH_BASE) {
    const index = Math.floor((miss - MATCH_BASE) / PARTS);
    const m = rule.matches[index];
    return m ? matchText(m, ((miss - MATCH_BASE) % PARTS) as Part) : '?';
  }
  const { src, dst, inIface, outIface, proto } = rule;
  switch (miss) {
    case MISS.src:
      return src ? `${bang(src.invert)}-s ${formatAddrMask(src.addr, src.mask)}` : '-s';
    case MISS.dst:
      return dst ? `${bang(dst.invert)}-d ${formatAddrMask(dst.addr, dst.mask)}` : '-d';
    case MISS.inIface:
      return inIface ? `${bang(inIface.invert)}-i ${inIface.name}` : '-i';
    case MISS.outIface:
      return outIface ? `${bang(outIface.invert)}-o ${outIface.name}` : '-o';
    case MISS.proto:
      return proto ? `${bang(proto.invert)}-p ${formatProto(proto.proto)}` : '-p';
    default:
      return '-f';
  }
}

function matchText(m: Match, part: Part): string {
  if (m.name === 'tcp' && part !== PART.whole) {
    const only =
      part === PART.sport
        ? { name: 'tcp' as const, sport: m.sport }
        : part === PART.dport
          ? { name: 'tcp' as const, dport: m.dport }
          : { name: 'tcp' as const, flags: m.flags };
    return `-m tcp${formatMatchOptions(only)}`;
  }
  return `-m ${m.name}${formatMatchOptions(m)}`;
}
