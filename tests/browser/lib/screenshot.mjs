// Takes the README screenshot (docs/screenshot.png) of the chapter 1 lesson from the built
// site with the same headless chromium as the browser tests:
//   npm run build && npx node tests/browser/lib/screenshot.mjs [out.png] [width] [light|dark] [path]
import { resolve } from 'node:path';
import { serveStatic } from './static-server.mjs';
import { launchBrowser } from './harness.mjs';

const root = resolve(import.meta.dirname, '../../..');
const [
  out = 'docs/screenshot.png',
  width = '1280',
  scheme = 'light',
  path = 'lessons/bridge-vs-router/',
] = process.argv.slice(2);
const server = await serveStatic(resolve(root, process.env.PACKETPATH_DIST ?? 'dist'));
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: Number(width), height: Number(width) < 600 ? 780 : 800 });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(new URL(path, server.url).href, { waitUntil: 'networkidle' });
  await page.screenshot({ path: resolve(root, out), fullPage: process.env.FULL === '1' });
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
  await server.close();
}
