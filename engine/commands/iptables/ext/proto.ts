/**
 * The protocol matches: tcp and udp (old-style parsers of libxt_tcp.c / libxt_udp.c, with
 * their own "Only one ... allowed" messages) and icmp (libipt_icmp.c).
 */
import type { IcmpMatch, InvertiblePorts, Match, TcpFlagsMatch } from '../../../netfilter/model.ts';
import { strtouiWhole } from '../../../addr/cnum.ts';
import { paramProblem } from '../errors.ts';
import type { Extension, ExtCall } from './types.ts';
import { parsePortRange, setPortOption } from './values.ts';

interface PortState {
  sport?: InvertiblePorts;
  dport?: InvertiblePorts;
  flags?: TcpFlagsMatch;
  option?: { num: number; invert: boolean };
}

const FLAG_NAMES: Readonly<Record<string, number>> = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ALL: 0x3f,
  NONE: 0,
};

function parseTcpFlags(text: string): number {
  let bits = 0;
  for (const name of text.split(',')) {
    const v = FLAG_NAMES[name.toUpperCase()];
    if (v === undefined) throw paramProblem(`Unknown TCP flag \`${name}'`);
    bits |= v;
  }
  return bits;
}

function setFlags(c: ExtCall<PortState>, mask: string, comp: string): void {
  c.st.flags = { mask: parseTcpFlags(mask), comp: parseTcpFlags(comp), invert: c.invert };
}

export const tcpExt: Extension<PortState, Match> = {
  name: 'tcp',
  x6: false,
  options: [
    { name: 'source-port', id: 'sport', hasArg: 1 },
    { name: 'sport', id: 'sport', hasArg: 1 },
    { name: 'destination-port', id: 'dport', hasArg: 1 },
    { name: 'dport', id: 'dport', hasArg: 1 },
    { name: 'syn', id: 'syn', hasArg: 0 },
    { name: 'tcp-flags', id: 'flags', hasArg: 1 },
    { name: 'tcp-option', id: 'option', hasArg: 1 },
  ],
  init: () => ({}),
  parse(c) {
    const onlyFlags = "Only one of `--syn' or `--tcp-flags'  allowed";
    if (c.id === 'sport') return setPortOption(c, 'sport', 'tcp', 'source-port');
    if (c.id === 'dport') return setPortOption(c, 'dport', 'tcp', 'destination-port');
    if (c.id === 'syn') {
      if (c.st.flags) throw paramProblem(onlyFlags);
      return setFlags(c, 'SYN,RST,ACK,FIN', 'SYN');
    }
    if (c.id === 'flags') {
      if (c.st.flags) throw paramProblem(onlyFlags);
      const g = c.ctx.getopt;
      const next = g.argv[g.optind];
      if (next === undefined || next.startsWith('-') || next.startsWith('!')) {
        throw paramProblem('--tcp-flags requires two args.');
      }
      g.optind++;
      return setFlags(c, c.arg ?? '', next);
    }
    if (c.st.option) throw paramProblem("Only one `--tcp-option' allowed");
    const num = strtouiWhole(c.arg ?? '', 0, 255);
    if (num === undefined) throw paramProblem(`Bad TCP option \`${c.arg}'`);
    c.st.option = { num, invert: c.invert };
  },
  final: (st) => ({ name: 'tcp', ...st }),
};

/** libxt_udp.c uses the x6 option framework ("can only be used once"), unlike libxt_tcp.c. */
export const udpExt: Extension<PortState, Match> = {
  name: 'udp',
  x6: true,
  options: [
    { name: 'source-port', id: 'sport', hasArg: 1, invert: true },
    { name: 'sport', id: 'sport', hasArg: 1, invert: true },
    { name: 'destination-port', id: 'dport', hasArg: 1, invert: true },
    { name: 'dport', id: 'dport', hasArg: 1, invert: true },
  ],
  init: () => ({}),
  parse(c) {
    const key = c.id === 'sport' ? 'sport' : 'dport';
    c.st[key] = { ...parsePortRange(c.arg ?? '', 'udp'), invert: c.invert };
  },
  final: (st) => ({ name: 'udp', sport: st.sport, dport: st.dport }),
};

