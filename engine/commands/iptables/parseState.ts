/** The state do_parse accumulates while it walks argv (struct iptables_command_state + xt_cmd_parse). */
import type { Match, TargetAction } from '../../netfilter/model.ts';
import type { AnyExtension } from './ext/types.ts';
import type { Getopt, LongOption } from './getopt.ts';

export interface LoadedExt<R> {
  readonly ext: AnyExtension<R>;
  readonly key: string;
  st: unknown;
  readonly xflags: Set<string>;
}

export interface ParseState {
  readonly g: Getopt;
  readonly restore: boolean;
  command: number;
  options: number;
  invflags: Set<string>;
  table: string;
  tableSet: boolean;
  chain?: string;
  rulenum?: number;
  newName?: string;
  policy?: string;
  verbose: number;
  src?: string;
  dst?: string;
  inIface?: string;
  outIface?: string;
  protoText?: string;
  proto?: number;
  protoUsed: boolean;
  fragment: boolean;
  jumpTo?: string;
  isGoto: boolean;
  target?: LoadedExt<TargetAction>;
  matches: LoadedExt<Match>[];
  counters?: { pkts: number; bytes: number };
  /** Long options of the loaded extensions, newest first (xtables_merge_options). */
  extOpts: LongOption[];
  /** BASE_OPTS then extOpts, rebuilt only when an extension loads. */
  allOpts: readonly LongOption[];
  /** The extensions loaded so far, in order: the key of the shared option tables. */
  loadedSig: string;
  nextKey: number;
  /** Lines printed to stderr by a command that still succeeds. */
  warnings: string[];
  /** Which of -w / -W were given. */
  waits: Set<string>;
}
