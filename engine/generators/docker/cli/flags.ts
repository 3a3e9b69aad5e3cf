/**
 * Command-line flags the way the docker CLI's cobra/pflag reads them: --long, --long=value,
 * -s value, -svalue, bundled booleans (-dit), `--` ending flags, and for commands such as
 * `docker run` flags stopping at the first positional argument (the image). Errors carry
 * pflag's texts ("unknown flag: --foo", "unknown shorthand flag: 'z' in -z", …).
 */
export interface FlagSpec {
  readonly long: string;
  readonly short?: string;
  readonly kind: 'bool' | 'string' | 'list';
}

export interface ParsedFlags {
  readonly bools: Set<string>;
  readonly strings: Map<string, string>;
  readonly lists: Map<string, string[]>;
  readonly args: string[];
}

export type FlagResult = { ok: true; flags: ParsedFlags } | { ok: false; error: string };

function setValue(out: ParsedFlags, spec: FlagSpec, value: string): string | undefined {
  if (spec.kind === 'bool') {
    if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(value)) out.bools.add(spec.long);
    else if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(value))
      out.bools.delete(spec.long);
    else
      return `invalid argument "${value}" for "${spec.short ? `-${spec.short}, ` : ''}--${spec.long}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`;
    return undefined;
  }
  if (spec.kind === 'string') out.strings.set(spec.long, value);
  else out.lists.set(spec.long, [...(out.lists.get(spec.long) ?? []), value]);
  return undefined;
}

/** Parses argv against the specs; `interspersed` false stops at the first positional. */
export function parseFlags(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  interspersed: boolean,
): FlagResult {
  const out: ParsedFlags = { bools: new Set(), strings: new Map(), lists: new Map(), args: [] };
  const byLong = new Map(specs.map((s) => [s.long, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === '--') {
      out.args.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      if (!interspersed) {
        out.args.push(...argv.slice(i));
        break;
      }
      out.args.push(a);
      continue;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byLong.get(name);
      if (spec === undefined) return { ok: false, error: `unknown flag: --${name}` };
      let value: string | undefined = eq < 0 ? undefined : a.slice(eq + 1);
      if (value === undefined && spec.kind !== 'bool') {
        if (i + 1 >= argv.length) return { ok: false, error: `flag needs an argument: --${name}` };
        value = argv[++i] as string;
      }
      const err = setValue(out, spec, value ?? 'true');
      if (err !== undefined) return { ok: false, error: err };
      continue;
    }
    const shorts = a.slice(1);
    for (let j = 0; j < shorts.length; j++) {
      const c = shorts[j] as string;
      const spec = byShort.get(c);
      if (spec === undefined) return { ok: false, error: `unknown shorthand flag: '${c}' in ${a}` };
      if (spec.kind === 'bool') {
        const rest = shorts.slice(j + 1);
        if (rest.startsWith('=')) {
          const err = setValue(out, spec, rest.slice(1));
          if (err !== undefined) return { ok: false, error: err };
          break;
        }
        out.bools.add(spec.long);
        continue;
      }
      let value = shorts.slice(j + 1);
      if (value.startsWith('=')) value = value.slice(1);
      if (value === '') {
        if (i + 1 >= argv.length)
          return { ok: false, error: `flag needs an argument: '${c}' in ${a}` };
        value = argv[++i] as string;
      }
      setValue(out, spec, value);
      break;
    }
  }
  return { ok: true, flags: out };
}
