// How much of the engine a lesson's first use actually runs, per source module: builds with
// source maps (lib/analyseBuild.ts), uses each lesson's widgets in chromium as the bench does
// (tests/browser/lib/lessonJs.mjs: the lesson's commands and `help` in the terminal, a trace,
// the exercise's check) under V8 block coverage, and attributes the engine chunks' code that
// ran and that never ran to modules. A module that never runs in any lesson is a candidate
// for loading on demand; one that runs is what the 60 KB target has to pay for.
//
//   npx node scripts/engine-coverage.ts [--no-build] [--top N]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ANALYSE_DIR, ROOT, buildWithSourceMaps } from './lib/analyseBuild.ts';
import { sourceRanges } from './lib/sourceMapBytes.ts';
import { serveStatic } from '../tests/browser/lib/static-server.mjs';
import { launchBrowser } from '../tests/browser/lib/harness.mjs';
import {
  engineChunks,
  hydrateAll,
  lessonCommands,
  useWidgets,
} from '../tests/browser/lib/lessonJs.mjs';

const LESSONS = ['bridge-vs-router', 'two-custom-bridges', 'router-component'];
const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const top = topAt >= 0 ? Number(args[topAt + 1]) : 30;
if (!args.includes('--no-build')) buildWithSourceMaps();
const assets = resolve(ANALYSE_DIR, '_astro');
const engine: Set<string> = engineChunks(ANALYSE_DIR);

type Marks = Map<string, Uint8Array>;

/** Which characters of each engine chunk ran while the lesson's widgets were used. */
async function lessonMarks(
  context: import('playwright-core').BrowserContext,
  url: string,
  slug: string,
): Promise<Marks> {
  const page = await context.newPage();
  await page.coverage.startJSCoverage({ resetOnNavigation: false });
  await page.goto(url, { waitUntil: 'networkidle' });
  await hydrateAll(page);
  await useWidgets(page, [...lessonCommands(slug), 'help']);
  const marks: Marks = new Map();
  for (const entry of await page.coverage.stopJSCoverage()) {
    const file = entry.url.split('/').pop() ?? '';
    if (!engine.has(file)) continue;
    const mark = new Uint8Array(entry.source?.length ?? 0);
    // V8 lists a function's whole range first, then the blocks inside it that ran or not.
    for (const fn of entry.functions)
      for (const r of fn.ranges) mark.fill(r.count > 0 ? 1 : 0, r.startOffset, r.endOffset);
    marks.set(file, mark);
  }
  await page.close();
  return marks;
}

interface ModuleRun {
  ran: string;
  never: string;
}

function byModule(marks: Marks): Map<string, ModuleRun> {
  const out = new Map<string, ModuleRun>();
  for (const file of engine) {
    const code = readFileSync(resolve(assets, file), 'utf8');
    const map = JSON.parse(readFileSync(resolve(assets, `${file}.map`), 'utf8'));
    const mark = marks.get(file) ?? new Uint8Array(code.length);
    for (const r of sourceRanges(code, map, assets, ROOT)) {
      const m = out.get(r.source) ?? { ran: '', never: '' };
      for (let i = r.start; i < r.end; i++) {
        if (mark[i]) m.ran += code[i];
        else m.never += code[i];
      }
      out.set(r.source, m);
    }
  }
  return out;
}

const gzKb = (text: string) => (gzipSync(text, { level: 9 }).length / 1024).toFixed(1);

const server = (await serveStatic(ANALYSE_DIR)) as { url: string; close(): Promise<void> };
const browser = await launchBrowser();
const neverInAny = new Map<string, number>();
try {
  for (const slug of LESSONS) {
    const url = new URL(`lessons/${slug}/`, server.url).href;
    const modules = byModule(await lessonMarks(browser.context, url, slug));
    const all = [...modules.values()];
    console.log(
      `${slug}: engine code run ${gzKb(all.map((m) => m.ran).join(''))} KB gzip, ` +
        `never run ${gzKb(all.map((m) => m.never).join(''))} KB gzip (each gzipped alone)`,
    );
    for (const [source, m] of modules) {
      const ranShare = m.ran.length / Math.max(1, m.ran.length + m.never.length);
      neverInAny.set(source, Math.min(neverInAny.get(source) ?? 1, 1 - ranShare));
    }
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`\nmodules by the share of their code no lesson ran (raw KB of the module):`);
const sizes = new Map<string, number>();
for (const file of engine) {
  const code = readFileSync(resolve(assets, file), 'utf8');
  const map = JSON.parse(readFileSync(resolve(assets, `${file}.map`), 'utf8'));
  for (const r of sourceRanges(code, map, assets, ROOT))
    sizes.set(r.source, (sizes.get(r.source) ?? 0) + r.end - r.start);
}
const rows = [...neverInAny].map(([source, never]) => ({
  source,
  never,
  kb: (sizes.get(source) ?? 0) / 1024,
}));
rows.sort((a, b) => b.never * b.kb - a.never * a.kb);
for (const r of rows.slice(0, top))
  console.log(
    `${(r.never * 100).toFixed(0).padStart(4)}% of ${r.kb.toFixed(1).padStart(5)} KB  ${r.source}`,
  );
