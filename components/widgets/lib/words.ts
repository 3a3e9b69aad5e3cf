/**
 * Splits one command line into words the way bash does for the simple cases a learner types:
 * blanks separate words, single quotes keep everything, double quotes keep everything but `\"`
 * and `\\`, a backslash outside quotes escapes the next character. Returns an error text for an
 * unterminated quote (bash's own message).
 */
export function splitWords(line: string): string[] {
  const r = tryWords(line);
  if (typeof r === 'string') throw new Error(r);
  return r;
}

export function tryWords(line: string): string[] | string {
  const words: string[] = [];
  let cur = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else cur += c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i];
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === ' ' || c === '\t') {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) return `bash: unexpected EOF while looking for matching \`${quote}'`;
  if (inWord) words.push(cur);
  return words;
}
