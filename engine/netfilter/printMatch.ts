/**
 * The iptables-save text of each match (the `save` functions of extensions/libxt_*.c and
 * libipt_icmp.c in iptables 1.8.9). Each function returns the words after `-m NAME`,
 * every word preceded by a space, exactly as iptables-save prints them.
 */
import { formatIpv4, formatAddrMask } from '../addr/ipv4.ts';
import type {
  AddrTypeMatch,
  ConntrackMatch,
  CtAddrOption,
  InvertiblePorts,
  Match,
  PhysdevMatch,
  RecentMatch,
  StatisticMatch,
  TcpMatch,
} from './model.ts';
import type { AddrTypeName, CtState, CtStatus } from './packetMeta.ts';
import type { CtStateName } from './model.ts';

/** xtables_save_string: bare when only [A-Za-z0-9_-], else double-quoted with \ escapes. */
export function saveString(value: string): string {
  if (/^[A-Za-z0-9_-]+$/.test(value)) return value;
  return `"${value.replace(/["\\']/g, (c) => `\\${c}`)}"`;
}

const inv = (b: boolean): string => (b ? ' !' : '');
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

export const TCP_FLAG_NAMES: readonly (readonly [string, number])[] = [
  ['FIN', 0x01],
  ['SYN', 0x02],
  ['RST', 0x04],
  ['PSH', 0x08],
  ['ACK', 0x10],
  ['URG', 0x20],
];

/** print_tcpf: flag names in bit order, or NONE. */
export function formatTcpFlags(flags: number): string {
  const names = TCP_FLAG_NAMES.filter(([, bit]) => (flags & bit) !== 0).map(([n]) => n);
  return names.length ? names.join(',') : 'NONE';
}

function ports(opt: string, p: InvertiblePorts | undefined, sep = ':'): string {
  if (!p || (p.min === 0 && p.max === 0xffff && !p.invert)) return '';
  return `${inv(p.invert)} ${opt} ${p.min === p.max ? p.min : `${p.min}${sep}${p.max}`}`;
}

function sctpPorts(opt: string, p: InvertiblePorts | undefined): string {
  return p ? `${inv(p.invert)} ${opt} ${p.min === p.max ? p.min : `${p.min}:${p.max}`}` : '';
}

function tcp(m: TcpMatch): string {
  let s = ports('--sport', m.sport) + ports('--dport', m.dport);
  if (m.option) s += `${inv(m.option.invert)} --tcp-option ${m.option.num}`;
  if (m.flags && (m.flags.mask !== 0 || m.flags.invert)) {
    s += `${inv(m.flags.invert)} --tcp-flags ${formatTcpFlags(m.flags.mask)} ${formatTcpFlags(m.flags.comp)}`;
  }
  return s;
}

export const CT_STATE_ORDER: readonly CtStateName[] = [
  'INVALID',
  'NEW',
  'RELATED',
  'ESTABLISHED',
  'UNTRACKED',
  'SNAT',
  'DNAT',
];
export const CT_STATUS_ORDER: readonly CtStatus[] = [
  'EXPECTED',
  'SEEN_REPLY',
  'ASSURED',
  'CONFIRMED',
];

function ordered<T>(order: readonly T[], values: readonly T[]): string {
  return order.filter((v) => values.includes(v)).join(',');
}

function ctAddr(opt: string, a: CtAddrOption | undefined): string {
  if (!a) return '';
  const text = a.mask === 0xffffffff ? formatIpv4(a.addr) : formatAddrMask(a.addr, a.mask);
  return `${inv(a.invert)} ${opt} ${text}`;
}

function conntrack(m: ConntrackMatch): string {
  let s = '';
  if (m.ctstate)
    s += `${inv(m.ctstate.invert)} --ctstate ${ordered(CT_STATE_ORDER, m.ctstate.values)}`;
  if (m.ctproto) s += `${inv(m.ctproto.invert)} --ctproto ${m.ctproto.proto}`;
  s += ctAddr('--ctorigsrc', m.ctorigsrc) + ctAddr('--ctorigdst', m.ctorigdst);
  s += ctAddr('--ctreplsrc', m.ctreplsrc) + ctAddr('--ctrepldst', m.ctrepldst);
  s += ctPort('--ctorigsrcport', m.ctorigsrcport) + ctPort('--ctorigdstport', m.ctorigdstport);
  s += ctPort('--ctreplsrcport', m.ctreplsrcport) + ctPort('--ctrepldstport', m.ctrepldstport);
  if (m.ctstatus)
    s += `${inv(m.ctstatus.invert)} --ctstatus ${ordered(CT_STATUS_ORDER, m.ctstatus.values) || 'NONE'}`;
  if (m.ctexpire) s += ctPort('--ctexpire', m.ctexpire);
  if (m.ctdir) s += ` --ctdir ${m.ctdir}`;
  return s;
}

function ctPort(opt: string, p: InvertiblePorts | undefined): string {
  if (!p) return '';
  return `${inv(p.invert)} ${opt} ${p.min === p.max ? p.min : `${p.min}:${p.max}`}`;
}

