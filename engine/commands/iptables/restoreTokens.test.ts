import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { restoreWords } from './restoreTokens.ts';

/** add_param_to_argv (xshared.c 1.8.9) character by character: the reference. */
function reference(line: string): { words: string[]; unterminated: boolean } {
  const words: string[] = [];
  let cur = '';
  let has = false;
  let quoted = false;
  let escaped = false;
  for (const c of line) {
    if (quoted) {
      if (escaped) {
        cur += c;
        escaped = false;
      } else if (c === '\\') escaped = true;
      else if (c === '"') {
        quoted = false;
        words.push(cur);
        cur = '';
        has = false;
      } else cur += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (has) words.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (quoted) {
    words.push(cur);
    return { words, unterminated: true };
  }
  if (has) words.push(cur);
  return { words, unterminated: false };
}

describe('restoreWords', () => {
  it('splits as add_param_to_argv does, on any mix of blanks, quotes and backslashes', () => {
    const ch = fc.constantFrom(' ', ' ', '\t', '\n', '"', '\\', "'", 'a', 'b', '-', 'x');
    fc.assert(
      fc.property(fc.array(ch, { maxLength: 30 }), (chars) => {
        const line = chars.join('');
        expect(restoreWords(line)).toEqual(reference(line));
      }),
      { seed: 31, numRuns: 20000 },
    );
  });
  it('keeps the words given before the line', () => {
    expect(restoreWords('-A X -m comment --comment "a b" -j ACCEPT', ['p']).words).toEqual([
      'p',
      '-A',
      'X',
      '-m',
      'comment',
      '--comment',
      'a b',
      '-j',
      'ACCEPT',
    ]);
    expect(restoreWords('a\\ b "c\\" d"').words).toEqual(['a\\', 'b', 'c" d']);
  });
});
