/**
 * A shortcut for the rule lines iptables-save and kube-proxy write most, `-A CHAIN` with
 * -s/-d (a.b.c.d[/N]), -p tcp|udp, -m comment --comment, -m tcp|udp with --sport/--dport N,
 * -m statistic --mode random --probability P and -j ACCEPT|DROP|RETURN|CHAIN|DNAT
 * --to-destination a.b.c.d:N, read word by word without getopt and the extension machinery.
 *
 * It answers only when it is sure: anything else (another option, a repeat, an abbreviation, a
 * `!` it does not expect, a value not written plainly, a combination parseIptables refuses)
 * gives undefined and the line goes to parseIptables, which is the reference. fastRule.test.ts
 * checks over random rules and kube-proxy-like lines that whenever this answers, parseIptables
 * gives the same command and rule without an error.
 */
import type { Match, Rule, TargetAction } from '../../netfilter/model.ts';
import { prefixToMask } from '../../addr/ipv4.ts';
import { CMD, OPT } from './options.ts';
import { protoMatch, type ParsedCommand } from './parseFinish.ts';
import { TARGETS, UNMODELLED_TARGETS } from './ext/index.ts';

/** Plain decimal 0..max (no sign, blank, leading zero or hex), else -1. */
function plainNumber(text: string, max: number): number {
  const n = text.length;
  if (n === 0 || n > 10 || (n > 1 && text.charCodeAt(0) === 48)) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v <= max ? v : -1;
}

/** a.b.c.d in plain decimal, else -1. */
function plainQuad(text: string): number {
  let v = 0;
  let from = 0;
  for (let k = 0; k < 4; k++) {
    const dot = k < 3 ? text.indexOf('.', from) : text.length;
    if (dot < 0) return -1;
    const b = plainNumber(text.slice(from, dot), 255);
    if (b < 0) return -1;
    v = v * 256 + b;
    from = dot + 1;
  }
  return v;
}

/** -s/-d: a.b.c.d or a.b.c.d/N, masked as xtables_ipparse_multiple does. */
function plainAddr(text: string): { addr: number; mask: number } | undefined {
  const slash = text.indexOf('/');
  const bits = slash < 0 ? 32 : plainNumber(text.slice(slash + 1), 32);
  const a = plainQuad(slash < 0 ? text : text.slice(0, slash));
  if (bits < 0 || a < 0) return undefined;
  const mask = prefixToMask(bits);
  return { addr: (a & mask) >>> 0, mask };
}

/** What the words said so far. */
interface Seen {
  src?: { addr: number; mask: number; invert: boolean };
  dst?: { addr: number; mask: number; invert: boolean };
  proto: number;
  protoInvert: boolean;
  options: number;
  matches: Match[];
  /** The tcp or udp match (at most one): where it is in `matches`, and its ports. */
  ports?: { name: 'tcp' | 'udp'; at: number; sport?: PortOpt; dport?: PortOpt };
  target?: TargetAction;
  jump?: string;
}

interface PortOpt {
  readonly min: number;
  readonly max: number;
  readonly invert: boolean;
}

/** The target of `-j CHAIN` (see fastAppend). */
export type JumpTo = (chain: string) => TargetAction;

/** Reads one option at words[i] (after an optional `!`); returns the next index, or -1. */
function option(w: readonly string[], i: number, s: Seen, table: string, jumpTo: JumpTo): number {
  const invert = w[i] === '!';
  if (invert) i++;
  const opt = w[i];
  const arg = w[i + 1];
  if (arg === undefined) return -1;
  switch (opt) {
    case '-s':
    case '-d': {
      const bit = opt === '-s' ? (OPT.s as number) : (OPT.d as number);
      const a = plainAddr(arg);
      if (!a || s.options & bit) return -1;
      s.options |= bit;
      const m = { addr: a.addr, mask: a.mask, invert };
      if (opt === '-s') s.src = m;
      else s.dst = m;
      return i + 2;
    }
    case '-p': {
      const p = arg === 'tcp' ? 6 : arg === 'udp' ? 17 : 0;
      if (p === 0 || s.options & (OPT.p as number)) return -1;
      s.options |= OPT.p as number;
      s.proto = p;
      s.protoInvert = invert;
      return i + 2;
    }
    case '-m':
      return invert ? -1 : match(w, i + 1, s);
    case '--sport':
    case '--dport':
      return portOption(opt === '--sport' ? 'sport' : 'dport', arg, invert, s) ? i + 2 : -1;
    case '-j':
      return invert ? -1 : jump(w, i + 1, s, table, jumpTo);
    default:
      return -1;
  }
}

function portOption(key: 'sport' | 'dport', arg: string, invert: boolean, s: Seen): boolean {
  const port = plainNumber(arg, 65535);
  const m = s.ports;
  if (!m || m[key] || port < 0) return false;
  m[key] = portOpt(port, invert);
  return true;
}

/** Ports are immutable values and few (kube-proxy's are mostly 80 and 443): one object each. */
const PORTS = new Map<number, PortOpt>();

function portOpt(port: number, invert: boolean): PortOpt {
  const key = invert ? -1 - port : port;
  let p = PORTS.get(key);
  if (!p) PORTS.set(key, (p = { min: port, max: port, invert }));
  return p;
}

/** `-m tcp` / `-m udp` without options. */
const BARE: Readonly<Record<'tcp' | 'udp', Match>> = { tcp: { name: 'tcp' }, udp: { name: 'udp' } };

