/**
 * The end of do_parse (iptables/xshared.c 1.8.9): the nat/DROP check, each extension's
 * final check (xtables_options_fcheck, then its own), the command checks, address parsing
 * (ipv4_post_parse) and the expansion of `-s a,b -d c,d` into one rule per pair.
 */
import type { Match, ProtoMatch, Rule, TargetAction } from '../../netfilter/model.ts';
import { newCounters } from '../../netfilter/model.ts';
import { parseAddrList, type AddrMask } from '../../addr/addrList.ts';
import { paramProblem } from './errors.ts';
import type { ExtOption } from './ext/types.ts';
import { CMD, OPT, illegalOption } from './options.ts';
import { WAIT, WAIT_INTERVAL, type LoadedExt, type ParseState } from './parseState.ts';
import { parseCtx } from './parseCtx.ts';

export interface ParsedCommand {
  readonly command: number;
  readonly table: string;
  readonly chain?: string;
  readonly rulenum?: number;
  readonly newName?: string;
  readonly policy?: string;
  readonly options: number;
  readonly verbose: number;
  /** The rules a rule command names (several when -s/-d list addresses). */
  readonly rules: readonly Rule[];
  readonly counters?: { readonly pkts: number; readonly bytes: number };
  readonly warnings: readonly string[];
}

/** xtables_options_fcheck: mandatory options, "also requires", exclusions. */
function fcheck(name: string, xflags: readonly string[], table: readonly ExtOption[]): void {
  const first = (id: string) => table.find((o) => o.id === id)?.name ?? id;
  for (const e of table) {
    if (e.mand && !xflags.includes(e.id))
      throw paramProblem(`${name}: option "--${e.name}" must be specified\n`);
    if (!xflags.includes(e.id)) continue;
    for (const a of e.also ?? []) {
      if (!xflags.includes(a))
        throw paramProblem(`${name}: option "--${e.name}" also requires "--${first(a)}".\n`);
    }
    for (const x of e.excl ?? []) {
      if (x !== e.id && xflags.includes(x)) {
        throw paramProblem(
          `${name}: option "--${e.name}" cannot be used together with "--${first(x)}".\n`,
        );
      }
    }
  }
}

function finalExt<R>(ps: ParseState, inst: LoadedExt<R>): R {
  if (inst.ext.x6) fcheck(inst.ext.name, inst.xflags, inst.ext.options);
  return inst.ext.final(inst.st, parseCtx(ps));
}

/** Are two of the matches the same tcp or udp match (rare: `-m tcp ... -m tcp ...`)? */
function repeatsProtoMatch(list: readonly Match[]): boolean {
  let tcp = 0;
  let udp = 0;
  for (const m of list) {
    if (m.name === 'tcp') tcp++;
    else if (m.name === 'udp') udp++;
  }
  return tcp > 1 || udp > 1;
}

/** nft keeps one tcp/udp payload match per rule: later ones fold into the first. */
function mergeProtoMatches(list: Match[]): Match[] {
  if (!repeatsProtoMatch(list)) return list;
  const out: Match[] = [];
  for (const m of list) {
    const prev = out.find((o) => o.name === m.name && (m.name === 'tcp' || m.name === 'udp'));
    if (!prev) {
      out.push(m);
      continue;
    }
    const merged = { ...prev } as Record<string, unknown>;
    for (const [k, v] of Object.entries(m)) if (v !== undefined) merged[k] = v;
    out[out.indexOf(prev)] = merged as unknown as Match;
  }
  return out;
}

function buildTarget(ps: ParseState, target: TargetAction | undefined): TargetAction {
  if (target) return target;
  const j = ps.jumpTo;
  if (j === undefined) return { kind: 'none' };
  if (ps.isGoto) return { kind: 'goto', chain: j };
  if (j === 'ACCEPT' || j === 'DROP' || j === 'RETURN') return { kind: j };
  return { kind: 'jump', chain: j };
}

const ANY: AddrMask[] = [{ addr: 0, mask: 0 }];

function addrs(text: string | undefined): readonly AddrMask[] {
  if (text === undefined) return ANY;
  const r = parseAddrList(text);
  if (!r.ok) throw paramProblem(r.error);
  return r.list;
}

/** Does the match carry any option besides its name? (No entry arrays: this runs per rule.) */
function hasOptions(m: Match): boolean {
  const fields = m as unknown as Record<string, unknown>;
  for (const k in fields) if (k !== 'name' && fields[k] !== undefined) return true;
  return false;
}

function checkProtoMatches(ps: ParseState, matches: readonly Match[]): void {
  for (const m of matches) {
    if (m.name !== 'tcp' && m.name !== 'udp') continue;
    const want = m.name === 'tcp' ? 6 : 17;
    if (ps.proto !== want && hasOptions(m)) {
      throw paramProblem(`${m.name.toUpperCase()} match requires '-p ${m.name}'`);
    }
  }
}

const NOT_INVERTED = { invert: false } as const;
const INVERTED = { invert: true } as const;

/**
 * One rule. Every field is in the literal (undefined when absent) so that all rules share
 * one object shape, held in the object itself.
 */
