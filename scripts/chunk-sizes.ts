// Which source modules make a built chunk heavy: builds the site with source maps into a
// scratch directory (PACKETPATH_OUT_DIR and PACKETPATH_SOURCEMAP in astro.config.mjs; dist/
// is left alone), then
// attributes every minified byte of the chunk to the module its source map names, and prints
// the modules by estimated gzip size.
//
//   npx node scripts/chunk-sizes.ts [chunk-prefix…] [--top N] [--no-build]
//
// Default chunk: machine (the engine the lesson widgets load on first use). The gzip figure of
// one module is an estimate: its bytes gzipped on their own, scaled so the modules add up to
// the chunk's real gzip size (a module compresses against its neighbours in the real file).
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ANALYSE_DIR, ROOT, buildWithSourceMaps } from './lib/analyseBuild.ts';
import { attributeBytes, type ModuleBytes } from './lib/sourceMapBytes.ts';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 40;
const prefixes = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--top');
if (prefixes.length === 0) prefixes.push('machine');

if (!args.includes('--no-build')) buildWithSourceMaps();

const gzip = (b: Buffer | string) => gzipSync(b, { level: 9 }).length;
const kb = (n: number) => (n / 1024).toFixed(1).padStart(7);
const assets = resolve(ANALYSE_DIR, '_astro');

for (const file of readdirSync(assets).filter((f) => f.endsWith('.js'))) {
  if (!prefixes.some((p) => file.startsWith(`${p}.`))) continue;
  const code = readFileSync(resolve(assets, file), 'utf8');
  const map = JSON.parse(readFileSync(resolve(assets, `${file}.map`), 'utf8'));
  const modules = attributeBytes(code, map, assets, ROOT);
  const total = gzip(code);
  const alone = modules.map((m) => gzip(m.text));
  const scale = total / alone.reduce((a, b) => a + b, 0);
  console.log(`\n${file}: ${kb(code.length)} KB raw, ${kb(total)} KB gzip`);
  console.log(`${'gzip KB'.padStart(7)} ${'raw KB'.padStart(7)}  module`);
  const rows = modules.map((m: ModuleBytes, i) => ({ ...m, gz: (alone[i] ?? 0) * scale }));
  rows.sort((a, b) => b.gz - a.gz);
  for (const r of rows.slice(0, top)) console.log(`${kb(r.gz)} ${kb(r.bytes)}  ${r.source}`);
  byFolder(rows);
}

/** The same bytes summed per folder (two levels under the repository), to see which layer weighs. */
function byFolder(rows: readonly { source: string; gz: number; bytes: number }[]): void {
  const folders = new Map<string, { gz: number; bytes: number }>();
  for (const r of rows) {
    const key = r.source.split('/').slice(0, 3).join('/');
    const f = folders.get(key) ?? { gz: 0, bytes: 0 };
    folders.set(key, { gz: f.gz + r.gz, bytes: f.bytes + r.bytes });
  }
  console.log('\nby folder:');
  for (const [k, f] of [...folders].sort((a, b) => b[1].gz - a[1].gz))
    console.log(`${kb(f.gz)} ${kb(f.bytes)}  ${k}`);
}
