/**
 * What `iptables -L` prints after the addresses: each match's `print` function and the
 * target's (extensions/libxt_*.c in iptables 1.8.9). Port and ICMP names unless -n.
 */
import type { Match, TargetAction } from '../../netfilter/model.ts';
import { formatIpv4 } from '../../addr/ipv4.ts';
import { serviceByPort } from '../../netfilter/services.ts';
import { formatMatchOptions, formatTcpFlags } from '../../netfilter/printMatch.ts';
import { formatNatRange } from '../../netfilter/print.ts';
import { protocolName } from '../../netfilter/protocols.ts';
import { icmpName } from './ext/proto.ts';
import { sctpListText } from './ext/sctp.ts';

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

function port(p: number, proto: string, numeric: boolean): string {
  return (!numeric && serviceByPort(p, proto)) || String(p);
}

function ports(
  name: string,
  r: { min: number; max: number; invert: boolean } | undefined,
  proto: string,
  n: boolean,
) {
  if (!r || (r.min === 0 && r.max === 0xffff && !r.invert)) return '';
  const inv = r.invert ? '!' : '';
  if (r.min === r.max) return ` ${name}:${inv}${port(r.min, proto, n)}`;
  return ` ${name}s:${inv}${port(r.min, proto, n)}:${port(r.max, proto, n)}`;
}

function tcpPrint(m: Extract<Match, { name: 'tcp' }>, n: boolean): string {
  let s = ` tcp${ports('spt', m.sport, 'tcp', n)}${ports('dpt', m.dport, 'tcp', n)}`;
  if (m.option) s += ` option=${m.option.invert ? '!' : ''}${m.option.num}`;
  if (m.flags && (m.flags.mask || m.flags.invert)) {
    const f = m.flags;
    const two = (x: number) => `0x${x.toString(16).toUpperCase().padStart(2, '0')}`;
    s += ` flags:${f.invert ? '!' : ''}${n ? `${two(f.mask)}/${two(f.comp)}` : `${formatTcpFlags(f.mask)}/${formatTcpFlags(f.comp)}`}`;
  }
  return s;
}

/** libxt_recent.c recent_print. */
function recentPrint(m: Extract<Match, { name: 'recent' }>): string {
  let s = `${m.invert ? ' !' : ''} recent: ${m.command === 'rcheck' ? 'CHECK' : m.command.toUpperCase()}`;
  if (m.seconds) s += ` seconds: ${m.seconds}`;
  if (m.reap) s += ' reap';
  if (m.hitcount) s += ` hit_count: ${m.hitcount}`;
  if (m.rttl) s += ' TTL-Match';
  s += ` name: ${m.listName} side: ${m.side === 'rsource' ? 'source' : 'dest'}`;
  return `${s} mask: ${formatIpv4(m.mask)}`;
}

const LEVEL_NAMES = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

/** One match as -L prints it (with its leading space). */
export function printMatchL(m: Match, numeric: boolean, proto: number): string {
  const pname = protocolName(proto) ?? 'tcp';
  switch (m.name) {
    case 'tcp':
      return tcpPrint(m, numeric);
    case 'udp':
      return ` udp${ports('spt', m.sport, 'udp', numeric)}${ports('dpt', m.dport, 'udp', numeric)}`;
    case 'sctp':
      return sctpListText(m, (n) => port(n, 'sctp', numeric));
    case 'icmp': {
      const named = numeric ? undefined : icmpName(m.type, m.codeMin, m.codeMax);
      if (named !== undefined) return ` icmp ${m.invert ? '!' : ''}${named}`;
      let s = ` icmp${m.invert ? ' !' : ''}type ${m.type}`;
      if (m.codeMin === m.codeMax) s += ` code ${m.codeMin}`;
      else if (m.codeMin !== 0 || m.codeMax !== 0xff) s += ` codes ${m.codeMin}-${m.codeMax}`;
      return s;
    }
    case 'multiport': {
      const list = m.ports.map(
        (p) =>
          port(p.min, pname, numeric) + (p.min !== p.max ? `:${port(p.max, pname, numeric)}` : ''),
      );
      const dir = m.dir === 'src' ? 'sports' : m.dir === 'dst' ? 'dports' : 'ports';
      return ` multiport ${dir} ${m.invert ? ' !' : ''}${list.join(',')}`;
    }
    case 'comment':
      return ` /* ${m.comment} */`;
    case 'mark':
      return ` mark match${m.invert ? ' !' : ''} ${hex(m.value)}${m.mask !== 0xffffffff ? `/${hex(m.mask)}` : ''}`;
    case 'connmark':
      return ` connmark match ${m.invert ? '!' : ''} ${hex(m.value)}${m.mask !== 0xffffffff ? `/${hex(m.mask)}` : ''}`;
    case 'addrtype': {
      let s = ' ADDRTYPE match';
      if (m.srcType) s += ` src-type ${m.srcType.invert ? '!' : ''}${m.srcType.values.join(',')}`;
      if (m.dstType) s += ` dst-type ${m.dstType.invert ? '!' : ''}${m.dstType.values.join(',')}`;
      if (m.limitIfaceIn) s += ' limit-in';
      if (m.limitIfaceOut) s += ' limit-out';
      return s;
    }
    case 'iprange': {
      let s = '';
      if (m.src)
        s += ` source IP range ${m.src.invert ? '! ' : ''}${formatIpv4(m.src.min)}-${formatIpv4(m.src.max)}`;
      if (m.dst)
        s += ` destination IP range ${m.dst.invert ? '! ' : ''}${formatIpv4(m.dst.min)}-${formatIpv4(m.dst.max)}`;
      return s;
    }
    case 'conntrack':
    case 'state':
      return formatMatchOptions(m).replace(/ --/g, ' ');
    case 'physdev':
      return ` PHYSDEV match${formatMatchOptions(m)}`;
    case 'recent':
      return recentPrint(m);
    default:
      return ` ${m.name}${formatMatchOptions(m).replace(/ --/g, ' ')}`;
  }
}

