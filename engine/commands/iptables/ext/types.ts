/**
 * The extension framework: a match or target declares its long options like libxtables'
 * struct xt_option_entry (id, argument, may be inverted, mandatory, exclusions, "also
 * requires"); parse() handles one option, final() builds the model value. The generic checks
 * of xtables_option_parse and xtables_options_fcheck run for every x6-style extension.
 */
import type { Getopt } from '../getopt.ts';

export interface ExtOption {
  readonly name: string;
  /** Options sharing an id are aliases; messages use the first name with that id. */
  readonly id: string;
  readonly hasArg: 0 | 1;
  readonly invert?: boolean;
  readonly multi?: boolean;
  readonly mand?: boolean;
  readonly excl?: readonly string[];
  readonly also?: readonly string[];
}

/** What an extension may read about the rule being parsed. */
export interface ParseCtx {
  readonly getopt: Getopt;
  /** -p as given (0 = all), or undefined when -p was not used. */
  readonly proto: number | undefined;
  readonly protoInvert: boolean;
  /** Prints a line on stderr without failing the command. */
  readonly warn: (line: string) => void;
}

export interface ExtCall<S> {
  readonly st: S;
  readonly id: string;
  readonly arg: string | undefined;
  readonly invert: boolean;
  readonly ctx: ParseCtx;
}

export interface Extension<S, R> {
  readonly name: string;
  /** Uses the x6 generic checks (once, invert, mandatory, excl, also). */
  readonly x6: boolean;
  readonly options: readonly ExtOption[];
  init(): S;
  parse(call: ExtCall<S>): void;
  final(st: S, ctx: ParseCtx): R;
}

// Extensions are stored in one registry whatever their state type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyExtension<R> = Extension<any, R>;
