/**
 * One iptables rule as `nft list ruleset` shows what iptables-nft 1.8.9 made of it: native
 * expressions for the header and tcp/udp ports, the xlate text of compat matches and targets,
 * in the order iptables-nft adds them (interfaces, protocol, addresses, matches, counter,
 * verdict). Words are joined with single spaces and a match that translates to nothing (a
 * comment, an empty udp match) still leaves its space, as the real output does.
 */
import type {
  AddrMatch,
  InvertiblePorts,
  Match,
  Rule,
  TargetAction,
} from '../../netfilter/model.ts';
import { formatIpv4, maskToPrefix } from '../../addr/ipv4.ts';
import { protocolName } from '../../netfilter/protocols.ts';
import { formatNatRange } from '../../netfilter/print.ts';

const hex8 = (n: number) => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;
const neq = (inv: boolean) => (inv ? '!= ' : '');

function iface(kind: string, i: Rule['inIface']): string[] {
  if (!i) return [];
  const name = i.name.endsWith('+') ? `${i.name.slice(0, -1)}*` : i.name;
  return [`${kind} ${neq(i.invert)}"${name}"`];
}

function addr(field: string, a: AddrMatch | undefined): string[] {
  if (!a) return [];
  const bits = maskToPrefix(a.mask);
  if (bits === undefined)
    return [`ip ${field} & ${formatIpv4(a.mask)} ${a.invert ? '!=' : '=='} ${formatIpv4(a.addr)}`];
  const text = bits === 32 ? formatIpv4(a.addr) : `${formatIpv4(a.addr)}/${bits}`;
  return [`ip ${field} ${neq(a.invert)}${text}`];
}

const TCP_FLAGS = ['fin', 'syn', 'rst', 'psh', 'ack', 'urg'];
const flagList = (bits: number) => TCP_FLAGS.filter((_, i) => bits & (1 << i)).join(',');

function ports(
  proto: string,
  dir: string,
  p: { min: number; max: number; invert: boolean } | undefined,
): string[] {
  if (!p || (p.min === 0 && p.max === 0xffff && !p.invert)) return [];
  const v = p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`;
  return [`${proto} ${dir} ${neq(p.invert)}${v}`];
}

function sctpPort(dir: string, p: InvertiblePorts | undefined): string {
  return p ? `sctp ${dir} ${neq(p.invert)}${p.min === p.max ? p.min : `${p.min}-${p.max}`}` : '';
}

/** Native tcp/udp payload matches. */
function portMatch(m: Extract<Match, { name: 'tcp' | 'udp' }>): string {
  const out = [...ports(m.name, 'sport', m.sport), ...ports(m.name, 'dport', m.dport)];
  if (m.name === 'tcp' && m.flags && m.flags.mask) {
    out.push(
      `tcp flags ${neq(m.flags.invert)}${flagList(m.flags.comp)} / ${flagList(m.flags.mask)}`,
    );
  }
  return out.join(' ');
}

const ICMP_TYPES: Readonly<Record<number, string>> = {
  0: 'echo-reply',
  3: 'destination-unreachable',
  4: 'source-quench',
  5: 'redirect',
  8: 'echo-request',
  9: 'router-advertisement',
  10: 'router-solicitation',
  11: 'time-exceeded',
  12: 'parameter-problem',
  13: 'timestamp-request',
  14: 'timestamp-reply',
  17: 'address-mask-request',
  18: 'address-mask-reply',
};

const CT_ORDER = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED'];

function ctState(values: readonly string[], invert: boolean): string {
  const list = CT_ORDER.filter((s) => values.includes(s)).map((s) => s.toLowerCase());
  return `ct state ${invert ? '! ' : ''}${list.join(',')}`;
}

function markMatch(kind: string, m: Extract<Match, { name: 'mark' | 'connmark' }>): string {
  // meta mark values print zero-padded, ct mark values do not (recorded with nft 1.0.6).
  const v = kind === 'meta mark' ? hex8(m.value) : hex(m.value);
  if (m.mask === 0xffffffff) return `${kind} ${neq(m.invert)}${v}`;
  return `${kind} & ${hex8(m.mask)} ${m.invert ? '!=' : '=='} ${hex8(m.value)}`;
}

/** The xlate of one match ('' when it has none). */
export function matchText(m: Match): string {
  switch (m.name) {
    case 'tcp':
    case 'udp':
      return portMatch(m);
    case 'sctp': {
      // Recorded (nft 1.0.6): libxt_sctp's xlate, every given range printed, 0-65535 too;
      // with no option nft falls back to `xt match sctp`.
      const text = [sctpPort('sport', m.sport), sctpPort('dport', m.dport)].filter((t) => t);
      return text.length ? text.join(' ') : 'xt match sctp';
    }
    case 'icmp':
      if (m.type === 0xff) return 'ip protocol icmp';
      return `icmp type ${neq(m.invert)}${ICMP_TYPES[m.type] ?? m.type}`;
    case 'multiport': {
      const list = m.ports.map((p) => (p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`));
      const dir = m.dir === 'src' ? 'sport' : 'dport';
      const v = list.length === 1 ? list[0] : `{ ${list.join(', ')} }`;
      return `th ${dir} ${neq(m.invert)}${v}`;
    }
    case 'conntrack':
      return m.ctstate ? ctState(m.ctstate.values, m.ctstate.invert) : 'xt match conntrack';
    case 'state':
      return ctState(m.states.values, m.states.invert);
    case 'addrtype': {
      // Recorded: with both types, nft shows only the source type, negated if either is.
      const sel = m.srcType ?? m.dstType;
      const dir = m.srcType ? 'saddr' : 'daddr';
      const inv = (m.srcType?.invert ?? false) || (m.dstType?.invert ?? false);
      const iif = m.limitIfaceIn ? ' . iif' : m.limitIfaceOut ? ' . oif' : '';
      const types = (sel?.values ?? []).map((t) => t.toLowerCase()).join(', ');
      return `fib ${dir}${iif} type ${neq(inv)}${types}`;
    }
    case 'comment':
      return '';
    case 'mark':
      return markMatch('meta mark', m);
    case 'connmark':
      return markMatch('ct mark', m);
    case 'statistic':
      if (m.mode === 'random')
        return `meta random & 2147483647 ${m.invert ? '>=' : '<'} ${m.probability}`;
      return `numgen inc mod ${m.every} ${neq(m.invert)}${m.packet}`;
    case 'iprange': {
      const r = m.src ?? m.dst;
      return r
        ? `ip ${m.src ? 'saddr' : 'daddr'} ${neq(r.invert)}${formatIpv4(r.min)}-${formatIpv4(r.max)}`
        : '';
    }
    default:
      return `xt match ${m.name}`;
  }
}

