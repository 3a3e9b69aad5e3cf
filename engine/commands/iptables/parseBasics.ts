/** Small pieces of do_parse (iptables/xshared.c 1.8.9): option bookkeeping, command bits, -c, -w. */
import { strtouiWhole } from '../../addr/cnum.ts';
import { paramProblem } from './errors.ts';
import { INVERTIBLE, OPT, cmdChar } from './options.ts';
import { WAIT, WAIT_INTERVAL, type ParseState } from './parseState.ts';
import { TARGETS, UNMODELLED_TARGETS } from './ext/index.ts';

export function setOption(ps: ParseState, c: string, invert: boolean): void {
  const bit = OPT[c] as number;
  if (ps.options & bit) throw paramProblem(`multiple -${c} flags not allowed`);
  ps.options |= bit;
  if (invert) {
    if (!INVERTIBLE.has(c)) throw paramProblem(`cannot have ! before -${c}`);
    ps.invflags |= bit;
  }
}

export function addCommand(ps: ParseState, cmd: number, others: number, invert: boolean): void {
  if (invert) throw paramProblem("unexpected '!' flag");
  if (ps.command & ~others) {
    throw paramProblem(`Cannot use -${cmdChar(cmd)} with -${cmdChar(ps.command & ~others)}`);
  }
  ps.command |= cmd;
}

/** xs_has_arg: the next word exists and starts with neither `-` nor `!`. */
export function peekArg(ps: ParseState): string | undefined {
  const a = ps.g.argv[ps.g.optind];
  if (a === undefined || a.startsWith('-') || a.startsWith('!')) return undefined;
  ps.g.optind++;
  return a;
}

export function ruleNumber(text: string): number {
  const n = strtouiWhole(text, 1, 0x7fffffff);
  if (n === undefined) throw paramProblem(`Invalid rule number \`${text}'`);
  return n;
}

/** parse_chain (for -N). */
export function checkChainName(name: string): void {
  if (name.length >= 29)
    throw paramProblem(`chain name \`${name}' too long (must be under 29 chars)`);
  if (name.startsWith('-') || name.startsWith('!')) {
    throw paramProblem(`chain name not allowed to start with \`${name[0]}'`);
  }
  if (name === '' || isTargetName(name))
    throw paramProblem('chain name may not clash with target name');
  if (/\s/.test(name)) throw paramProblem(`Invalid chain name \`${name}'`);
}

export function isTargetName(name: string): boolean {
  return (
    ['ACCEPT', 'DROP', 'RETURN', 'QUEUE'].includes(name) ||
    TARGETS.has(name) ||
    UNMODELLED_TARGETS.has(name)
  );
}

export function countersOption(ps: ParseState, arg: string, invert: boolean): void {
  setOption(ps, 'c', invert);
  const comma = arg.indexOf(',', 1);
  let bytes: string | undefined = comma >= 0 ? arg.slice(comma + 1) : undefined;
  const pkts = comma >= 0 ? arg.slice(0, comma) : arg;
  if (bytes === undefined) bytes = peekArg(ps);
  if (bytes === undefined) throw paramProblem('-c requires packet and byte counter');
  const p = /^\s*\+?(\d+)/.exec(pkts);
  if (!p) throw paramProblem('-c packet counter not numeric');
  const b = /^\s*\+?(\d+)/.exec(bytes);
  if (!b) throw paramProblem('-c byte counter not numeric');
  ps.counters = { pkts: Number(p[1]), bytes: Number(b[1]) };
}

export function waitOption(ps: ParseState, c: string, arg: string): void {
  if (ps.restore) throw paramProblem(`You cannot use \`-${c}' from iptables-restore`);
  if (c === 'W') ps.warnings.push('Ignoring deprecated --wait-interval option.\n');
  ps.waits |= c === 'w' ? WAIT : WAIT_INTERVAL;
  const text = arg !== '' ? arg : peekArg(ps);
  if (text !== undefined && !/^\s*[+-]?\d/.test(text)) {
    throw paramProblem(c === 'w' ? 'wait seconds not numeric' : 'wait interval not numeric');
  }
}
