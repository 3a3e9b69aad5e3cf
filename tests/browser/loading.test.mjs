// What each lesson page loads, and when: no engine on load; on first use only the engine's
// chunks and the on-demand programs the lesson's own commands name, exactly what
// bench/widgets.bench.ts counts (lib/lessonJs.mjs is shared). A static import that pulled an
// on-demand program into the engine, or a chunk the model does not predict, fails here; the
// sizes themselves are the bench's business.
import assert from 'node:assert/strict';
import { assertClean } from './lib/harness.mjs';
import {
  chunkNamed,
  firstUseChunks,
  hydrateAll,
  lessonCommands,
  recordScripts,
  useWidgets,
} from './lib/lessonJs.mjs';
import { LAZY_MODULES } from '../../engine/shell/commands/lazy.ts';

const LESSONS = ['bridge-vs-router', 'two-custom-bridges', 'router-component'];

export const tests = [
  {
    name: 'every on-demand program is its own chunk, outside the engine chunk',
    async run(ctx) {
      for (const key of LAZY_MODULES) chunkNamed(ctx.dist, key);
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

      await useWidgets(page, lessonCommands(slug));
      const log = await page.locator('.pp-terminal .pp-term-log').first().innerText();
      assert.doesNotMatch(log, /the program's code is loading/, 'the terminal pre-loads');
      const allowed = new Set([...onLoad, ...firstUseChunks(ctx.dist, slug)]);
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
