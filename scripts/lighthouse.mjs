// Lighthouse (mobile, the default form factor with simulated throttling) on the built site,
// served from dist/ on 127.0.0.1 and run in Debian's headless chromium.
//   npm run build && npx node scripts/lighthouse.mjs [path ...]
// Prints performance and accessibility per page and exits 1 when a page misses
// accessibility 100 or performance 95 (issue 2). bench/site.bench.ts reuses lighthouseScores().
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { serveStatic } from '../tests/browser/lib/static-server.mjs';
import { CHROMIUM_ARGS } from '../tests/browser/lib/harness.mjs';

export const LIGHTHOUSE_PAGES = ['', 'lessons/bridge-vs-router/'];
export const TARGETS = { performance: 95, accessibility: 100 };

// Lighthouse's own advice for noisy machines (this one is shared by several builds): run each
// page several times and keep the median run, ranked by performance.
const RUNS = Number(process.env.PACKETPATH_LH_RUNS ?? 3);

async function auditOnce(url, port) {
  const result = await lighthouse(url, {
    port,
    logLevel: 'error',
    output: 'json',
    onlyCategories: ['performance', 'accessibility'],
  });
  if (!result) throw new Error(`lighthouse returned nothing for ${url}`);
  const { categories, audits } = result.lhr;
  const failing = (cat) =>
    categories[cat].auditRefs
      .filter((ref) => ref.weight > 0 && (audits[ref.id].score ?? 1) < 1)
      .map((ref) => `${ref.id} (${audits[ref.id].displayValue ?? audits[ref.id].score})`);
  return {
    performance: Math.round((categories.performance.score ?? 0) * 100),
    accessibility: Math.round((categories.accessibility.score ?? 0) * 100),
    failing: { performance: failing('performance'), accessibility: failing('accessibility') },
  };
}

/**
 * Median-of-RUNS scores 0–100 for each path, the range seen, and the audits of each category
 * below full marks in the median run.
 * @param {string[]} paths
 */
export async function lighthouseScores(
  paths = LIGHTHOUSE_PAGES,
  { dist = process.env.PACKETPATH_DIST ?? 'dist', runs = RUNS } = {},
) {
  const server = await serveStatic(resolve(dist));
  const chrome = await chromeLauncher.launch({
    chromePath: '/usr/bin/chromium',
    chromeFlags: ['--headless=new', ...CHROMIUM_ARGS],
  });
  const out = [];
  try {
    for (const path of paths) {
      const url = new URL(path, server.url).href;
      const all = [];
      for (let i = 0; i < Math.max(1, runs); i++) all.push(await auditOnce(url, chrome.port));
      all.sort((a, b) => a.performance - b.performance);
      const median = all[Math.floor(all.length / 2)];
      out.push({
        path: `/${path}`,
        ...median,
        performanceRange: [all[0].performance, all[all.length - 1].performance],
        accessibility: Math.min(...all.map((r) => r.accessibility)),
      });
    }
  } finally {
    chrome.kill();
    await server.close();
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const paths = process.argv.slice(2);
  const scores = await lighthouseScores(paths.length ? paths : LIGHTHOUSE_PAGES);
  let missed = 0;
  for (const s of scores) {
    const ok = s.performance >= TARGETS.performance && s.accessibility >= TARGETS.accessibility;
    if (!ok) missed++;
    console.log(
      `${ok ? 'ok  ' : 'MISS'} ${s.path}: performance ${s.performance} (median of runs ${s.performanceRange.join('–')}), accessibility ${s.accessibility}`,
    );
    for (const [cat, list] of Object.entries(s.failing)) {
      if (list.length) console.log(`     ${cat} not full marks: ${list.join(', ')}`);
    }
  }
  process.exit(missed ? 1 : 0);
}
