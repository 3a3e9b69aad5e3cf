/**
 * POSIX regular expressions (regex(7)) as GNU grep reads them, translated to JavaScript:
 * in a basic expression `\( \) \{ \} \| \+ \?` are the operators and the bare characters are
 * literal; `\<` and `\>` are word edges; bracket classes like [[:digit:]] become JS classes.
 */
const CLASSES: Readonly<Record<string, string>> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~',
  xdigit: '0-9A-Fa-f',
  word: 'A-Za-z0-9_',
  print: ' -~',
  graph: '!-~',
  cntrl: '\\x00-\\x1f',
};

export function toJsRegex(pattern: string, mode: 'basic' | 'extended' | 'fixed'): string {
  if (mode === 'fixed') return pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '[') {
      const [text, used] = bracket(pattern, i);
      out += text;
      i += used - 1;
    } else if (c === '\\' && i + 1 < pattern.length) {
      const n = pattern[++i]!;
      if (n === '<' || n === '>') out += '\\b';
      else if (mode === 'basic' && '(){}|+?'.includes(n)) out += n;
      else if ('wWsSbB'.includes(n) || /[.*^$[\]\\/]/.test(n) || '(){}|+?'.includes(n))
        out += `\\${n}`;
      else out += n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (mode === 'basic' && '(){}|+?'.includes(c)) out += `\\${c}`;
    else if (c === '/') out += '\\/';
    else out += c;
  }
  return out;
}

/** A bracket expression starting at `at`: its JS form and the characters it used. */
function bracket(p: string, at: number): [string, number] {
  let i = at + 1;
  let out = '[';
  if (p[i] === '^') {
    out += '^';
    i++;
  }
  if (p[i] === ']') {
    out += '\\]';
    i++;
  }
  for (; i < p.length && p[i] !== ']'; i++) {
    const cls = /^\[:([a-z]+):\]/.exec(p.slice(i));
    if (cls && CLASSES[cls[1]!]) {
      out += CLASSES[cls[1]!];
      i += cls[0].length - 1;
    } else out += p[i] === '\\' || p[i] === '[' ? `\\${p[i]}` : p[i];
  }
  if (i >= p.length) return ['\\[', 1];
  return [out + ']', i - at + 1];
}
