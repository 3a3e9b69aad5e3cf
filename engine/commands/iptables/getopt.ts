/**
 * GNU getopt_long as iptables calls it: optstring "-:A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:
 * s:d:j:i:fbvw::W::nt:m:xc:g:46" (RETURN_IN_ORDER: non-options come back as code 1; a
 * missing argument comes back as ':'), with opterr = 0. Long options may be abbreviated to
 * any unambiguous prefix; an exact name wins; prefixes that all lead to the same option are
 * not ambiguous (glibc posix/getopt.c process_long_option).
 */

export interface LongOption {
  readonly name: string;
  /** 0 none, 1 required, 2 optional (only as --name=value). */
  readonly hasArg: 0 | 1 | 2;
  readonly val: string;
}

export const NONOPT = '\u0001';
export const MISSING = ':';
export const UNKNOWN = '?';

const SHORT_SPEC = 'A:C:D:R:I:L::S::M:F::Z::N:X::E:P:Vh::o:p:s:d:j:i:fbvw::W::nt:m:xc:g:46';

function shortArg(c: string): 0 | 1 | 2 | undefined {
  const i = SHORT_SPEC.indexOf(c);
  if (i < 0 || c === ':') return undefined;
  if (SHORT_SPEC[i + 1] !== ':') return 0;
  return SHORT_SPEC[i + 2] === ':' ? 2 : 1;
}

export interface GetoptResult {
  readonly code: string;
  readonly optarg?: string;
}

/**
 * Each option table's names, for the exact match (the first of a name wins, as the linear
 * search did). Tables are shared between command lines (parse.ts), so this is built once each.
 */
const byName = new WeakMap<readonly LongOption[], Map<string, LongOption>>();

function exactNames(longopts: readonly LongOption[]): Map<string, LongOption> {
  let m = byName.get(longopts);
  if (!m) {
    m = new Map();
    for (const o of longopts) if (!m.has(o.name)) m.set(o.name, o);
    byName.set(longopts, m);
  }
  return m;
}

export class Getopt {
  readonly argv: readonly string[];
  optind = 1;
  private nextchar = '';

  constructor(argv: readonly string[]) {
    this.argv = argv;
  }

  /** The next option, or undefined at the end. */
  next(longopts: readonly LongOption[]): GetoptResult | undefined {
    if (this.nextchar === '') {
      if (this.optind >= this.argv.length) return undefined;
      const arg = this.argv[this.optind] as string;
      if (arg === '--') {
        this.optind++;
        return undefined;
      }
      if (arg[0] !== '-' || arg.length === 1) {
        this.optind++;
        return { code: NONOPT, optarg: arg };
      }
      if (arg.startsWith('--')) return this.long(arg.slice(2), longopts);
      this.nextchar = arg.slice(1);
    }
    return this.short();
  }

  private long(text: string, longopts: readonly LongOption[]): GetoptResult {
    const eq = text.indexOf('=');
    const name = eq >= 0 ? text.slice(0, eq) : text;
    this.optind++;
    let found = exactNames(longopts).get(name);
    if (!found) {
      const cands = longopts.filter((o) => o.name.startsWith(name));
      const first = cands[0];
      if (!first) return { code: UNKNOWN };
      if (cands.some((o) => o.hasArg !== first.hasArg || o.val !== first.val))
        return { code: UNKNOWN };
      found = first;
    }
    if (eq >= 0) {
      if (found.hasArg === 0) return { code: UNKNOWN };
      return { code: found.val, optarg: text.slice(eq + 1) };
    }
    if (found.hasArg === 1) {
      if (this.optind >= this.argv.length) return { code: MISSING };
      return { code: found.val, optarg: this.argv[this.optind++] as string };
    }
    return { code: found.val };
  }

  private short(): GetoptResult {
    const c = this.nextchar[0] as string;
    this.nextchar = this.nextchar.slice(1);
    if (this.nextchar === '') this.optind++;
    const kind = shortArg(c);
    if (kind === undefined) return { code: UNKNOWN };
    if (kind === 0) return { code: c };
    const rest = this.nextchar;
    this.nextchar = '';
    if (rest !== '') {
      this.optind++;
      return { code: c, optarg: rest };
    }
    if (kind === 2) return { code: c };
    if (this.optind >= this.argv.length) return { code: MISSING };
    return { code: c, optarg: this.argv[this.optind++] as string };
  }
}
