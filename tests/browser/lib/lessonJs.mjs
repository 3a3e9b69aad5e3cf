/* global DataTransfer, ClipboardEvent -- used inside page.evaluate, in the browser */
// The JavaScript a lesson page loads, for the bench (bench/widgets.bench.ts) and the loading
// test (tests/browser/loading.test.mjs): on load, after a learner used every widget of the
// lesson (typed the commands its text shows, traced, checked the exercise), and the chunks
// the build says each of those steps may load.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { lessonExports } from '../../../components/widgets/lib/lessonExports.ts';
import { COMMANDS } from '../../../engine/shell/commands/index.ts';
import { lazyModulesFor } from '../../../engine/shell/commands/lazy.ts';
import { setupCommands } from '../../../components/widgets/lib/scenarioSetup.ts';

const ROOT = resolve(import.meta.dirname, '../../..');

/** The lesson's MDX text, its exercise's solution and its scenario. */
function lessonSource(slug) {
  const mdx = readFileSync(resolve(ROOT, 'content/lessons', `${slug}.mdx`), 'utf8');
  const scenarioFile = /from '\.\.\/scenarios\/([\w-]+\.json)'/.exec(mdx)?.[1];
  const scenario = scenarioFile
    ? JSON.parse(readFileSync(resolve(ROOT, 'content/scenarios', scenarioFile), 'utf8'))
    : undefined;
  return { mdx, exercise: lessonExports(mdx).exercise, scenario };
}

/** A line of lesson text as a command, if it starts with one the shell knows. */
function asCommand(text) {
  const line = text
    .replace(/^\$\s+/, '')
    .replace(/\s+#.*$/, '')
    .trim();
  const first = line.split(/\s+/)[0] ?? '';
  return COMMANDS.has(first) ? line : undefined;
}

/**
 * The commands a lesson shows: lines of its code blocks and inline code spans that start with
 * a command the shell knows (output lines do not), and its exercise's reference solution.
 */
export function lessonCommands(slug) {
  const { mdx, exercise } = lessonSource(slug);
  const found = [];
  for (const [, body] of mdx.matchAll(/^```[\w-]*\n([\s\S]*?)^```/gm))
    found.push(...body.split('\n').map(asCommand));
  const prose = mdx.replace(/^```[\s\S]*?^```/gm, '');
  for (const [, span] of prose.matchAll(/`([^`\n]+)`/g)) found.push(asCommand(span));
  found.push(...(exercise?.solution ?? []));
  return [...new Set(found.filter((c) => c !== undefined))];
}

/** The on-demand modules (engine/shell/commands/lazy.ts) the lesson's use loads. */
export function lessonLazyModules(slug) {
  const { scenario } = lessonSource(slug);
  const setup = scenario ? setupCommands(scenario) : [];
  return lazyModulesFor([...setup, ...lessonCommands(slug)].join('\n'));
}

/** Records every script the page fetches (not Pagefind's), in order. */
export function recordScripts(page) {
  const scripts = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script' && !res.url().includes('/pagefind/'))
      scripts.push({ name: new URL(res.url()).pathname.split('/').pop(), body: res.body() });
  });
  return scripts;
}

/** gzip KB of the recorded scripts (level 9, as a server would send them). */
export async function gzipKb(scripts) {
  const bodies = await Promise.all(scripts.map((s) => s.body));
  return bodies.reduce((sum, b) => sum + gzipSync(b, { level: 9 }).length, 0) / 1024;
}

/** Scrolls through the page so every `client:visible` island hydrates. */
export async function hydrateAll(page) {
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
  });
  await page.waitForLoadState('networkidle');
}

/**
 * Uses every widget as a learner would: pastes the lesson's commands into its first terminal
 * (each line runs), traces each tracer's probe, checks the exercise.
 */
export async function useWidgets(page, commands) {
  const term = page.locator('.pp-terminal').first();
  const input = term.locator('input');
  await term.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (el) => !el.closest('astro-island')?.hasAttribute('ssr'),
    await term.elementHandle(),
  );
  await input.focus();
  await page.evaluate(
    (text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.activeElement.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    },
    `${commands.join('\n')}\n`,
  );
  const last = commands.at(-1);
  if (last) await term.locator('.pp-term-log').getByText(last).last().waitFor({ timeout: 20000 });
  for (const button of await page
    .locator('.pp-tracer')
    .getByRole('button', { name: 'Trace' })
    .all())
    await button.click();
  for (const button of await page.getByRole('button', { name: 'Check my solution' }).all())
    await button.click();
  await page.waitForLoadState('networkidle');
}

/** The chunk files a chunk imports: statically (loaded with it) and with import(). */
function importsOf(dist, file) {
  const code = readFileSync(resolve(dist, '_astro', file), 'utf8');
  const names = (re) => [...code.matchAll(re)].map((m) => m[1]);
  // The minifier writes specifiers with any quote: from"./a.js", import(`./b.js`).
  return {
    static: names(/(?:from|import)\s*["'`]\.\/([^"'`]+\.js)["'`]/g),
    dynamic: names(/import\(\s*["'`]\.\/([^"'`]+\.js)["'`]\s*\)/g),
  };
}

/** The chunk and what it imports statically, transitively: what loading it fetches. */
export function staticClosure(dist, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const dep of importsOf(dist, file).static) staticClosure(dist, dep, seen);
  return seen;
}

/** Everything the chunk may ever load: static and import() edges, transitively. */
export function fullClosure(dist, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  const { static: s, dynamic } = importsOf(dist, file);
  for (const dep of [...s, ...dynamic]) fullClosure(dist, dep, seen);
  return seen;
}

/** The built chunk of a module named `name` (machine, docker, text…); throws when missing. */
export function chunkNamed(dist, name) {
  const file = readdirSync(resolve(dist, '_astro')).find((f) =>
    new RegExp(`^${name}\\.[\\w-]+\\.js$`).test(f),
  );
  if (!file) throw new Error(`no chunk ${name}.*.js in ${dist}/_astro: is it imported eagerly?`);
  return file;
}

/**
 * What first use may load, from the build: the engine chunk and its static imports, and the
 * on-demand modules the lesson's commands and scenario name, with theirs.
 */
export function firstUseChunks(dist, slug) {
  const set = staticClosure(dist, chunkNamed(dist, 'machine'));
  for (const key of lessonLazyModules(slug)) staticClosure(dist, chunkNamed(dist, key), set);
  return set;
}

/**
 * The engine's own chunks: the machine chunk's static closure without what the widget views
 * load on their own (the island chunks, named after their components: Terminal, PacketTracer…).
 */
export function engineChunks(dist) {
  const engine = staticClosure(dist, chunkNamed(dist, 'machine'));
  for (const file of readdirSync(resolve(dist, '_astro'))) {
    if (!/^[A-Z]\w*\.[\w-]+\.js$/.test(file)) continue;
    for (const shared of staticClosure(dist, file)) engine.delete(shared);
  }
  return engine;
}

/** gzip KB of chunk files as built. */
export function chunksGzipKb(dist, files) {
  let sum = 0;
  for (const f of files)
    sum += gzipSync(readFileSync(resolve(dist, '_astro', f)), { level: 9 }).length;
  return sum / 1024;
}
