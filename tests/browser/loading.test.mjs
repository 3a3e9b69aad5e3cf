// What each lesson page loads, and when: no engine on load; on first use only the engine's
// chunks, the on-demand programs the lesson's own commands name and the trace's view
// (TraceDisplay, loaded by Trace), exactly what bench/widgets.bench.ts counts (lib/lessonJs.mjs
// is shared); Tab completion only on the first Tab. A static import that pulled an on-demand
// program into the engine, or a chunk the model does not predict, fails here; the sizes
// themselves are the bench's business.
import assert from 'node:assert/strict';
import { assertClean } from './lib/harness.mjs';
import {
  chunkNamed,
  firstUseChunks,
  hydrateAll,
  lessonCommands,
  recordScripts,
  staticClosure,
  useWidgets,
} from './lib/lessonJs.mjs';
import { CH1, hydrated, tabTo } from './lib/widgets.mjs';
import { LAZY_MODULES } from '../../engine/shell/commands/lazy.ts';

/** What the views themselves load with import() on use: the trace's view when Trace runs. */
function viewChunks(dist) {
  return staticClosure(dist, chunkNamed(dist, 'TraceDisplay'));
}

/** The lesson's first terminal, hydrated and focused, with the engine loaded. */
async function focusedTerminal(page) {
  const term = page.locator('.pp-terminal').first();
  const input = term.locator('input');
  await hydrated(page, term);
  const machine = page.waitForResponse((r) => /\/machine\.[^/]*\.js$/.test(r.url()));
  await tabTo(page, input);
  await machine;
  return { term, input, status: term.locator('.pp-status') };
}

const isCompletion = (url) => /\/completion\.[^/]*\.js$/.test(url);

/** Holds back every response whose URL matches, as on a slow line, until release() is called. */
async function holdLoads(page, matches) {
  let release;
  const held = new Promise((r) => (release = r));
  await page.route(matches, async (route) => {
    await held;
    await route.continue();
  });
  return release;
}

const LESSONS = ['bridge-vs-router', 'two-custom-bridges', 'router-component'];

