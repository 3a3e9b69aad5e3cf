/**
 * A shortcut for the rule lines iptables-save and kube-proxy write most, `-A CHAIN` with
 * -s/-d (a.b.c.d[/N]), -p tcp|udp, -m comment --comment, -m tcp|udp with --sport/--dport N,
 * -m statistic --mode random --probability P and -j ACCEPT|DROP|RETURN|CHAIN|DNAT
 * --to-destination a.b.c.d:N, read from the line itself (word offsets, fastWords.ts) without
 * a string per word, getopt or the extension machinery.
 *
 * It answers only when it is sure: anything else (another option, a repeat, an abbreviation, a
 * `!` it does not expect, a value not written plainly, quoting restoreWords would do otherwise,
 * a combination parseIptables refuses) gives undefined and the line goes to restoreWords and
 * parseIptables, which are the reference. fastRule.test.ts checks over random rules and
 * kube-proxy-like lines that whenever this answers, parseIptables gives the same command and
 * rule for the line's words, without an error.
 */
import type { AddrMatch, Match, Rule, TargetAction } from '../../netfilter/model.ts';
import { ZERO_COUNTERS } from '../../netfilter/model.ts';
import { prefixToMask } from '../../addr/ipv4.ts';
import { LineWords, charIn, plainNumber, plainQuad } from './fastWords.ts';
import { CMD, OPT } from './options.ts';
import { protoMatch, type ParsedCommand } from './parseFinish.ts';
import { TARGETS, UNMODELLED_TARGETS } from './ext/index.ts';

/** -s/-d in word k: a.b.c.d or a.b.c.d/N, masked as xtables_ipparse_multiple does. */
function plainAddr(w: LineWords, k: number, invert: boolean): AddrMatch | undefined {
  const from = w.start[k] as number;
  const to = w.end[k] as number;
  const slash = charIn(w.line, '/', from, to);
  const bits = slash < 0 ? 32 : plainNumber(w.line, slash + 1, to, 32);
  const a = plainQuad(w.line, from, slash < 0 ? to : slash);
  if (bits < 0 || a < 0) return undefined;
  const mask = prefixToMask(bits);
  const addr = (a & mask) >>> 0;
  if (bits === 32) {
    // A host named by two lines in a row is one value (kube-proxy's ClusterIP, in its
    // KUBE-SERVICES rule and then its KUBE-SVC chain's first rule).
    const h = lastHost;
    if (h !== undefined && h.addr === addr && h.invert === invert) return h;
    return (lastHost = { addr, mask, invert });
  }
  // Networks repeat (kube-proxy's `! -s <pod CIDR>` on every service), hosts rarely: networks
  // are immutable values kept once each, in a bounded cache.
  const key = addr * 66 + bits * 2 + (invert ? 1 : 0);
  let m = NETWORKS.get(key);
  if (!m) {
    if (NETWORKS.size >= 4096) NETWORKS.clear();
    NETWORKS.set(key, (m = { addr, mask, invert }));
  }
  return m;
}

const NETWORKS = new Map<number, AddrMatch>();

let lastHost: AddrMatch | undefined;

