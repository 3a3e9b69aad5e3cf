// Attributes the bytes of a minified file to the source modules its source map names: each
// mapping segment owns the generated text up to the next segment on its line. Text no segment
// covers (the bundler's glue, line ends) counts as "(unmapped)".
import { resolve, relative } from 'node:path';
import { decode } from '@jridgewell/sourcemap-codec';

export interface SourceMapJson {
  readonly sources: readonly string[];
  readonly mappings: string;
  readonly sourceRoot?: string;
}

/** A stretch of the generated code, [start, end) in UTF-16 offsets, and its source module. */
export interface SourceRange {
  readonly source: string;
  readonly start: number;
  readonly end: number;
}

export interface ModuleBytes {
  /** The module's path relative to the repository (or the process's working directory). */
  readonly source: string;
  /** UTF-8 bytes of minified output that came from it. */
  readonly bytes: number;
  /** That output, concatenated (to estimate how well it compresses). */
  readonly text: string;
}

const UNMAPPED = '(unmapped)';

/** Every stretch of the code with the module it came from, in order. */
export function sourceRanges(
  code: string,
  map: SourceMapJson,
  mapDir = '/',
  root = process.cwd(),
): SourceRange[] {
  const names = map.sources.map((s) => relative(root, resolve(mapDir, map.sourceRoot ?? '', s)));
  const lines = code.split('\n');
  const decoded = decode(map.mappings);
  const ranges: SourceRange[] = [];
  let offset = 0;
  lines.forEach((line, lineNo) => {
    const segments = decoded[lineNo] ?? [];
    let at = 0;
    segments.forEach((seg, i) => {
      if (seg[0] > at) ranges.push({ source: UNMAPPED, start: offset + at, end: offset + seg[0] });
      const end = segments[i + 1]?.[0] ?? line.length;
      const source = seg.length >= 4 ? (names[seg[1]!] ?? UNMAPPED) : UNMAPPED;
      ranges.push({ source, start: offset + seg[0], end: offset + end });
      at = end;
    });
    if (at < line.length)
      ranges.push({ source: UNMAPPED, start: offset + at, end: offset + line.length });
    offset += line.length + 1;
  });
  return ranges;
}

/** The code's bytes grouped by module; `keep(offset)` may leave characters out. */
export function attributeBytes(
  code: string,
  map: SourceMapJson,
  mapDir = '/',
  root = process.cwd(),
  keep: (offset: number) => boolean = () => true,
): ModuleBytes[] {
  const parts = new Map<string, string[]>();
  for (const r of sourceRanges(code, map, mapDir, root)) {
    let text = '';
    for (let i = r.start; i < r.end; i++) if (keep(i)) text += code[i];
    if (text === '') continue;
    const list = parts.get(r.source) ?? [];
    list.push(text);
    parts.set(r.source, list);
  }
  return [...parts].map(([source, list]) => {
    const text = list.join('');
    return { source, bytes: Buffer.byteLength(text), text };
  });
}