export const STATE_ORDER: readonly CtState[] = [
  'INVALID',
  'NEW',
  'RELATED',
  'ESTABLISHED',
  'UNTRACKED',
];

export const ADDRTYPE_ORDER: readonly AddrTypeName[] = [
  'UNSPEC',
  'UNICAST',
  'LOCAL',
  'BROADCAST',
  'ANYCAST',
  'MULTICAST',
  'BLACKHOLE',
  'UNREACHABLE',
  'PROHIBIT',
  'THROW',
  'NAT',
  'XRESOLVE',
];

function addrtype(m: AddrTypeMatch): string {
  let s = '';
  if (m.srcType)
    s += `${inv(m.srcType.invert)} --src-type ${ordered(ADDRTYPE_ORDER, m.srcType.values)}`;
  if (m.dstType)
    s += `${inv(m.dstType.invert)} --dst-type ${ordered(ADDRTYPE_ORDER, m.dstType.values)}`;
  if (m.limitIfaceIn) s += ' --limit-iface-in';
  if (m.limitIfaceOut) s += ' --limit-iface-out';
  return s;
}

/** The probability as the kernel stores it, printed with %.11f. */
export function formatProbability(stored: number): string {
  return (stored / 0x80000000).toFixed(11);
}

function statistic(m: StatisticMatch): string {
  if (m.mode === 'random') {
    return ` --mode random${inv(m.invert)} --probability ${formatProbability(m.probability)}`;
  }
  return ` --mode nth${inv(m.invert)} --every ${m.every} --packet ${m.packet}`;
}

function physdev(m: PhysdevMatch): string {
  let s = '';
  if (m.isIn) s += `${inv(m.isIn.invert)} --physdev-is-in`;
  if (m.physdevIn) s += `${inv(m.physdevIn.invert)} --physdev-in ${m.physdevIn.name}`;
  if (m.isOut) s += `${inv(m.isOut.invert)} --physdev-is-out`;
  if (m.physdevOut) s += `${inv(m.physdevOut.invert)} --physdev-out ${m.physdevOut.name}`;
  if (m.isBridged) s += `${inv(m.isBridged.invert)} --physdev-is-bridged`;
  return s;
}

function recent(m: RecentMatch): string {
  let s = `${inv(m.invert)} --${m.command}`;
  if (m.seconds !== undefined) s += ` --seconds ${m.seconds}`;
  if (m.reap) s += ' --reap';
  if (m.hitcount !== undefined) s += ` --hitcount ${m.hitcount}`;
  if (m.rttl) s += ' --rttl';
  return `${s} --name ${m.listName} --mask ${formatIpv4(m.mask)} --${m.side}`;
}

function range(opt: string, r: { min: number; max: number; invert: boolean } | undefined): string {
  return r ? `${inv(r.invert)} ${opt} ${formatIpv4(r.min)}-${formatIpv4(r.max)}` : '';
}

/** The words after `-m NAME` for one match. */
export function formatMatchOptions(m: Match): string {
  switch (m.name) {
    case 'tcp':
      return tcp(m);
    case 'udp':
      return ports('--sport', m.sport) + ports('--dport', m.dport);
    case 'sctp':
      // sctp_save prints every given range, 0:65535 included (it stays an xt match).
      return sctpPorts('--sport', m.sport) + sctpPorts('--dport', m.dport);
    case 'icmp': {
      if (m.type === 0xff) return `${inv(m.invert)} --icmp-type any`;
      const code = m.codeMin !== 0 || m.codeMax !== 0xff ? `/${m.codeMin}` : '';
      return `${inv(m.invert)} --icmp-type ${m.type}${code}`;
    }
    case 'multiport': {
      const opt = m.dir === 'src' ? '--sports' : m.dir === 'dst' ? '--dports' : '--ports';
      const list = m.ports.map((p) => (p.min === p.max ? `${p.min}` : `${p.min}:${p.max}`));
      return `${inv(m.invert)} ${opt} ${list.join(',')}`;
    }
    case 'conntrack':
      return conntrack(m);
    case 'state':
      return `${inv(m.states.invert)} --state ${ordered(STATE_ORDER, m.states.values)}`;
    case 'addrtype':
      return addrtype(m);
    case 'comment':
      return ` --comment ${saveString(m.comment)}`;
    case 'mark':
    case 'connmark':
      return `${inv(m.invert)} --mark ${hex(m.value)}${m.mask === 0xffffffff ? '' : `/${hex(m.mask)}`}`;
    case 'statistic':
      return statistic(m);
    case 'physdev':
      return physdev(m);
    case 'recent':
      return recent(m);
    case 'iprange':
      return range('--src-range', m.src) + range('--dst-range', m.dst);
  }
}

/** ` -m NAME options` for one match. */
export function formatMatch(m: Match): string {
  return ` -m ${m.name}${formatMatchOptions(m)}`;
}
