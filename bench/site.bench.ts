// The course site's figures: Lighthouse (mobile) performance and accessibility on the home
// page and every lesson, and the JavaScript each built page ships on load, gzipped. A lesson
// page loads more when its widgets are first used (the engine): widgets.bench.ts measures that,
// and issue 7's 60 KB target is judged there, on the first-use figure.
// Builds the site first (set PACKETPATH_BENCH_NO_BUILD=1 to measure dist/ as it is, or
// PACKETPATH_DIST=<folder> to measure another build without building).
// Pagefind's files are not counted: they load only when the learner opens search.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchFigure } from './run.ts';
import { serveStatic } from '../tests/browser/lib/static-server.mjs';
import { builtPages, launchBrowser } from '../tests/browser/lib/harness.mjs';
import { lighthouseScores, TARGETS } from '../scripts/lighthouse.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.PACKETPATH_DIST ?? 'dist');
const JS_TARGET_KB = 60;

interface Server {
  url: string;
  close(): Promise<void>;
}
interface Browser {
  context: import('playwright-core').BrowserContext;
  close(): Promise<void>;
}
interface Scores {
  path: string;
  performance: number;
  accessibility: number;
}

function build(): void {
  if (process.env.PACKETPATH_BENCH_NO_BUILD === '1' || process.env.PACKETPATH_DIST) return;
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });
  if (r.status !== 0) throw new Error('site bench: `npm run build` failed');
}

/** gzip bytes of every script a page runs: external files (after scrolling to the end so
 * client:visible islands load) plus inline scripts. */
async function jsShipped(browser: Browser, url: string): Promise<number> {
  const page = await browser.context.newPage();
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (res) => {
    const u = new URL(res.url());
    if (res.request().resourceType() === 'script' && !u.pathname.includes('/pagefind/')) {
      bodies.push(res.body());
    }
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
  });
  await page.waitForLoadState('networkidle');
  const inline = await page.$$eval('script:not([src])', (s) => s.map((x) => x.textContent ?? ''));
  await page.close();
  const external = await Promise.all(bodies);
  return [...external, ...inline.map((t) => Buffer.from(t))]
    .map((b) => gzipSync(b, { level: 9 }).length)
    .reduce((a, b) => a + b, 0);
}

export default async function siteBench(): Promise<BenchFigure[]> {
  build();
  const figures: BenchFigure[] = [];
  const server: Server = await serveStatic(dist);
  const browser: Browser = await launchBrowser();
  try {
    for (const path of (await builtPages(dist)) as string[]) {
      const bytes = await jsShipped(browser, new URL(path, server.url).href);
      figures.push({
        name: `site: JS on load, gzip /${path}`,
        value: bytes / 1024,
        unit: 'KB',
        target: { max: JS_TARGET_KB },
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  // Lighthouse (mobile, median of 3 runs) on the home page and every lesson (issue 2: home and
  // chapter 1; issue 7: each lesson with widgets).
  const lessons = ((await builtPages(dist)) as string[]).filter((p) => p.startsWith('lessons/'));
  const scores: Scores[] = await lighthouseScores(['', ...lessons], { dist });
  for (const s of scores) {
    figures.push(
      {
        name: `site: Lighthouse perf ${s.path}`,
        value: s.performance,
        unit: 'score',
        target: { min: TARGETS.performance },
      },
      {
        name: `site: Lighthouse a11y ${s.path}`,
        value: s.accessibility,
        unit: 'score',
        target: { min: TARGETS.accessibility },
      },
    );
  }
  return figures;
}
