/**
 * `iptables ARGS` → a parsed command, as do_parse in iptables/xshared.c (1.8.9) reads argv:
 * getopt_long over the base options plus those of every loaded extension, `!` as its own
 * word before the option it negates, the protocol's match loaded on demand when an option is
 * unknown (command_default), then the final checks in iptables' order.
 */
import type { Match, TargetAction } from '../../netfilter/model.ts';
import { strtouiWhole } from '../../addr/cnum.ts';
import { parseProtocol, protocolName } from '../../netfilter/protocols.ts';
import { XtError, badArgument, paramProblem } from './errors.ts';
import { END, MISSING, NONOPT, OPTION, type GetoptCode } from './getopt.ts';
import { CMD, OPT } from './options.ts';
import { ParseState, type LoadedExt } from './parseState.ts';
import { withExtension } from './optTables.ts';
import { MATCHES, TARGETS, UNMODELLED_MATCHES, UNMODELLED_TARGETS } from './ext/index.ts';
import type { AnyExtension } from './ext/types.ts';
import { parseInterface } from './iface.ts';
import { finishParse, type ParsedCommand } from './parseFinish.ts';
import { parseCtx } from './parseCtx.ts';
import {
  addCommand,
  checkChainName,
  countersOption,
  peekArg,
  ruleNumber,
  setOption,
  waitOption,
} from './parseBasics.ts';

export type { ParsedCommand } from './parseFinish.ts';

function loadExt<R>(ps: ParseState, ext: AnyExtension<R>): LoadedExt<R> {
  ps.opts = withExtension(ps.opts, ext as AnyExtension<unknown>);
  const inst: LoadedExt<R> = { ext, st: ext.init(), xflags: [] };
  ps.loaded.push(inst as LoadedExt<unknown>);
  return inst;
}

function commandMatch(ps: ParseState, name: string, invert: boolean): void {
  if (invert) throw paramProblem('unexpected ! flag before --match');
  const ext = MATCHES.get(name);
  if (!ext) {
    if (UNMODELLED_MATCHES.has(name))
      throw paramProblem(`match \`${name}' is not supported by this simulator`);
    throw paramProblem(`Couldn't load match \`${name}':No such file or directory\n`);
  }
  ps.matches.push(loadExt(ps, ext));
  if (name === protoExtName(ps)) ps.protoUsed = true;
}

function commandJump(ps: ParseState, name: string): void {
  if (name.length < 1) throw paramProblem('Invalid target name (too short)');
  if (name.length >= 29) throw paramProblem(`Invalid target name \`${name}' (28 chars max)`);
  if (/\s/.test(name)) throw paramProblem(`Invalid target name \`${name}'`);
  ps.jumpTo = name;
  const ext = TARGETS.get(name);
  if (ext) ps.target = loadExt(ps, ext);
  else if (UNMODELLED_TARGETS.has(name) || name === 'QUEUE') {
    throw paramProblem(`target \`${name}' is not supported by this simulator`);
  }
}

function protoExtName(ps: ParseState): string | undefined {
  if (ps.protoText === undefined || ps.proto === undefined) return undefined;
  const name =
    strtouiWhole(ps.protoText, 0, 255) !== undefined
      ? protocolName(ps.proto, (ps.options & OPT.n) !== 0)
      : ps.protoText;
  return name !== undefined && MATCHES.has(name) ? name : undefined;
}

/** command_default: an option of a loaded extension, or load the protocol's match and retry. */
function commandDefault(ps: ParseState, code: GetoptCode, invert: boolean): boolean {
  const opt = ps.g.opt;
  if (code === OPTION && opt !== undefined) {
    const inst = ps.loaded[opt.slot];
    if (inst) {
      extOption(ps, inst, opt.id, ps.g.optarg, invert);
      return false;
    }
  }
  const pname = protoExtName(ps);
  const loaded = pname !== undefined && ps.matches.some((m) => m.ext.name === pname);
  if (pname !== undefined && (!loaded || !ps.protoUsed)) {
    ps.matches.push(loadExt(ps, MATCHES.get(pname) as AnyExtension<Match>));
    ps.protoUsed = true;
    ps.g.optind--;
    return true;
  }
  const word = ps.g.argv[ps.g.optind - 1] ?? '';
  if (code === MISSING) throw paramProblem(`option "${word}" requires an argument`);
  throw paramProblem(`unknown option "${word}"`);
}

