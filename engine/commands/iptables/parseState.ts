/**
 * The state do_parse accumulates while it walks argv (struct iptables_command_state +
 * xt_cmd_parse). A class with every field set in the constructor, so that all parse states
 * share one shape; it is also the view extensions get (ParseCtx).
 */
import type { Match, TargetAction } from '../../netfilter/model.ts';
import type { AnyExtension, ParseCtx } from './ext/types.ts';
import { Getopt } from './getopt.ts';
import { OPT } from './options.ts';
import { BASE_NODE, type OptNode } from './optTables.ts';

export interface LoadedExt<R> {
  readonly ext: AnyExtension<R>;
  st: unknown;
  /** The ids of the options given (XTOPT flags): a few at most, so an array. */
  readonly xflags: string[];
}

/** -w / -W given (bits of ParseState.waits). */
export const WAIT = 1;
export const WAIT_INTERVAL = 2;

export class ParseState implements ParseCtx {
  readonly g: Getopt;
  readonly restore: boolean;
  command = 0;
  options = 0;
  /** The OPT bits of the options given with `!`. */
  invflags = 0;
  table: string;
  tableSet = false;
  chain: string | undefined = undefined;
  rulenum: number | undefined = undefined;
  newName: string | undefined = undefined;
  policy: string | undefined = undefined;
  verbose = 0;
  src: string | undefined = undefined;
  dst: string | undefined = undefined;
  inIface: string | undefined = undefined;
  outIface: string | undefined = undefined;
  protoText: string | undefined = undefined;
  proto: number | undefined = undefined;
  protoUsed = false;
  fragment = false;
  jumpTo: string | undefined = undefined;
  isGoto = false;
  target: LoadedExt<TargetAction> | undefined = undefined;
  matches: LoadedExt<Match>[] = [];
  /** Every extension loaded, in load order (an extension option's `slot`). */
  readonly loaded: LoadedExt<unknown>[] = [];
  counters: { pkts: number; bytes: number } | undefined = undefined;
  /** The long options getopt_long is given: iptables' own, then the loaded extensions'. */
  opts: OptNode = BASE_NODE;
  /** Lines printed to stderr by a command that still succeeds. */
  warnings: string[];
  /** Which of -w / -W were given (WAIT, WAIT_INTERVAL). */
  waits = 0;

  constructor(argv: readonly string[], restore: boolean, table: string, warnings: string[]) {
    this.g = new Getopt(argv);
    this.restore = restore;
    this.table = table;
    this.warnings = warnings;
  }

  inv(bit: number): boolean {
    return (this.invflags & bit) !== 0;
  }

  get getopt(): Getopt {
    return this.g;
  }

  get protoInvert(): boolean {
    return (this.invflags & (OPT.p as number)) !== 0;
  }

  readonly warn = (line: string): void => {
    this.warnings.push(line);
  };
}