const LOG_LEVELS = ['emerg', 'alert', 'crit', 'err', 'warn', 'notice', 'info', 'debug'];

function markSet(kind: 'meta mark' | 'ct mark', value: number, mask: number): string {
  if (mask === 0xffffffff) return `${kind} set ${hex(value)}`;
  if (value === 0) return `${kind} set mark and ${hex(~mask >>> 0)}`;
  if (value === mask) return `${kind} set mark or ${hex(value)}`;
  if (mask === 0) return `${kind} set mark xor ${hex(value)}`;
  return `${kind} set mark and ${hex(~mask >>> 0)} xor ${hex(value)}`;
}

/** The xlate of the target (a verdict, a statement, or '' for none). */
export function targetText(t: TargetAction): string | undefined {
  switch (t.kind) {
    case 'none':
      return undefined;
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return t.kind.toLowerCase();
    case 'jump':
    case 'goto':
      return `${t.kind} ${t.chain}`;
    case 'REJECT':
      if (t.with === 'icmp-port-unreachable') return 'reject';
      if (t.with === 'tcp-reset') return 'reject with tcp reset';
      return `reject with icmp type ${t.with.replace(/^icmp-/, '')}`;
    case 'LOG': {
      let s = 'log';
      if (t.prefix) s += ` prefix "${t.prefix}"`;
      if (t.level !== 4) s += ` level ${LOG_LEVELS[t.level]}`;
      return s;
    }
    case 'MARK':
      return markSet('meta mark', t.value, t.mask);
    case 'CONNMARK':
      if (t.op === 'set') return markSet('ct mark', t.value, t.mask);
      return t.op === 'save' ? 'ct mark set mark' : 'meta mark set ct mark';
    case 'DNAT':
    case 'SNAT':
      return `${t.kind.toLowerCase()} to ${formatNatRange(t.range)}${t.random ? ' random' : ''}${t.randomFully ? ' fully-random' : ''}${t.persistent ? ' persistent' : ''}`;
    case 'MASQUERADE': {
      const to = t.ports
        ? ` to :${t.ports.min === t.ports.max ? t.ports.min : `${t.ports.min}-${t.ports.max}`}`
        : '';
      return `masquerade${to}${t.random ? ' random' : ''}${t.randomFully ? ' fully-random' : ''}`;
    }
    case 'REDIRECT': {
      const to = t.ports
        ? ` to :${t.ports.min === t.ports.max ? t.ports.min : `${t.ports.min}-${t.ports.max}`}`
        : '';
      return `redirect${to}${t.random ? ' random' : ''}`;
    }
    case 'NOTRACK':
      return 'notrack';
  }
}

/** Is `meta l4proto X` left out because the first match is a native tcp/udp payload match? */
function protoElided(rule: Rule): boolean {
  const first = rule.matches[0];
  if (!rule.proto || rule.proto.invert || !first) return false;
  return (first.name === 'tcp' || first.name === 'udp') && portMatch(first) !== '';
}

/** The rule line (without indentation). */
export function ruleLine(rule: Rule): string {
  const words: string[] = [...iface('iifname', rule.inIface), ...iface('oifname', rule.outIface)];
  if (rule.proto && !protoElided(rule)) {
    words.push(
      `meta l4proto ${neq(rule.proto.invert)}${protocolName(rule.proto.proto) ?? rule.proto.proto}`,
    );
  }
  words.push(...addr('saddr', rule.src), ...addr('daddr', rule.dst));
  if (rule.fragment) words.push(`ip frag-off & 8191 ${rule.fragment.invert ? '==' : '!='} 0`);
  for (const m of rule.matches)
    words.push(m.name === 'multiport' ? multiportText(rule, m) : matchText(m));
  words.push(`counter packets ${rule.counters.pkts} bytes ${rule.counters.bytes}`);
  const t = targetText(rule.target);
  if (t !== undefined) words.push(t);
  return words.join(' ');
}

function multiportText(rule: Rule, m: Extract<Match, { name: 'multiport' }>): string {
  const proto = protocolName(rule.proto?.proto ?? 6) ?? 'tcp';
  return matchText(m).replace(/^th /, `${proto} `);
}