function extOption(
  ps: ParseState,
  inst: LoadedExt<unknown>,
  id: string,
  arg: string | undefined,
  invert: boolean,
): void {
  const ext = inst.ext;
  if (ext.x6) {
    const entry = ext.options.find((o) => o.id === id);
    const name = entry?.name ?? id;
    if (!entry?.multi && inst.xflags.includes(id)) {
      throw paramProblem(`${ext.name}: option "--${name}" can only be used once.\n`);
    }
    if (invert && !entry?.invert)
      throw paramProblem(`${ext.name}: option "--${name}" cannot be inverted.\n`);
  } else if (invert && !ext.options.length) {
    throw paramProblem('unexpected ! flag');
  }
  ext.parse({ st: inst.st, id, arg, invert, ctx: parseCtx(ps) });
  if (!inst.xflags.includes(id)) inst.xflags.push(id);
}

function commandOption(ps: ParseState, c: string, arg: string | undefined, invert: boolean): void {
  switch (c) {
    case 'A':
    case 'C':
      addCommand(ps, c === 'A' ? CMD.APPEND : CMD.CHECK, CMD.NONE, invert);
      ps.chain = arg;
      return;
    case 'D':
      addCommand(ps, CMD.DELETE, CMD.NONE, invert);
      ps.chain = arg;
      withNumber(ps, () => (ps.command = CMD.DELETE_NUM));
      return;
    case 'R': {
      addCommand(ps, CMD.REPLACE, CMD.NONE, invert);
      ps.chain = arg;
      const n = peekArg(ps);
      if (n === undefined) throw paramProblem('-R requires a rule number');
      ps.rulenum = ruleNumber(n);
      return;
    }
    case 'I':
      addCommand(ps, CMD.INSERT, CMD.NONE, invert);
      ps.chain = arg;
      ps.rulenum = 1;
      withNumber(ps);
      return;
    default:
      return chainCommand(ps, c, arg, invert);
  }
}

function withNumber(ps: ParseState, after?: () => void): void {
  const n = peekArg(ps);
  if (n === undefined) return;
  ps.rulenum = ruleNumber(n);
  after?.();
}

function optChain(ps: ParseState, arg: string | undefined): void {
  ps.chain = arg ?? peekArg(ps);
}

function chainCommand(ps: ParseState, c: string, arg: string | undefined, invert: boolean): void {
  switch (c) {
    case 'L':
    case 'S':
      addCommand(ps, c === 'L' ? CMD.LIST : CMD.LIST_RULES, CMD.ZERO | CMD.ZERO_NUM, invert);
      optChain(ps, arg);
      withNumber(ps);
      return;
    case 'F':
    case 'X':
      addCommand(ps, c === 'F' ? CMD.FLUSH : CMD.DELETE_CHAIN, CMD.NONE, invert);
      optChain(ps, arg);
      return;
    case 'Z':
      addCommand(ps, CMD.ZERO, CMD.LIST | CMD.LIST_RULES, invert);
      optChain(ps, arg);
      withNumber(ps, () => (ps.command = (ps.command & ~CMD.ZERO) | CMD.ZERO_NUM));
      return;
    case 'N':
      checkChainName(arg ?? '');
      addCommand(ps, CMD.NEW_CHAIN, CMD.NONE, invert);
      ps.chain = arg;
      return;
    case 'E':
      addCommand(ps, CMD.RENAME_CHAIN, CMD.NONE, invert);
      ps.chain = arg;
      ps.newName = peekArg(ps);
      if (ps.newName === undefined)
        throw paramProblem('-E requires old-chain-name and new-chain-name');
      return;
    case 'P':
      addCommand(ps, CMD.SET_POLICY, CMD.NONE, invert);
      ps.chain = arg;
      ps.policy = peekArg(ps);
      if (ps.policy === undefined) throw paramProblem('-P requires a chain and a policy');
      return;
    default:
      return ruleOption(ps, c, arg ?? '', invert);
  }
}

