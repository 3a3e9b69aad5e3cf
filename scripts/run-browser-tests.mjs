// Browser tests against the BUILT site (npm test builds first; so does `npm run build`).
// Serves dist/ on 127.0.0.1, drives Debian's chromium through playwright-core and runs every
// tests/browser/*.test.mjs (each exports `tests`: [{ name, run(ctx) }]). Names on the
// command line pick test files or tests by substring. Ends with "N passed, N failed".
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serveStatic } from '../tests/browser/lib/static-server.mjs';
import { builtPages, launchBrowser, makeContext } from '../tests/browser/lib/harness.mjs';
import { requireTools } from './system-tools.mjs';

const root = resolve(import.meta.dirname, '..');
// PACKETPATH_DIST serves another build (e.g. one made from a clean export of HEAD).
const dist = resolve(root, process.env.PACKETPATH_DIST ?? 'dist');
const testsDir = resolve(root, 'tests/browser');
const base = process.env.PACKETPATH_BASE ?? '/';

if (!existsSync(resolve(dist, 'index.html'))) {
  console.error('browser tests: dist/index.html is missing. Build the site first: npm run build');
  process.exit(1);
}
if (!existsSync(resolve(dist, 'pagefind/pagefind.js'))) {
  console.error(
    'browser tests: dist/pagefind/ is missing. Build with `npm run build` (astro build && pagefind).',
  );
  process.exit(1);
}
if (!requireTools('browser tests', ['chromium'])) process.exit(0);

const filters = process.argv.slice(2);
const files = readdirSync(testsDir)
  .filter((f) => f.endsWith('.test.mjs'))
  .sort();

const server = await serveStatic(dist, { base });
const browser = await launchBrowser();
const ctx = {
  ...makeContext({ context: browser.context, siteUrl: server.url }),
  dist,
  pages: await builtPages(dist),
};

let passed = 0;
let failed = 0;
try {
  for (const file of files) {
    const { tests } = await import(pathToFileURL(resolve(testsDir, file)).href);
    const selected = tests.filter(
      (t) => filters.length === 0 || filters.some((f) => file.includes(f) || t.name.includes(f)),
    );
    if (selected.length === 0) continue;
    console.log(`\n# ${file}`);
    for (const test of selected) {
      const t0 = Date.now();
      try {
        await ctx.resetStorage();
        await test.run(ctx);
        passed++;
        console.log(`  ok   ${test.name} (${Date.now() - t0} ms)`);
      } catch (err) {
        failed++;
        console.log(
          `  FAIL ${test.name} (${Date.now() - t0} ms)\n       ${String(err?.stack ?? err).replace(/\n/g, '\n       ')}`,
        );
      } finally {
        for (const page of browser.context.pages()) await page.close().catch(() => undefined);
      }
    }
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
