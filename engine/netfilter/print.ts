/**
 * A rule as iptables-save and `iptables -S` print it (iptables 1.8.9, nft backend:
 * nft_ipv4_save_rule / save_rule_details in iptables/nft-ipv4.c and nft-shared.c): addresses,
 * interfaces, protocol and fragment flag first, then the matches in rule order, then the target.
 */
import { formatAddrMask, formatIpv4 } from '../addr/ipv4.ts';
import type { AddrMatch, Chain, NatRange, PortRange, Rule, TargetAction } from './model.ts';
import { formatMatch, saveString } from './printMatch.ts';
import { protocolName } from './protocols.ts';

export { formatMatch, formatMatchOptions, saveString } from './printMatch.ts';

const inv = (b: boolean): string => (b ? ' !' : '');
const hex = (n: number): string => `0x${(n >>> 0).toString(16)}`;

function addr(opt: string, a: AddrMatch | undefined): string {
  if (!a || (a.mask === 0 && !a.invert)) return '';
  return `${inv(a.invert)} ${opt} ${formatAddrMask(a.addr, a.mask)}`;
}

/** The part of a rule before its matches: ` -s … -d … -i … -o … -p … -f`. */
export function formatRuleHeader(rule: Rule): string {
  let s = addr('-s', rule.src) + addr('-d', rule.dst);
  if (rule.inIface) s += `${inv(rule.inIface.invert)} -i ${rule.inIface.name}`;
  if (rule.outIface) s += `${inv(rule.outIface.invert)} -o ${rule.outIface.name}`;
  if (rule.proto) s += `${inv(rule.proto.invert)} -p ${formatProto(rule.proto.proto)}`;
  if (rule.fragment) s += `${inv(rule.fragment.invert)} -f`;
  return s;
}

export function formatProto(proto: number): string {
  return protocolName(proto) ?? String(proto);
}

function portRange(p: PortRange): string {
  return p.min === p.max ? `${p.min}` : `${p.min}-${p.max}`;
}

/** ip[-ip][:port[-port]] as libxt_DNAT/SNAT print a range. */
export function formatNatRange(r: NatRange): string {
  let s = '';
  if (r.minIp !== undefined) {
    s = formatIpv4(r.minIp);
    if (r.maxIp !== undefined && r.maxIp !== r.minIp) s += `-${formatIpv4(r.maxIp)}`;
  }
  if (r.minPort !== undefined)
    s += `:${portRange({ min: r.minPort, max: r.maxPort ?? r.minPort })}`;
  return s;
}

function logTarget(t: Extract<TargetAction, { kind: 'LOG' }>): string {
  let s = ' -j LOG';
  if (t.prefix !== '') s += ` --log-prefix ${saveString(t.prefix)}`;
  if (t.level !== 4) s += ` --log-level ${t.level}`;
  if (t.tcpSequence) s += ' --log-tcp-sequence';
  if (t.tcpOptions) s += ' --log-tcp-options';
  if (t.ipOptions) s += ' --log-ip-options';
  if (t.uid) s += ' --log-uid';
  if (t.macDecode) s += ' --log-macdecode';
  return s;
}

function natTarget(t: Extract<TargetAction, { kind: 'DNAT' | 'SNAT' }>): string {
  const opt = t.kind === 'DNAT' ? '--to-destination' : '--to-source';
  let s = ` -j ${t.kind} ${opt} ${formatNatRange(t.range)}`;
  if (t.random) s += ' --random';
  if (t.randomFully) s += ' --random-fully';
  if (t.persistent) s += ' --persistent';
  return s;
}

/** ` -j TARGET options`, ` -g CHAIN`, or '' for a rule without a target. */
export function formatTarget(t: TargetAction): string {
  switch (t.kind) {
    case 'none':
      return '';
    case 'ACCEPT':
    case 'DROP':
    case 'RETURN':
      return ` -j ${t.kind}`;
    case 'jump':
      return ` -j ${t.chain}`;
    case 'goto':
      return ` -g ${t.chain}`;
    case 'REJECT':
      return ` -j REJECT --reject-with ${t.with}`;
    case 'LOG':
      return logTarget(t);
    case 'MARK':
      return ` -j MARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
    case 'CONNMARK':
      if (t.op === 'set') return ` -j CONNMARK --set-xmark ${hex(t.value)}/${hex(t.mask)}`;
      return ` -j CONNMARK --${t.op}-mark --nfmask ${hex(t.nfmask)} --ctmask ${hex(t.ctmask)}`;
    case 'DNAT':
    case 'SNAT':
      return natTarget(t);
    case 'MASQUERADE':
    case 'REDIRECT': {
      let s = ` -j ${t.kind}`;
      if (t.ports) s += ` --to-ports ${portRange(t.ports)}`;
      if (t.random) s += ' --random';
      if (t.kind === 'MASQUERADE' && t.randomFully) s += ' --random-fully';
      return s;
    }
    case 'NOTRACK':
      return t.spelling === 'CT' ? ' -j CT --notrack' : ' -j NOTRACK';
  }
}

/** Everything after `-A CHAIN`, with a leading space unless empty. */
export function formatRuleSpec(rule: Rule): string {
  return (
    formatRuleHeader(rule) + rule.matches.map(formatMatch).join('') + formatTarget(rule.target)
  );
}

/** `-A CHAIN spec`, prefixed with `[pkts:bytes] ` when counters are asked for (-c). */
export function formatRule(chain: string, rule: Rule, counters = false): string {
  const c = counters ? `[${rule.counters.pkts}:${rule.counters.bytes}] ` : '';
  return `${c}-A ${chain}${formatRuleSpec(rule)}`;
}

/** The chain line of iptables-save: `:NAME POLICY [p:b]` (`-` for user chains). */
export function formatChainDecl(chain: Chain): string {
  const c = chain.builtin ? chain.policyCounters : { pkts: 0, bytes: 0 };
  return `:${chain.name} ${chain.builtin ? chain.policy : '-'} [${c.pkts}:${c.bytes}]`;
}