function oneRule(
  ps: ParseState,
  s: AddrMask,
  d: AddrMask,
  matches: readonly Match[],
  target: TargetAction,
): Rule {
  const invS = ps.inv(OPT.s as number);
  const invD = ps.inv(OPT.d as number);
  const invI = ps.inv(OPT.i as number);
  const invO = ps.inv(OPT.o as number);
  const inI = ps.inIface;
  const outI = ps.outIface;
  return {
    src: s.mask !== 0 || invS ? { addr: s.addr, mask: s.mask, invert: invS } : undefined,
    dst: d.mask !== 0 || invD ? { addr: d.addr, mask: d.mask, invert: invD } : undefined,
    inIface: inI !== undefined && (inI !== '+' || invI) ? { name: inI, invert: invI } : undefined,
    outIface:
      outI !== undefined && (outI !== '+' || invO) ? { name: outI, invert: invO } : undefined,
    proto: ps.proto ? protoMatch(ps.proto, ps.inv(OPT.p as number)) : undefined,
    fragment: ps.fragment ? (ps.inv(OPT.f as number) ? INVERTED : NOT_INVERTED) : undefined,
    matches,
    target,
    counters: newCounters(ps.counters?.pkts, ps.counters?.bytes),
  };
}

/** -p values are immutable: one object per protocol and sense. */
const PROTO_MATCHES = new Map<number, ProtoMatch>();

export function protoMatch(proto: number, invert: boolean): ProtoMatch {
  const key = invert ? -proto : proto;
  let m = PROTO_MATCHES.get(key);
  if (!m) PROTO_MATCHES.set(key, (m = { proto, invert }));
  return m;
}

function buildRules(ps: ParseState, matches: Match[], target: TargetAction): Rule[] {
  const srcs = addrs(ps.src);
  const dsts = addrs(ps.dst);
  if ((srcs.length > 1 || dsts.length > 1) && ps.inv((OPT.s as number) | (OPT.d as number))) {
    throw paramProblem('! not allowed with multiple source or destination IP addresses');
  }
  if (ps.command === CMD.REPLACE && (srcs.length !== 1 || dsts.length !== 1)) {
    throw paramProblem('Replacement rule does not specify a unique address');
  }
  if (srcs.length === 1 && dsts.length === 1) {
    return [oneRule(ps, srcs[0] as AddrMask, dsts[0] as AddrMask, matches, target)];
  }
  const rules: Rule[] = [];
  for (const s of srcs) {
    for (const d of dsts) rules.push(oneRule(ps, s, d, matches, target));
  }
  return rules;
}

const RULE_CMDS = CMD.APPEND | CMD.INSERT | CMD.DELETE | CMD.REPLACE | CMD.CHECK;

function checkVia(ps: ParseState): void {
  if (!(ps.command & RULE_CMDS)) return;
  const chain = ps.chain ?? '';
  if ((chain === 'PREROUTING' || chain === 'INPUT') && ps.options & OPT.o) {
    throw paramProblem(`Can't use -o with ${chain}\n`);
  }
  if ((chain === 'POSTROUTING' || chain === 'OUTPUT') && ps.options & OPT.i) {
    throw paramProblem(`Can't use -i with ${chain}\n`);
  }
}

export function finishParse(ps: ParseState, invert: boolean): ParsedCommand {
  if (ps.waits & WAIT_INTERVAL && !(ps.waits & WAIT)) {
    throw paramProblem('--wait-interval only makes sense with --wait\n');
  }
  if (ps.table === 'nat' && (ps.policy === 'DROP' || ps.jumpTo === 'DROP')) {
    throw paramProblem(
      '\nThe "nat" table is not intended for filtering, the use of DROP is therefore inhibited.\n\n',
    );
  }
  const matches = ps.matches.map((m) => finalExt(ps, m));
  const target = ps.target ? finalExt(ps, ps.target) : undefined;
  if (ps.g.optind < ps.g.argv.length) throw paramProblem('unknown arguments found on commandline');
  if (!ps.command) throw paramProblem('no command specified');
  if (invert) throw paramProblem('nothing appropriate following !');
  const isRuleCmd = (ps.command & RULE_CMDS) !== 0;
  const merged = mergeProtoMatches(matches);
  const rules = isRuleCmd ? buildRules(ps, merged, buildTarget(ps, target)) : [];
  // ipv4_post_parse reads -s/-d for every command, before the option check.
  if (!isRuleCmd) {
    addrs(ps.src);
    addrs(ps.dst);
  }
  const bad = illegalOption(ps.command, ps.options);
  if (bad !== undefined) throw paramProblem(`Illegal option \`-${bad}' with this command`);
  if (ps.chain !== undefined && ps.chain.length >= 29) {
    throw paramProblem(`chain name \`${ps.chain}' too long (must be under 29 chars)`);
  }
  checkVia(ps);
  if (isRuleCmd) checkProtoMatches(ps, merged);
  const { command, table, chain, rulenum, newName, policy, options, verbose, counters } = ps;
  return {
    command,
    table,
    chain,
    rulenum,
    newName,
    policy,
    options,
    verbose,
    rules,
    counters,
    warnings: ps.warnings,
  };
}
