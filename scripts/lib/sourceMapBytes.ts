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

export interface ModuleBytes {
  /** The module's path relative to the repository (or the process's working directory). */
  readonly source: string;
  /** UTF-8 bytes of minified output that came from it. */
  readonly bytes: number;
  /** That output, concatenated (to estimate how well it compresses). */
  readonly text: string;
}

const UNMAPPED = '(unmapped)';

export function attributeBytes(
  code: string,
  map: SourceMapJson,
  mapDir = '/',
  root = process.cwd(),
): ModuleBytes[] {
  const names = map.sources.map((s) => relative(root, resolve(mapDir, map.sourceRoot ?? '', s)));
  const parts = new Map<string, string[]>();
  const add = (source: string, text: string) => {
    if (text === '') return;
    const list = parts.get(source) ?? [];
    list.push(text);
    parts.set(source, list);
  };
  const lines = code.split('\n');
  decode(map.mappings).forEach((segments, lineNo) => {
    const line = lines[lineNo] ?? '';
    let end = line.length;
    for (let i = segments.length - 1; i >= 0; i--) {
      const seg = segments[i]!;
      const owner = seg.length >= 4 ? (names[seg[1]!] ?? UNMAPPED) : UNMAPPED;
      add(owner, line.slice(seg[0], end));
      end = seg[0];
    }
    add(UNMAPPED, line.slice(0, end));
  });
  return [...parts].map(([source, list]) => {
    const text = list.reverse().join('');
    return { source, bytes: Buffer.byteLength(text), text };
  });
}
