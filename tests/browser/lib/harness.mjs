// Shared machinery for the browser tests: one headless Debian chromium (playwright-core),
// a page helper that records console errors and every request leaving the site's origin,
// and axe-core injected from node_modules. Test files (tests/browser/*.test.mjs) export
// `tests`, an array of { name, run(ctx) }; scripts/run-browser-tests.mjs runs them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
export const AXE_PATH = require.resolve('axe-core/axe.min.js');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchBrowser() {
  const profile = await mkdtemp(join(tmpdir(), 'packetpath-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Everything a test gets. `open(path)` returns { page, problems } where problems collects
 * console errors, page errors, failed requests and requests to any other origin; call
 * `assertClean(problems)` at the end of the test.
 */
export function makeContext({ context, siteUrl }) {
  const origin = new URL(siteUrl).origin;
  const url = (path = '') => new URL(path.replace(/^\//, ''), siteUrl).href;

  async function open(path = '', { viewport, colorScheme } = {}) {
    const page = await context.newPage();
    const problems = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console error: ${msg.text()}`);
    });
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('requestfailed', (req) => {
      // Aborted because the test navigated away (e.g. an island's chunk during a reload).
      if (req.failure()?.errorText === 'net::ERR_ABORTED') return;
      problems.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
    });
    page.on('request', (req) => {
      const u = req.url();
      if (/^(data|blob|about):/.test(u)) return;
      if (new URL(u).origin !== origin) problems.push(`other-origin request: ${u}`);
    });
    page.on('response', (res) => {
      if (res.status() >= 400) problems.push(`HTTP ${res.status()}: ${res.url()}`);
    });
    if (viewport) await page.setViewportSize(viewport);
    if (colorScheme) await page.emulateMedia({ colorScheme });
    if (path !== null) await page.goto(url(path), { waitUntil: 'load' });
    return { page, problems };
  }

  async function axe(page, options = {}) {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
    return page.evaluate(async (opts) => {
      const result = await window.axe.run(document, opts);
      if (result.passes.length === 0) return [{ id: 'axe-did-not-run', nodes: [] }];
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' :: ' + n.failureSummary),
      }));
    }, options);
  }

  async function resetStorage() {
    const { page } = await open('');
    await page.evaluate(() => localStorage.clear());
    await page.close();
  }

  return { context, siteUrl, origin, url, open, axe, resetStorage };
}

export function assertClean(problems, where = '') {
  if (problems.length > 0) {
    throw new Error(
      `${where ? where + ': ' : ''}${problems.length} problem(s):\n  ${problems.join('\n  ')}`,
    );
  }
}

/** URL paths of every built page under dist/ (relative to the site root), 404.html last. */
export async function builtPages(distDir) {
  const { readdir } = await import('node:fs/promises');
  const entries = await readdir(distDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name === 'index.html')
    .map((e) => {
      const rel = join(e.parentPath, e.name).slice(distDir.length).replace(/\\/g, '/');
      return rel.replace(/^\//, '').replace(/index\.html$/, '');
    })
    .filter((p) => !p.startsWith('pagefind/'))
    .sort()
    .concat(
      entries.some((e) => e.name === '404.html' && e.parentPath === distDir) ? ['404.html'] : [],
    );
}
