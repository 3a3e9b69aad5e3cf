/**
 * How iptables-restore splits a rule line into words (add_param_to_argv in iptables/xshared.c
 * 1.8.9): blanks (space, tab, newline) separate words; only double quotes group, with
 * backslash escaping inside them; a closing quote ends the word (`"a"b` is two words, `""` is
 * an empty word); single quotes are ordinary characters.
 *
 * Words are slices of the line: a plain word is found with indexOf (no character-by-character
 * copy), and only a word with a quote in it is assembled piece by piece.
 */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10;
}

/** The end of the plain word at `i` (next blank or quote), for lines without tabs/newlines. */
function plainEnd(line: string, i: number, quote: number): number {
  const sp = line.indexOf(' ', i);
  const end = sp < 0 ? line.length : sp;
  return quote >= 0 && quote < end ? quote : end;
}

/**
 * The word starting at `i` (not a blank) that contains a quote: pushes it and returns the
 * index after it, or -1 when a quote is left open (the partial word is pushed).
 */
function quotedWord(line: string, i: number, words: string[]): number {
  let cur = '';
  let start = i;
  let j = i;
  for (; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (isBlank(c)) break;
    if (c !== 34) continue;
    cur += line.slice(start, j);
    start = j + 1;
    for (j++; j < line.length; j++) {
      const d = line.charCodeAt(j);
      if (d === 92) {
        cur += line.slice(start, j) + (line[j + 1] ?? '');
        start = ++j + 1;
      } else if (d === 34) break;
    }
    if (j >= line.length) {
      words.push(cur + line.slice(start));
      return -1;
    }
    words.push(cur + line.slice(start, j));
    return j + 1;
  }
  words.push(cur + line.slice(start, j));
  return j;
}

/** The words of `line`, after `before` (argv[0] for the parser). */
export function restoreWords(
  line: string,
  before: readonly string[] = [],
): { words: string[]; unterminated: boolean } {
  const words: string[] = before.length === 1 ? [before[0] as string] : [...before];
  const n = line.length;
  // Tabs and newlines are rare: their lines take the general blank test.
  const spacesOnly = line.indexOf('\t') < 0 && line.indexOf('\n') < 0;
  let quote = line.indexOf('"');
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (isBlank(c)) {
      i++;
      continue;
    }
    if (quote >= 0 && quote < i) quote = line.indexOf('"', i);
    const end = spacesOnly ? plainEnd(line, i, quote) : -1;
    if (end >= 0 && end !== quote) {
      words.push(line.slice(i, end));
      i = end;
      continue;
    }
    i = quotedWord(line, i, words);
    if (i < 0) return { words, unterminated: true };
  }
  return { words, unterminated: false };
}