/** The target column. */
export function targetNameL(t: TargetAction): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'jump':
    case 'goto':
      return t.chain;
    case 'NOTRACK':
      return 'CT';
    default:
      return t.kind;
  }
}

function markText(kind: string, value: number, mask: number): string {
  if (value === 0) return ` ${kind} and ${hex(~mask)}`;
  if (value === mask) return ` ${kind} or ${hex(value)}`;
  if (mask === 0) return ` ${kind} xor ${hex(value)}`;
  if (mask === 0xffffffff) return ` ${kind} set ${hex(value)}`;
  return ` ${kind} xset ${hex(value)}/${hex(mask)}`;
}

/** The target's own words after the matches. */
export function printTargetL(t: TargetAction, numeric: boolean): string {
  switch (t.kind) {
    case 'REJECT':
      return ` reject-with ${t.with}`;
    case 'LOG': {
      const flags = [t.tcpSequence, t.tcpOptions, t.ipOptions, t.uid, false, t.macDecode].reduce(
        (a, b, i) => a | (b ? 1 << i : 0),
        0,
      );
      let s = numeric
        ? ` LOG flags ${flags} level ${t.level}`
        : ` LOG level ${LEVEL_NAMES[t.level]}`;
      if (!numeric) {
        for (const [on, w] of [
          [t.tcpSequence, 'tcp-sequence'],
          [t.tcpOptions, 'tcp-options'],
          [t.ipOptions, 'ip-options'],
          [t.uid, 'uid'],
          [t.macDecode, 'macdecode'],
        ] as const) {
          if (on) s += ` ${w}`;
        }
      }
      return t.prefix ? `${s} prefix "${t.prefix}"` : s;
    }
    case 'MARK':
      return markText('MARK', t.value, t.mask);
    case 'CONNMARK':
      if (t.op === 'set') return markText('CONNMARK', t.value, t.mask);
      if (t.nfmask === 0xffffffff && t.ctmask === 0xffffffff) return ` CONNMARK ${t.op}`;
      // libxt_CONNMARK prints the mask it applies first and the other one negated.
      if (t.op === 'restore')
        return ` CONNMARK restore ctmask ${hex(t.ctmask)} nfmask ~${hex(t.nfmask)}`;
      return ` CONNMARK save nfmask ${hex(t.nfmask)} ctmask ~${hex(t.ctmask)}`;
    case 'DNAT':
    case 'SNAT':
      return ` to:${formatNatRange(t.range)}${t.random ? ' random' : ''}${t.randomFully ? ' random-fully' : ''}${t.persistent ? ' persistent' : ''}`;
    case 'MASQUERADE':
    case 'REDIRECT': {
      const word = t.kind === 'MASQUERADE' ? ' masq ports: ' : ' redir ports ';
      let s = t.ports
        ? `${word}${t.ports.min === t.ports.max ? t.ports.min : `${t.ports.min}-${t.ports.max}`}`
        : '';
      if (t.random) s += ' random';
      if (t.kind === 'MASQUERADE' && t.randomFully) s += ' random-fully';
      return s;
    }
    case 'NOTRACK':
      return t.spelling === 'CT' ? ' CT notrack' : ' NOTRACK';
    default:
      return '';
  }
}