function ruleOption(ps: ParseState, c: string, arg: string, invert: boolean): void {
  switch (c) {
    case 's':
    case 'd':
      setOption(ps, c, invert);
      if (c === 's') ps.src = arg;
      else ps.dst = arg;
      return;
    case 'i':
    case 'o':
      if (arg === '') throw paramProblem('Empty interface is likely to be undesired');
      setOption(ps, c, invert);
      if (c === 'i') ps.inIface = parseInterface(arg, (w) => ps.warnings.push(w));
      else ps.outIface = parseInterface(arg, (w) => ps.warnings.push(w));
      return;
    case 'p': {
      setOption(ps, 'p', invert);
      ps.protoText = arg.toLowerCase();
      const p = parseProtocol(ps.protoText);
      if (p === undefined) throw paramProblem(`unknown protocol "${ps.protoText}" specified`);
      if (p === 0 && invert) throw paramProblem('rule would never match protocol');
      ps.proto = p;
      return;
    }
    case 'f':
      setOption(ps, 'f', invert);
      ps.fragment = true;
      return;
    case 'j':
    case 'g':
      setOption(ps, 'j', invert);
      if (c === 'g') {
        ps.jumpTo = arg;
        ps.isGoto = true;
      } else commandJump(ps, arg);
      return;
    default:
      return miscOption(ps, c, arg, invert);
  }
}

function miscOption(ps: ParseState, c: string, arg: string, invert: boolean): void {
  switch (c) {
    case 'm':
      return commandMatch(ps, arg, invert);
    case 't':
      if (invert) throw paramProblem('unexpected ! flag before --table');
      if (ps.restore) throw paramProblem('The -t option cannot be used in iptables-restore.\n');
      ps.table = arg;
      ps.tableSet = true;
      return;
    case 'v':
      if (!ps.verbose) setOption(ps, 'v', invert);
      ps.verbose++;
      return;
    case 'n':
    case 'x':
      return setOption(ps, c, invert);
    case '0':
      return setOption(ps, '0', invert);
    case 'c':
      return countersOption(ps, arg, invert);
    case 'w':
    case 'W':
      return waitOption(ps, c, arg);
    case '4':
    case 'M':
      return;
    case '6':
      // iptables -6 exits through exit_tryhelp(2) with no message of its own (recorded).
      throw new XtError('tryOnly', 2, '');
    default:
      throw paramProblem(`option -${c} is not supported by this simulator`);
  }
}

export function newParseState(
  argv: readonly string[],
  restore: boolean,
  table = 'filter',
): ParseState {
  return new ParseState(argv, restore, table, []);
}

/** Parses `argv` (argv[0] is the program name). Throws XtError on bad input. */
export function parseIptables(
  argv: readonly string[],
  restore = false,
  table = 'filter',
  warnings: string[] = [],
): ParsedCommand {
  // Warnings go to the caller's list so they survive a later error, as stderr keeps them.
  const ps = new ParseState(argv, restore, table, warnings);
  const g = ps.g;
  let invert = false;
  for (let code = g.next(ps.opts); code !== END; code = g.next(ps.opts)) {
    if (code === NONOPT) {
      if (g.optarg !== '!') throw badArgument(g.optarg ?? '');
      if (invert) throw paramProblem('multiple consecutive ! not allowed');
      invert = true;
      continue;
    }
    const letter = code !== OPTION ? '' : g.opt ? g.opt.val : g.letter;
    if (letter === 'V' || letter === 'h')
      throw paramProblem(`option -${letter} is not supported by this simulator`);
    if (letter !== '') commandOption(ps, letter, g.optarg, invert);
    else if (commandDefault(ps, code, invert)) continue;
    invert = false;
  }
  return finishParse(ps, invert);
}

export type { Match, TargetAction };
