/**
 * GNU getopt_long as iptables calls it: optstring "-:A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:
 * s:d:j:i:fbvw::W::nt:m:xc:g:46" (RETURN_IN_ORDER: non-options come back as NONOPT; a
 * missing argument comes back as MISSING), with opterr = 0. Long options may be abbreviated to
 * any unambiguous prefix; an exact name wins; prefixes that all lead to the same option are
 * not ambiguous (glibc posix/getopt.c process_long_option).
 *
 * `next` returns a code and leaves the option and its argument in fields (no object per
 * option: a 100k-line restore reads over a million of them).
 */

export interface LongOption {
  readonly name: string;
  /** 0 none, 1 required, 2 optional (only as --name=value). */
  readonly hasArg: 0 | 1 | 2;
  /** iptables' own options: the option letter; '' for an extension's option. */
  readonly val: string;
  /** An extension's option: the load order of its extension (-1 for iptables' own). */
  readonly slot: number;
  /** An extension's option: its id ('' for iptables' own). */
  readonly id: string;
}

/** The long options getopt_long is given, with an index of their names. */
export interface OptTable {
  readonly list: readonly LongOption[];
  /** The first option of each name (the exact match, as the linear search found it). */
  readonly byName: ReadonlyMap<string, LongOption>;
}

export function optTable(list: readonly LongOption[]): OptTable {
  const byName = new Map<string, LongOption>();
  for (const o of list) if (!byName.has(o.name)) byName.set(o.name, o);
  return { list, byName };
}

/** No more options (end of argv, or `--`). */
export const END = 0;
/** A word that is not an option: `optarg` holds it. */
export const NONOPT = 1;
/** An option: `letter` (a short one) or `opt` (a long one), with `optarg`. */
export const OPTION = 2;
/** An option whose required argument is missing (getopt's ':'). */
export const MISSING = 3;
/** An unknown or ambiguous option (getopt's '?'). */
export const UNKNOWN = 4;
export type GetoptCode = 0 | 1 | 2 | 3 | 4;

const SHORT_SPEC = 'A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:s:d:j:i:fbvw::W::nt:m:xc:g:46';

function shortArg(c: string): 0 | 1 | 2 | undefined {
  const i = SHORT_SPEC.indexOf(c);
  if (i < 0 || c === ':') return undefined;
  if (SHORT_SPEC[i + 1] !== ':') return 0;
  return SHORT_SPEC[i + 2] === ':' ? 2 : 1;
}

function sameOption(a: LongOption, b: LongOption): boolean {
  return a.hasArg === b.hasArg && a.val === b.val && a.slot === b.slot && a.id === b.id;
}

export class Getopt {
  readonly argv: readonly string[];
  optind = 1;
  /** After OPTION: the short option's letter, or '' for a long option. */
  letter = '';
  /** After OPTION: the long option, or undefined for a short one. */
  opt: LongOption | undefined = undefined;
  optarg: string | undefined = undefined;
  /** The word of a short option cluster being read, and where in it (0: none). */
  private cluster = '';
  private pos = 0;

  constructor(argv: readonly string[]) {
    this.argv = argv;
  }

  next(table: OptTable): GetoptCode {
    this.letter = '';
    this.opt = undefined;
    this.optarg = undefined;
    if (this.pos === 0) {
      if (this.optind >= this.argv.length) return END;
      const arg = this.argv[this.optind] as string;
      if (arg === '--') {
        this.optind++;
        return END;
      }
      if (arg.charCodeAt(0) !== 45 || arg.length === 1) {
        this.optind++;
        this.optarg = arg;
        return NONOPT;
      }
      if (arg.charCodeAt(1) === 45) return this.long(arg, table);
      this.cluster = arg;
      this.pos = 1;
    }
    return this.short();
  }

  private long(arg: string, table: OptTable): GetoptCode {
    const eq = arg.indexOf('=', 2);
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    this.optind++;
    let found = table.byName.get(name);
    if (!found) {
      const cands = table.list.filter((o) => o.name.startsWith(name));
      const first = cands[0];
      if (!first || cands.some((o) => !sameOption(o, first))) return UNKNOWN;
      found = first;
    }
    if (eq >= 0) {
      if (found.hasArg === 0) return UNKNOWN;
      this.optarg = arg.slice(eq + 1);
    } else if (found.hasArg === 1) {
      if (this.optind >= this.argv.length) return MISSING;
      this.optarg = this.argv[this.optind++] as string;
    }
    this.opt = found;
    return OPTION;
  }

  private short(): GetoptCode {
    const word = this.cluster;
    const c = word[this.pos++] as string;
    const last = this.pos >= word.length;
    if (last) {
      this.optind++;
      this.pos = 0;
    }
    const kind = shortArg(c);
    if (kind === undefined) return UNKNOWN;
    this.letter = c;
    if (kind === 0) return OPTION;
    if (!last) {
      this.optarg = word.slice(this.pos);
      this.pos = 0;
      this.optind++;
      return OPTION;
    }
    if (kind === 2) return OPTION;
    if (this.optind >= this.argv.length) {
      this.letter = '';
      return MISSING;
    }
    this.optarg = this.argv[this.optind++] as string;
    return OPTION;
  }
}
