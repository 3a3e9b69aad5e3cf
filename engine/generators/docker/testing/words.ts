/** Test helper: splits a recorded command line into words (single quotes, as the recordings use). */
export function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|(\S+)/g)) out.push(m[1] ?? m[2] ?? '');
  return out;
}
