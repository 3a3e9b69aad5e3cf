/**
 * The words of a rule line as offsets into the line, for fastRule.ts: no string per word. Only
 * lines whose words restoreWords (restoreTokens.ts) would split the plain way are taken:
 * words separated by spaces, each either plain (no quote) or a whole `"..."` without a
 * backslash; anything else (tab, newline, quote inside a word, backslash in quotes, a quote
 * left open) is left to restoreWords. Quoted words are their inside.
 */

export class LineWords {
  line = '';
  count = 0;
  readonly start = new Int32Array(128);
  readonly end = new Int32Array(128);

  /** Splits `line`; false when it is not a plain line (see above) or has too many words. */
  scan(line: string): boolean {
    this.line = line;
    this.count = 0;
    if (line.indexOf('\t') >= 0 || line.indexOf('\n') >= 0) return false;
    const n = line.length;
    let i = 0;
    // The next quote at or after i (n: none), found once rather than once per word.
    let q = line.indexOf('"');
    if (q < 0) q = n;
    while (i < n) {
      const c = line.charCodeAt(i);
      if (c === 32) {
        i++;
        continue;
      }
      if (this.count === this.start.length) return false;
      let from = i;
      let to: number;
      if (c === 34) {
        to = line.indexOf('"', i + 1);
        if (to < 0) return false;
        const bs = line.indexOf('\\', i + 1);
        if (bs >= 0 && bs < to) return false;
        from = i + 1;
        i = to + 1;
        if (i < n && line.charCodeAt(i) !== 32) return false;
        q = line.indexOf('"', i);
        if (q < 0) q = n;
      } else {
        const sp = line.indexOf(' ', i);
        to = sp < 0 ? n : sp;
        if (q < to) return false;
        i = to;
      }
      this.start[this.count] = from;
      this.end[this.count++] = to;
    }
    return true;
  }

  /** Is word k exactly `text`? */
  is(k: number, text: string): boolean {
    if (k >= this.count) return false;
    const s = this.start[k] as number;
    return (this.end[k] as number) - s === text.length && this.line.startsWith(text, s);
  }

  length(k: number): number {
    return (this.end[k] as number) - (this.start[k] as number);
  }

  text(k: number): string {
    return this.line.slice(this.start[k], this.end[k]);
  }

  /** Word k from its start up to `max` characters. */
  prefix(k: number, max: number): string {
    const s = this.start[k] as number;
    return this.line.slice(s, Math.min(this.end[k] as number, s + max));
  }
}

/** Plain decimal in line[from, to), 0..max (no sign, blank, leading zero or hex), else -1. */
export function plainNumber(line: string, from: number, to: number, max: number): number {
  const n = to - from;
  if (n <= 0 || n > 10 || (n > 1 && line.charCodeAt(from) === 48)) return -1;
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v <= max ? v : -1;
}

/** a.b.c.d in plain decimal in line[from, to), else -1. */
export function plainQuad(line: string, from: number, to: number): number {
  let v = 0;
  let at = from;
  for (let k = 0; k < 4; k++) {
    let dot = k < 3 ? line.indexOf('.', at) : to;
    if (dot < 0 || dot > to) dot = -1;
    if (dot < 0) return -1;
    const b = plainNumber(line, at, dot, 255);
    if (b < 0) return -1;
    v = v * 256 + b;
    at = dot + 1;
  }
  return v;
}

/** The first `c` in line[from, to), or -1. */
export function charIn(line: string, c: string, from: number, to: number): number {
  const i = line.indexOf(c, from);
  return i >= 0 && i < to ? i : -1;
}
