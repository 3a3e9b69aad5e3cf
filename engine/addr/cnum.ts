/**
 * C number parsing as iptables does it: strtoul(3) with glibc's rules and xtables_strtoui /
 * xtables_strtoul_base (libxtables/xtables.c). iptables accepts what strtoul accepts, so
 * `0x10`, `010` (octal), ` 5` and `+5` are numbers to it, and `-0` is 0.
 */

const ULONG_MAX = 2 ** 64 - 1;

export interface StrtoulResult {
  /** The value (ULONG_MAX on overflow; a negative input wraps around as in C). */
  readonly value: number;
  /** Index of the first character not consumed; 0 when nothing was parsed. */
  readonly end: number;
  readonly overflow: boolean;
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

function digitValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 87;
  if (code >= 65 && code <= 90) return code - 55;
  return 99;
}

function detectBase(s: string, i: number, base: number): { base: number; i: number } {
  const hexPrefix = s[i] === '0' && (s[i + 1] === 'x' || s[i + 1] === 'X');
  if ((base === 0 || base === 16) && hexPrefix && digitValue(s[i + 2] ?? '') < 16) {
    return { base: 16, i: i + 2 };
  }
  if (base === 0) return { base: s[i] === '0' ? 8 : 10, i };
  return { base, i };
}

/** strtoul(s, &end, base) for base 0, 10 or 16. */
export function strtoul(s: string, base = 0): StrtoulResult {
  let i = 0;
  while (i < s.length && isSpace(s[i] as string)) i++;
  let negative = false;
  if (s[i] === '+' || s[i] === '-') {
    negative = s[i] === '-';
    i++;
  }
  const b = detectBase(s, i, base);
  const start = b.i;
  let j = start;
  let value = 0;
  let overflow = false;
  while (j < s.length && digitValue(s[j] as string) < b.base) {
    value = value * b.base + digitValue(s[j] as string);
    if (value > ULONG_MAX) overflow = true;
    j++;
  }
  if (j === start) return { value: 0, end: 0, overflow: false };
  if (overflow) return { value: ULONG_MAX, end: j, overflow: true };
  if (negative && value !== 0) value = ULONG_MAX + 1 - value;
  return { value, end: j, overflow: false };
}

/**
 * xtables_strtoul_base with end == NULL: the whole string must be a number within
 * [min, max] (max 0 = no upper bound). Returns undefined otherwise.
 */
export function strtouiWhole(s: string, min: number, max: number, base = 0): number | undefined {
  const r = strtoul(s, base);
  if (r.end === 0 || r.overflow) return undefined;
  if (r.value < min || (max !== 0 && r.value > max)) return undefined;
  return r.end === s.length ? r.value : undefined;
}

/** xtables_strtoul_base with an end pointer: a number prefix within range, and where it stopped. */
export function strtouiPrefix(
  s: string,
  min: number,
  max: number,
  base = 0,
): { value: number; end: number } | undefined {
  const r = strtoul(s, base);
  if (r.end === 0 || r.overflow) return undefined;
  if (r.value < min || (max !== 0 && r.value > max)) return undefined;
  return { value: r.value, end: r.end };
}
