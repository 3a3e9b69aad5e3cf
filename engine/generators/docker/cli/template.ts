/**
 * The subset of docker's `--format` Go templates a lesson uses: `{{.Field}}` placeholders,
 * literal text, `\t` turned into a tab (as the CLI does), and the `table` prefix that prints a
 * header row and aligns columns with the CLI's tabwriter. Anything else is reported as not
 * simulated rather than guessed.
 */
import { tabwrite } from './format.ts';

export type Template =
  | { ok: true; table: boolean; parts: (string | { field: string })[] }
  | { ok: false; error: string };

export function parseTemplate(format: string, fields: ReadonlySet<string>): Template {
  let text = format.replace(/\\t/g, '\t');
  const table = /^table\s/.test(text);
  if (table) text = text.replace(/^table\s+/, '');
  const parts: (string | { field: string })[] = [];
  const re = /\{\{(.*?)\}\}/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    parts.push(text.slice(last, m.index));
    const field = /^\s*\.([A-Za-z]+)\s*$/.exec(m[1] ?? '')?.[1];
    if (field === undefined || !fields.has(field)) {
      return {
        ok: false,
        error: `packetpath: the --format template '{{${m[1] ?? ''}}}' is not simulated`,
      };
    }
    parts.push({ field });
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return { ok: true, table, parts };
}

/** Renders one line per row; `table` adds the header and aligns columns at the tabs. */
export function renderTemplate(
  t: Extract<Template, { ok: true }>,
  rows: readonly Readonly<Record<string, string>>[],
  headers: Readonly<Record<string, string>>,
): string {
  const line = (get: (f: string) => string): string =>
    t.parts.map((p) => (typeof p === 'string' ? p : get(p.field))).join('');
  const lines = rows.map((r) => line((f) => r[f] ?? ''));
  if (!t.table) return lines.map((l) => `${l}\n`).join('');
  const header = line((f) => headers[f] ?? f.toUpperCase());
  return tabwrite([header, ...lines].map((l) => l.split('\t')));
}
