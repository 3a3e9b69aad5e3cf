/**
 * `iptables -L` tables (print_header / print_firewall in iptables/xshared.c and nft-ipv4.c,
 * xtables_print_num in libxtables): column widths, K/M/G counters unless -x, `anywhere` and
 * names unless -n, `(N references)` on user chains.
 */
import type { Chain, Rule, Table } from '../../netfilter/model.ts';
import { formatIpv4, maskToPrefix } from '../../addr/ipv4.ts';
import { protocolName } from '../../netfilter/protocols.ts';
import { CMD, OPT } from './options.ts';
import type { ParsedCommand } from './parseFinish.ts';
import { orderedChains } from './save.ts';
import { referenceCount } from './tableOps.ts';
import { printMatchL, printTargetL, targetNameL } from './listPrint.ts';

interface Fmt {
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

const pad = (s: string, n: number) => s.padEnd(n);
const padL = (s: string, n: number) => s.padStart(n);

/** xtables_print_num in a table column. */
export function printNum(n: number, f: Fmt): string {
  if (f.exact) return `${padL(String(n), 8)} `;
  if (n <= 99999) return `${padL(String(n), 5)} `;
  let v = n;
  for (const unit of ['K', 'M', 'G', 'T']) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999 || unit === 'T') return `${padL(String(v), 4)}${unit} `;
  }
  return '';
}

function printNumNoTable(n: number, f: Fmt): string {
  if (f.exact || n <= 99999) return `${n} `;
  let v = n;
  for (const unit of ['K', 'M', 'G', 'T']) {
    v = Math.floor((v + 500) / 1000);
    if (v <= 9999 || unit === 'T') return `${v}${unit} `;
  }
  return '';
}

function header(t: Table, c: Chain, f: Fmt): string {
  let s = `Chain ${c.name}`;
  if (c.builtin) {
    s += ` (policy ${c.policy}`;
    if (f.verbose) {
      s += ` ${printNumNoTable(c.policyCounters.pkts, f)}packets, ${printNumNoTable(c.policyCounters.bytes, f)}bytes`;
    }
    s += ')\n';
  } else {
    s += ` (${referenceCount(t, c.name)} references)\n`;
  }
  if (f.lineNumbers) s += 'num  ';
  if (f.verbose)
    s += f.exact
      ? `${padL('pkts', 8)} ${padL('bytes', 10)} `
      : `${padL('pkts', 5)} ${padL('bytes', 5)} `;
  s += `${pad('target', 9)}  prot opt`;
  if (f.verbose) s += ` ${pad('in', 6)} ${pad('out', 6)} `;
  s += ` ${pad('source', 19)}  ${pad('destination', 19)} \n`;
  return s;
}

const HOSTS: Readonly<Record<number, string>> = { 0x7f000001: 'localhost' };
/** Debian's /etc/hosts and /etc/networks, as xtables_ipaddr_to_anyname consults them (hosts first). */
const NETWORKS: Readonly<Record<number, string>> = {
  0: 'default',
  0x7f000000: 'loopback',
  0xa9fe0000: 'link-local',
};

function addrText(a: Rule['src'], f: Fmt): string {
  const inv = a?.invert ? '!' : ' ';
  if (!a || a.mask === 0) return `${inv}${pad(f.numeric ? '0.0.0.0/0' : 'anywhere', 19)} `;
  const bits = maskToPrefix(a.mask);
  const maskText =
    a.mask === 0xffffffff ? '' : bits === undefined ? `/${formatIpv4(a.mask)}` : `/${bits}`;
  let name = formatIpv4(a.addr);
  if (!f.numeric) name = HOSTS[a.addr] ?? NETWORKS[a.addr] ?? name;
  return `${inv}${pad(name + maskText, 19)} `;
}

function ifaceText(i: Rule['inIface'], f: Fmt): string {
  return `${i?.invert ? '!' : ''}${i ? i.name : f.numeric ? '*' : 'any'}`;
}

function ruleLine(rule: Rule, num: number, f: Fmt): string {
  let s = f.lineNumbers ? `${pad(String(num), 4)} ` : '';
  if (f.verbose) s += printNum(rule.counters.pkts, f) + printNum(rule.counters.bytes, f);
  s += `${pad(targetNameL(rule.target), 9)} `;
  s += rule.proto?.invert ? '!' : ' ';
  const p = rule.proto?.proto ?? 0;
  s += pad(f.numeric ? String(p) : (protocolName(p) ?? String(p)), 5);
  s += `${rule.fragment?.invert ? '!' : '-'}${rule.fragment ? 'f' : '-'} `;
  if (f.verbose)
    s += ` ${pad(ifaceText(rule.inIface, f), 6)} ${pad(ifaceText(rule.outIface, f), 6)} `;
  s += addrText(rule.src, f) + addrText(rule.dst, f);
  if (rule.target.kind === 'goto') s += '[goto] ';
  s += rule.matches.map((m) => printMatchL(m, f.numeric, rule.proto?.proto ?? 0)).join('');
  s += printTargetL(rule.target, f.numeric);
  return `${s}\n`;
}

export function listTable(t: Table, p: ParsedCommand): string {
  const f: Fmt = {
    numeric: (p.options & OPT.n) !== 0,
    verbose: (p.options & OPT.v) !== 0,
    exact: (p.options & OPT.x) !== 0,
    lineNumbers: (p.options & OPT['0']) !== 0,
  };
  const chains = orderedChains(t).filter((c) => p.chain === undefined || c.name === p.chain);
  if (p.rulenum !== undefined && p.command & CMD.LIST) {
    const r = chains[0]?.rules[p.rulenum - 1];
    return r ? ruleLine(r, p.rulenum, f) : '';
  }
  return chains
    .map((c) => header(t, c, f) + c.rules.map((r, i) => ruleLine(r, i + 1, f)).join(''))
    .join('\n');
}

function addrNoTable(a: Rule['src']): string {
  if (!a || a.mask === 0) return '0.0.0.0/0';
  const bits = maskToPrefix(a.mask);
  const maskText =
    a.mask === 0xffffffff ? '' : bits === undefined ? `/${formatIpv4(a.mask)}` : `/${bits}`;
  return `${formatIpv4(a.addr)}${maskText}`;
}

/**
 * A rule as `iptables -v -A ...` echoes it (print_firewall with FMT_NOTABLE | FMT_NUMERIC |
 * FMT_VIA | FMT_OPTIONS in iptables 1.8.9).
 */
export function ruleLineNoTable(rule: Rule): string {
  const p = rule.proto?.proto ?? 0;
  let s = `${targetNameL(rule.target)} ${rule.proto?.invert ? '!' : ' '}${protocolName(p) ?? p} `;
  s += `opt ${rule.fragment?.invert ? '!' : '-'}${rule.fragment ? 'f' : '-'} `;
  const f: Fmt = { numeric: true, verbose: true, exact: false, lineNumbers: false };
  s += `in ${ifaceText(rule.inIface, f)} out ${ifaceText(rule.outIface, f)} `;
  s += `${rule.src?.invert ? '!' : ' '}${addrNoTable(rule.src)} `;
  s += `${rule.dst?.invert ? '!' : ' '}-> ${addrNoTable(rule.dst)}  `;
  if (rule.target.kind === 'goto') s += '[goto] ';
  s += rule.matches.map((m) => printMatchL(m, true, p)).join('');
  s += printTargetL(rule.target, true);
  return `${s}\n`;
}