export const tests = [
  {
    name: 'every on-demand program is its own chunk, outside the engine chunk',
    async run(ctx) {
      for (const key of LAZY_MODULES) chunkNamed(ctx.dist, key);
    },
  },
  {
    name: 'Tab completion and the trace view are chunks of their own, outside the engine chunk',
    async run(ctx) {
      const engine = staticClosure(ctx.dist, chunkNamed(ctx.dist, 'machine'));
      for (const name of ['completion', 'TraceDisplay'])
        assert.ok(!engine.has(chunkNamed(ctx.dist, name)), `${name} loads with the engine`);
    },
  },
  {
    name: 'terminal: the first Tab loads completion and completes; keys typed meanwhile follow it',
    async run(ctx) {
      await ctx.resetStorage();
      const { page, problems } = await ctx.open(CH1);
      // Completion's code arrives late, as on a slow line: the status says it is loading.
      const release = await holdLoads(page, isCompletion);
      const { term, input, status } = await focusedTerminal(page);
      await page.keyboard.type('iptables -L FOR');
      const completion = page.waitForResponse((r) => isCompletion(r.url()));
      await page.keyboard.press('Tab');
      await status.getByText('Loading Tab completion…').waitFor();
      await page.keyboard.type('-n');
      await page.keyboard.press('Enter');
      release();
      await completion;
      await term.locator('.pp-term-log').getByText('Chain FORWARD (policy DROP)').waitFor();
      assert.equal(await input.inputValue(), '');
      // Loaded now: the next Tab completes at once.
      await page.keyboard.type('iptables -L INP');
      await page.keyboard.press('Tab');
      await status.getByText('Completed: INPUT').waitFor();
      assert.equal(await input.inputValue(), 'iptables -L INPUT ');
      assertClean(problems);
      await page.close();
      await ctx.resetStorage();
    },
  },
  {
    name: 'terminal: lines typed while the engine loads run in order (a here-document stays one command)',
    async run(ctx) {
      await ctx.resetStorage();
      const { page, problems } = await ctx.open(CH1);
      // The engine arrives late, as on a slow line, while the learner types on.
      const isMachine = (url) => /\/machine\.[^/]*\.js$/.test(url);
      const release = await holdLoads(page, isMachine);
      const term = page.locator('.pp-terminal').first();
      const input = term.locator('input');
      await hydrated(page, term);
      await tabTo(page, input);
      const doc = ['iptables-restore -n <<EOF', '*filter', '-A FORWARD -s 10.9.9.8 -j DROP'];
      for (const line of [...doc, 'COMMIT', 'EOF', 'iptables -S FORWARD']) {
        await page.keyboard.type(line);
        await page.keyboard.press('Enter');
      }
      release();
      const log = term.locator('.pp-term-log');
      await log.getByText('-A FORWARD -s 10.9.9.8/32 -j DROP').waitFor();
      const text = await log.innerText();
      assert.doesNotMatch(text, /command not found/, text);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), [...doc, 'COMMIT', 'EOF'].join('⏎'));
      assertClean(problems);
      await page.close();
      await ctx.resetStorage();
    },
  },
  {
    name: 'terminal: a line edited while Tab waits for its code is left as edited; the status stops saying loading',
    async run(ctx) {
      await ctx.resetStorage();
      const { page, problems } = await ctx.open(CH1);
      const release = await holdLoads(page, isCompletion);
      const { input, status } = await focusedTerminal(page);
      await page.keyboard.type('iptables -L FOR');
      const completion = page.waitForResponse((r) => isCompletion(r.url()));
      await page.keyboard.press('Tab');
      await page.keyboard.press('Backspace');
      await status.getByText('Loading Tab completion…').waitFor();
      release();
      await completion;
      await page.waitForFunction((el) => el.textContent === '', await status.elementHandle());
      assert.equal(await input.inputValue(), 'iptables -L FO');
      assertClean(problems);
      await page.close();
    },
  },
  {
    name: 'terminal: a Tab whose completion code fails to load says so; the next Tab loads it',
    async run(ctx) {
      await ctx.resetStorage();
      const { page, problems } = await ctx.open(CH1);
      await page.route(isCompletion, (route) => route.abort(), { times: 1 });
      const { input, status } = await focusedTerminal(page);
      await page.keyboard.type('iptables -L FOR');
      await page.keyboard.press('Tab');
      await status
        .getByText('Tab completion could not load (network?): press Tab to try again')
        .waitFor();
      assert.equal(await input.inputValue(), 'iptables -L FOR');
      await page.keyboard.press('Tab');
      await status.getByText('Completed: FORWARD').waitFor();
      assert.equal(await input.inputValue(), 'iptables -L FORWARD ');
      // The aborted fetch is reported twice (the request, and Chromium's console line for it).
      const aborted = (p) =>
        isCompletion(p.replace(/ \(.*$/, '')) ||
        p === 'console error: Failed to load resource: net::ERR_FAILED';
      assert.equal(problems.filter(aborted).length, 2, problems.join('\n'));
      assertClean(problems.filter((p) => !aborted(p)));
      await page.close();
      await ctx.resetStorage();
    },
  },
  {
    name: 'packet tracer: a trace whose view fails to load says so and draws nothing; Trace again works',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const isView = (url) => /\/TraceDisplay\.[^/]*\.js$/.test(url);
      await page.route(isView, (route) => route.abort(), { times: 1 });
      const tracer = page.locator('.pp-tracer').first();
      await hydrated(page, tracer);
      const trace = tracer.getByRole('button', { name: 'Trace' });
      await tabTo(page, trace);
      await page.keyboard.press('Enter');
      await tracer
        .locator('.pp-status')
        .getByText('The tracer could not load (network?): press Trace to try again.')
        .waitFor({ timeout: 15000 });
      assert.equal(await tracer.locator('.pp-trace').count(), 0, 'nothing half drawn');
      await page.keyboard.press('Enter');
      await tracer.locator('.pp-verdict').waitFor({ timeout: 15000 });
      assert.equal(await tracer.locator('.pp-hooks').count(), 1, 'hook diagram drawn');
      assert.ok((await tracer.locator('.pp-topology .pp-node.pp-lit').count()) >= 2, 'path drawn');
      const aborted = (p) =>
        isView(p.replace(/ \(.*$/, '')) ||
        p === 'console error: Failed to load resource: net::ERR_FAILED';
      assert.equal(problems.filter(aborted).length, 2, problems.join('\n'));
      assertClean(problems.filter((p) => !aborted(p)));
      await page.close();
    },
  },
  {
    name: 'terminal: a program named at run time (d=dock; ${d}er) loads when met; the second try runs',
    async run(ctx) {
      await ctx.resetStorage();
      const { page, problems } = await ctx.open('lessons/bridge-vs-router/');
      const term = page.locator('.pp-terminal').first();
      const input = term.locator('input');
      const log = term.locator('.pp-term-log');
      await term.scrollIntoViewIfNeeded();
      await page.waitForFunction(
        (el) => !el.closest('astro-island')?.hasAttribute('ssr'),
        await term.elementHandle(),
      );
      const line = 'd=dock; ${d}er network ls';
      const machine = page.waitForResponse((r) => /\/machine\.[^/]*\.js$/.test(r.url()));
      await input.focus();
      await machine;
      await page.keyboard.type(line);
      const docker = page.waitForResponse((r) => /\/docker\.[^/]*\.js$/.test(r.url()));
      await page.keyboard.press('Enter');
      await log
        .getByText("docker: the program's code is loading; run the command again")
        .waitFor({ timeout: 15000 });
      await docker;
      await page.keyboard.type(line);
      await page.keyboard.press('Enter');
      await log.getByText('Cannot connect to the Docker daemon').waitFor({ timeout: 15000 });
      assertClean(problems);
      await page.close();
      await ctx.resetStorage(); // the lines run stay out of the other tests' terminals
    },
  },
  ...LESSONS.map((slug) => ({
    name: `${slug}: no engine on load; first use loads only the chunks the bench counts`,
    async run(ctx) {
      await ctx.resetStorage();
      const { page, problems } = await ctx.open(null);
      const scripts = recordScripts(page);
      await page.goto(ctx.url(`lessons/${slug}/`), { waitUntil: 'networkidle' });
      await hydrateAll(page);
      const machine = chunkNamed(ctx.dist, 'machine');
      const onLoad = scripts.map((s) => s.name);
      assert.ok(!onLoad.includes(machine), `${slug}: the engine loaded before any use`);
      const trace = chunkNamed(ctx.dist, 'TraceDisplay');
      assert.ok(!onLoad.includes(trace), `${slug}: the trace's view loaded before a trace`);

      await useWidgets(page, lessonCommands(slug));
      const log = await page.locator('.pp-terminal .pp-term-log').first().innerText();
      assert.doesNotMatch(log, /the program's code is loading/, 'the terminal pre-loads');
      const allowed = new Set([
        ...onLoad,
        ...firstUseChunks(ctx.dist, slug),
        ...viewChunks(ctx.dist),
      ]);
      const loaded = scripts.map((s) => s.name);
      assert.ok(loaded.includes(machine), `${slug}: using the widgets loads the engine`);
      const unexpected = loaded.filter((name) => !allowed.has(name));
      assert.deepEqual(unexpected, [], `${slug}: chunks the bench does not count`);
      assertClean(problems, slug);
      await page.close();
      await ctx.resetStorage(); // the lines run stay out of the other tests' terminals
    },
  })),
];
