/**
 * How iptables-restore splits a rule line into words (add_param_to_argv in iptables/xshared.c
 * 1.8.9): blanks separate words; only double quotes group, with backslash escaping inside
 * them; single quotes are ordinary characters; `""` is an empty word.
 */
function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 10;
}

/** A double-quoted word starting after the quote at `i`; returns the word and the index after it. */
function quoted(line: string, i: number): { word: string; next: number; closed: boolean } {
  let word = '';
  let start = i;
  for (let j = i; j < line.length; j++) {
    const c = line.charCodeAt(j);
    if (c === 92) {
      word += line.slice(start, j) + (line[j + 1] ?? '');
      start = ++j + 1;
    } else if (c === 34) {
      return { word: word + line.slice(start, j), next: j + 1, closed: true };
    }
  }
  return { word: word + line.slice(start), next: line.length, closed: false };
}

/** The words of `line`, after `before` (argv[0] for the parser, without copying the array). */
export function restoreWords(
  line: string,
  before: readonly string[] = [],
): { words: string[]; unterminated: boolean } {
  const words: string[] = [...before];
  let cur = '';
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 34) {
      if (start >= 0) cur += line.slice(start, i);
      const q = quoted(line, i + 1);
      words.push(cur + q.word);
      if (!q.closed) return { words, unterminated: true };
      cur = '';
      start = -1;
      i = q.next - 1;
    } else if (isBlank(c)) {
      if (start >= 0) words.push(cur + line.slice(start, i));
      else if (cur !== '') words.push(cur);
      cur = '';
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) words.push(cur + line.slice(start));
  else if (cur !== '') words.push(cur);
  return { words, unterminated: false };
}