/** What the words said so far. */
interface Seen {
  src?: AddrMatch;
  dst?: AddrMatch;
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

export type JumpTarget = Extract<TargetAction, { kind: 'jump' }>;

/** How a rule's chain names are kept (see fastRuleLine). */
export interface Names {
  /** The target of `-j CHAIN`. */
  jump(chain: string): TargetAction;
  /** The target of `-j CHAIN` (word k) when CHAIN is known as a plainJump name, else undefined. */
  known(w: LineWords, k: number): JumpTarget | undefined;
  /** The chain word k names (`-A CHAIN`). */
  chain(w: LineWords, k: number): string;
}

/** Reads one option at word i (after an optional `!`); returns the next word, or -1. */
function option(w: LineWords, i: number, s: Seen, table: string, names: Names): number {
  const invert = w.is(i, '!');
  if (invert) i++;
  if (i + 1 >= w.count || w.length(i) !== 2 || !w.line.startsWith('-', w.start[i])) {
    return i >= w.count ? -1 : longOption(w, i, s, invert);
  }
  switch (w.line.charCodeAt((w.start[i] as number) + 1)) {
    case 115: // -s
    case 100: {
      // -d
      const src = w.line.charCodeAt((w.start[i] as number) + 1) === 115;
      const bit = src ? (OPT.s as number) : (OPT.d as number);
      const a = plainAddr(w, i + 1, invert);
      if (!a || s.options & bit) return -1;
      s.options |= bit;
      if (src) s.src = a;
      else s.dst = a;
      return i + 2;
    }
    case 112: {
      // -p
      const p = w.is(i + 1, 'tcp') ? 6 : w.is(i + 1, 'udp') ? 17 : 0;
      if (p === 0 || s.options & (OPT.p as number)) return -1;
      s.options |= OPT.p as number;
      s.proto = p;
      s.protoInvert = invert;
      return i + 2;
    }
    case 109: // -m
      return invert ? -1 : match(w, i + 1, s);
    case 106: // -j
      return invert ? -1 : jump(w, i + 1, s, table, names);
    default:
      return -1;
  }
}

/** `[!] --sport N` / `[!] --dport N` (option has read the `!`). */
function longOption(w: LineWords, i: number, s: Seen, invert: boolean): number {
  const key = w.is(i, '--dport') ? 'dport' : w.is(i, '--sport') ? 'sport' : undefined;
  if (key === undefined || i + 1 >= w.count) return -1;
  const port = plainNumber(w.line, w.start[i + 1] as number, w.end[i + 1] as number, 65535);
  return portOption(key, port, invert, s) ? i + 2 : -1;
}

function portOption(key: 'sport' | 'dport', port: number, invert: boolean, s: Seen): boolean {
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

/**
 * The one-match list of each shared match (kube-proxy's `-m tcp -p tcp -j DNAT` and
 * `-m statistic` rules: 30,000 lists of one element), kept with the match.
 */
const ALONE = new Map<Match, readonly Match[]>();

function shared(m: Match): Match {
  ALONE.set(m, [m]);
  return m;
}

/** `-m tcp` / `-m udp` without options. */
const BARE: Readonly<Record<'tcp' | 'udp', Match>> = {
  tcp: shared({ name: 'tcp' }),
  udp: shared({ name: 'udp' }),
};

const PROBABILITY = /^\d+(?:\.\d*)?$/;

/** `-m statistic --mode random` matches by probability: immutable, stateless, few distinct. */
const RANDOM_MATCHES = new Map<number, Match>();

function randomMatch(probability: number): Match {
  let m = RANDOM_MATCHES.get(probability);
  if (!m) {
    m = shared({ name: 'statistic', mode: 'random', probability, invert: false });
    RANDOM_MATCHES.set(probability, m);
  }
  return m;
}

/** `-m NAME ...` with word i = NAME. */
function match(w: LineWords, i: number, s: Seen): number {
  if (w.is(i, 'comment')) {
    if (!w.is(i + 1, '--comment') || i + 2 >= w.count) return -1;
    s.matches.push({ name: 'comment', comment: w.prefix(i + 2, 255) });
    return i + 3;
  }
  if (w.is(i, 'statistic')) {
    if (!w.is(i + 1, '--mode') || !w.is(i + 2, 'random') || !w.is(i + 3, '--probability'))
      return -1;
    if (i + 4 >= w.count) return -1;
    const p = w.text(i + 4);
    if (!PROBABILITY.test(p) || Number(p) > 1) return -1;
    s.matches.push(randomMatch(Math.round(0x80000000 * Number(p))));
    return i + 5;
  }
  const name = w.is(i, 'tcp') ? 'tcp' : w.is(i, 'udp') ? 'udp' : undefined;
  if (name !== undefined && !s.ports) {
    s.ports = { name, at: s.matches.length };
    s.matches.push(BARE[name]);
    return i + 1;
  }
  return -1;
}

/** `-j NAME ...` with word i = NAME. */
function jump(w: LineWords, i: number, s: Seen, table: string, names: Names): number {
  const len = w.length(i);
  if (s.options & (OPT.j as number) || len < 1 || len >= 29) return -1;
  s.options |= OPT.j as number;
  if (w.is(i, 'DNAT')) return dnat(w, i + 1, s);
  // A declared chain's name was checked once (plainJump).
  const known = names.known(w, i);
  if (known) {
    s.jump = known.chain;
    s.target = known;
    return i + 1;
  }
  const name = w.text(i);
  s.jump = name;
  if (name === 'ACCEPT' || name === 'RETURN' || (name === 'DROP' && table !== 'nat'))
    s.target = { kind: name };
  else if (plainJump(name)) s.target = names.jump(name);
  else return -1;
  return i + 1;
}

/**
 * May `-j NAME` be read here as a jump to a user chain: not a target's name (those go to the
 * parser), not a verdict, no blank, under 29 characters?
 */
export function plainJump(name: string): boolean {
  if (name.length < 1 || name.length >= 29 || /\s/.test(name)) return false;
  if (name.length > TARGET_NAME_MAX) return true;
  if (name === 'ACCEPT' || name === 'DROP' || name === 'RETURN' || name === 'QUEUE') return false;
  return !TARGETS.has(name) && !UNMODELLED_TARGETS.has(name);
}

/** The longest target name: a longer word (kube-proxy's chains) is no target. */
const TARGET_NAME_MAX = Math.max(
  ...[...TARGETS.keys(), ...UNMODELLED_TARGETS, 'ACCEPT', 'QUEUE'].map((n) => n.length),
);

/** `-j DNAT --to-destination a.b.c.d:N` with word i = `--to-destination`. */
function dnat(w: LineWords, i: number, s: Seen): number {
  if (!w.is(i, '--to-destination') || i + 1 >= w.count || s.proto === 0) return -1;
  const from = w.start[i + 1] as number;
  const to = w.end[i + 1] as number;
  const colon = charIn(w.line, ':', from, to);
  if (colon < 0) return -1;
  const ip = plainQuad(w.line, from, colon);
  const port = plainNumber(w.line, colon + 1, to, 65535);
  if (ip < 0 || port < 0) return -1;
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

/** Rules are immutable: those without matches share one empty list. */
const NO_MATCHES: readonly Match[] = [];

/** The rule's own list: exactly its length (a pushed-to array keeps room for more). */
function matchList(ms: readonly Match[]): readonly Match[] {
  if (ms.length === 0) return NO_MATCHES;
  return (ms.length === 1 && ALONE.get(ms[0] as Match)) || ms.slice();
}

/** As the tcp and udp extensions' final() build it: only the ports given. */
function newPortMatch(name: 'tcp' | 'udp', sport?: PortOpt, dport?: PortOpt): Match {
  if (sport && dport) return { name, sport, dport };
  return sport ? { name, sport } : { name, dport };
}

/**
 * Port matches are immutable values and few (kube-proxy's: `-m tcp --dport 80` on every
 * service): one object each, keyed by protocol and the two ports (a port's key below 2^17).
 */
const PORT_MATCHES = new Map<number, Match>();

function portKey(p: PortOpt | undefined): number {
  return p === undefined ? 0 : 1 + (p.invert ? 65536 : 0) + p.min;
}

function portMatch(name: 'tcp' | 'udp', sport?: PortOpt, dport?: PortOpt): Match {
  const key = ((name === 'tcp' ? 0 : 1) * 0x20000 + portKey(sport)) * 0x20000 + portKey(dport);
  let m = PORT_MATCHES.get(key);
  if (!m) PORT_MATCHES.set(key, (m = shared(newPortMatch(name, sport, dport))));
  return m;
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
    matches: matchList(s.matches),
    target: s.target ?? { kind: 'none' },
    counters: ZERO_COUNTERS,
  };
}

/** New strings and targets for each rule. */
const FRESH: Names = {
  jump: (chain) => ({ kind: 'jump', chain }),
  known: () => undefined,
  chain: (w, k) => w.text(k),
};

/** One scratch reader: lines are read one at a time. */
const WORDS = new LineWords();

/**
 * A rule line (after any `[p:b]`) of table `table` as parseIptables would read its words
 * (restoreWords), when it is one of the shapes above; undefined otherwise. `names` gives the
 * chain names and jump targets: iptables-restore keeps the table's own key strings (every
 * later lookup compares one pointer, not two copies of the text) and one target per chain.
 */
export function fastRuleLine(
  line: string,
  table: string,
  names: Names = FRESH,
): ParsedCommand | undefined {
  const rule = fastRule(line, table, names);
  if (!rule) return undefined;
  return {
    command: CMD.APPEND,
    table,
    chain: fastChain(names),
    rulenum: undefined,
    newName: undefined,
    policy: undefined,
    options: LAST.options,
    verbose: 0,
    rules: [rule],
    counters: undefined,
    warnings: [],
  };
}

/** The scratch state of the line being read (one at a time; build copies what it keeps). */
const SEEN: Seen = { proto: 0, protoInvert: false, options: 0, matches: [] };

function fresh(): Seen {
  const s = SEEN;
  s.src = s.dst = s.ports = s.target = s.jump = undefined;
  s.proto = s.options = 0;
  s.protoInvert = false;
  s.matches.length = 0;
  return s;
}

/** What the last line read said besides its rule. */
const LAST = { options: 0 };

/**
 * fastRuleLine's rule alone (iptables-restore appends it without a command around it); the
 * chain it goes to is then fastChain's. undefined when parseIptables must decide.
 */
export function fastRule(line: string, table: string, names: Names): Rule | undefined {
  const w = WORDS;
  if (!w.scan(line) || !w.is(0, '-A') || w.count < 2 || w.length(1) >= 29) return undefined;
  const s = fresh();
  for (let i = 2; i < w.count;) {
    i = option(w, i, s, table, names);
    if (i < 0) return undefined;
  }
  LAST.options = s.options;
  return build(s, table);
}

/** The `-A` chain of the line fastRule last read and answered. */
export function fastChain(names: Names): string {
  return names.chain(WORDS, 1);
}