/** `-m NAME ...` with words[i] = NAME. */
function match(w: readonly string[], i: number, s: Seen): number {
  const name = w[i];
  if (name === 'comment') {
    const text = w[i + 2];
    if (w[i + 1] !== '--comment' || text === undefined) return -1;
    s.matches.push({ name: 'comment', comment: text.slice(0, 255) });
    return i + 3;
  }
  if (name === 'statistic') {
    if (w[i + 1] !== '--mode' || w[i + 2] !== 'random' || w[i + 3] !== '--probability') return -1;
    const p = w[i + 4];
    if (p === undefined || !/^\d+(?:\.\d*)?$/.test(p) || Number(p) > 1) return -1;
    const probability = Math.round(0x80000000 * Number(p));
    s.matches.push({ name: 'statistic', mode: 'random', probability, invert: false });
    return i + 5;
  }
  if ((name === 'tcp' || name === 'udp') && !s.ports) {
    s.ports = { name, at: s.matches.length };
    s.matches.push(BARE[name]);
    return i + 1;
  }
  return -1;
}

/** `-j NAME ...` with words[i] = NAME. */
function jump(w: readonly string[], i: number, s: Seen, table: string, jumpTo: JumpTo): number {
  const name = w[i] as string;
  if (s.options & (OPT.j as number) || name.length < 1 || name.length >= 29) return -1;
  s.options |= OPT.j as number;
  if (name === 'DNAT') return dnat(w, i + 1, s);
  if (TARGETS.has(name) || UNMODELLED_TARGETS.has(name) || name === 'QUEUE') return -1;
  if (/\s/.test(name) || (name === 'DROP' && table === 'nat')) return -1;
  s.jump = name;
  if (name === 'ACCEPT' || name === 'DROP' || name === 'RETURN') s.target = { kind: name };
  else s.target = jumpTo(name);
  return i + 1;
}

/** `-j DNAT --to-destination a.b.c.d:N` with words[i] = `--to-destination`. */
function dnat(w: readonly string[], i: number, s: Seen): number {
  const to = w[i + 1];
  if (w[i] !== '--to-destination' || to === undefined || s.proto === 0) return -1;
  const colon = to.indexOf(':');
  const ip = plainQuad(colon < 0 ? to : to.slice(0, colon));
  const port = colon < 0 ? 0 : plainNumber(to.slice(colon + 1), 65535);
  if (colon < 0 || ip < 0 || port < 0) return -1;
  s.jump = 'DNAT';
  s.target = {
    kind: 'DNAT',
    range: { minIp: ip, maxIp: ip, minPort: port, maxPort: port },
    random: false,
    randomFully: false,
    persistent: false,
  };
  return i + 2;
}

/** As the tcp and udp extensions' final() build it: only the ports given. */
function portMatch(name: 'tcp' | 'udp', sport?: PortOpt, dport?: PortOpt): Match {
  if (sport && dport) return { name, sport, dport };
  return sport ? { name, sport } : { name, dport };
}

/** The rule, or undefined when parseIptables must decide. */
function build(s: Seen, table: string): Rule | undefined {
  const pm = s.ports;
  if (pm && (pm.sport || pm.dport)) {
    // checkProtoMatches: a tcp/udp match with options needs its -p.
    if (s.proto !== (pm.name === 'tcp' ? 6 : 17)) return undefined;
    s.matches[pm.at] = portMatch(pm.name, pm.sport, pm.dport);
  }
  if (table === 'nat' && s.jump === 'DROP') return undefined;
  const src = s.src;
  const dst = s.dst;
  return {
    src: src && (src.mask !== 0 || src.invert) ? src : undefined,
    dst: dst && (dst.mask !== 0 || dst.invert) ? dst : undefined,
    inIface: undefined,
    outIface: undefined,
    proto: s.proto ? protoMatch(s.proto, s.protoInvert) : undefined,
    fragment: undefined,
    // A copy of exactly its length (a pushed-to array keeps room for more).
    matches: s.matches.slice(),
    target: s.target ?? { kind: 'none' },
    counters: { pkts: 0, bytes: 0 },
  };
}

const newJump: JumpTo = (chain) => ({ kind: 'jump', chain });

/**
 * `argv` (argv[0] the program) as parseIptables(argv, true, table) would read it, when it is
 * one of the shapes above; undefined otherwise. `jumpTo` makes the target of `-j CHAIN`
 * (iptables-restore shares one per chain, named by the table's own key string, so that every
 * later lookup of it compares one pointer instead of two copies of the text).
 */
export function fastAppend(
  argv: readonly string[],
  table: string,
  jumpTo: JumpTo = newJump,
): ParsedCommand | undefined {
  const chain = argv[2];
  if (argv[1] !== '-A' || chain === undefined || chain.length >= 29) return undefined;
  const s: Seen = { proto: 0, protoInvert: false, options: 0, matches: [] };
  for (let i = 3; i < argv.length;) {
    i = option(argv, i, s, table, jumpTo);
    if (i < 0) return undefined;
  }
  const rule = build(s, table);
  if (!rule) return undefined;
  return {
    command: CMD.APPEND,
    table,
    chain,
    rulenum: undefined,
    newName: undefined,
    policy: undefined,
    options: s.options,
    verbose: 0,
    rules: [rule],
    counters: undefined,
    warnings: [],
  };
}