/** libipt_icmp.c icmp_codes: name, type, code range. */
const ICMP_CODES: readonly (readonly [string, number, number, number])[] = [
  ['any', 0xff, 0, 0xff],
  ['echo-reply', 0, 0, 0xff],
  ['destination-unreachable', 3, 0, 0xff],
  ['network-unreachable', 3, 0, 0],
  ['host-unreachable', 3, 1, 1],
  ['protocol-unreachable', 3, 2, 2],
  ['port-unreachable', 3, 3, 3],
  ['fragmentation-needed', 3, 4, 4],
  ['source-route-failed', 3, 5, 5],
  ['network-unknown', 3, 6, 6],
  ['host-unknown', 3, 7, 7],
  ['network-prohibited', 3, 9, 9],
  ['host-prohibited', 3, 10, 10],
  ['TOS-network-unreachable', 3, 11, 11],
  ['TOS-host-unreachable', 3, 12, 12],
  ['communication-prohibited', 3, 13, 13],
  ['host-precedence-violation', 3, 14, 14],
  ['precedence-cutoff', 3, 15, 15],
  ['source-quench', 4, 0, 0xff],
  ['redirect', 5, 0, 0xff],
  ['network-redirect', 5, 0, 0],
  ['host-redirect', 5, 1, 1],
  ['TOS-network-redirect', 5, 2, 2],
  ['TOS-host-redirect', 5, 3, 3],
  ['echo-request', 8, 0, 0xff],
  ['router-advertisement', 9, 0, 0xff],
  ['router-solicitation', 10, 0, 0xff],
  ['time-exceeded', 11, 0, 0xff],
  ['ttl-zero-during-transit', 11, 0, 0],
  ['ttl-zero-during-reassembly', 11, 1, 1],
  ['parameter-problem', 12, 0, 0xff],
  ['ip-header-bad', 12, 0, 0],
  ['required-option-missing', 12, 1, 1],
  ['timestamp-request', 13, 0, 0xff],
  ['timestamp-reply', 14, 0, 0xff],
  ['address-mask-request', 17, 0, 0xff],
  ['address-mask-reply', 18, 0, 0xff],
];

/** The icmp_codes name of a type/code range, as `iptables -L` prints it. */
export function icmpName(type: number, codeMin: number, codeMax: number): string | undefined {
  return ICMP_CODES.find(([, t, lo, hi]) => t === type && lo === codeMin && hi === codeMax)?.[0];
}

/** Names match by case-insensitive prefix; two hits are ambiguous (xtables_parse_icmp). */
function parseIcmp(text: string): Omit<IcmpMatch, 'name' | 'invert'> {
  const hits = ICMP_CODES.filter(([n]) => n.toLowerCase().startsWith(text.toLowerCase()));
  const exact = hits.find(([n]) => n.toLowerCase() === text.toLowerCase());
  if (hits.length > 1 && !exact) {
    throw paramProblem(`Ambiguous ICMP type \`${text}': \`${hits[0]?.[0]}' or \`${hits[1]?.[0]}'?`);
  }
  const hit = exact ?? hits[0];
  if (hit && text !== '') return { type: hit[1], codeMin: hit[2], codeMax: hit[3] };
  const m = /^([^/]*)(?:\/(.*))?$/.exec(text) as RegExpExecArray;
  const type = strtouiWhole(m[1] ?? '', 0, 255);
  if (type === undefined) throw paramProblem(`Unknown ICMP type \`${text}'`);
  if (m[2] === undefined) return { type, codeMin: 0, codeMax: 0xff };
  const code = strtouiWhole(m[2], 0, 255);
  if (code === undefined) throw paramProblem(`Unknown ICMP code \`${text}'`);
  return { type, codeMin: code, codeMax: code };
}

interface IcmpState {
  v?: Omit<IcmpMatch, 'name'>;
}

export const icmpExt: Extension<IcmpState, Match> = {
  name: 'icmp',
  x6: true,
  options: [{ name: 'icmp-type', id: 'type', hasArg: 1, invert: true, mand: true }],
  init: () => ({}),
  parse(c) {
    c.st.v = { ...parseIcmp(c.arg ?? ''), invert: c.invert };
  },
  final: (st) => ({
    name: 'icmp',
    ...(st.v ?? { type: 0xff, codeMin: 0, codeMax: 0xff, invert: false }),
  }),
};
