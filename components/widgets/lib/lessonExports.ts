/**
 * Reads the `export const NAME = { … };` data blocks of a lesson's MDX (quizzes, exercises with
 * their reference solutions), for the tests that run every exercise's reference solution. The
 * blocks are plain object literals; they are evaluated as such (test-only code, never shipped).
 */
export function lessonExports(mdx: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const head = /^export const (\w+) = \{/gm;
  for (let m = head.exec(mdx); m; m = head.exec(mdx)) {
    const start = m.index + m[0].length - 1;
    const end = matchingBrace(mdx, start);
    out[m[1] as string] = new Function(`return (${mdx.slice(start, end + 1)});`)() as unknown;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  throw new Error('lesson export: unbalanced braces');
}
