/* global DataTransfer, ClipboardEvent -- used inside page.evaluate, in the browser */
// The lesson widgets in a real browser, driven by the keyboard alone: terminal (history, Tab
// completion, Ctrl-L, multi-line paste, reset, state after a reload), packet tracer, route
// lookup, quiz (score kept in progress) and exercise (each lesson's reference solution, still
// solved after a reload). No console errors; axe clean in both themes at 360 px and wide.
import assert from 'node:assert/strict';
import { assertClean } from './lib/harness.mjs';
import { CH1, LESSONS, hydrated, lessonData, tabTo, typeCommand } from './lib/widgets.mjs';

const log = (root) => root.locator('.pp-term-log');

export const tests = [
  {
    name: 'terminal: commands, history, Tab completion, Ctrl-L, paste, reset, kept after reload',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const term = page.locator('.pp-terminal').first();
      await hydrated(page, term);
      const input = term.locator('input');
      await typeCommand(page, input, 'ip netns exec c1 curl 172.17.0.3');
      await assert.doesNotReject(
        log(term).getByText('Timeout was reached').waitFor({ timeout: 10000 }),
      );
      await page.keyboard.type('iptables -L FOR');
      await page.keyboard.press('Tab');
      // The first Tab loads completion's code (loading.test.mjs): wait for what it did.
      await term.locator('.pp-status').getByText('Completed: FORWARD').waitFor();
      assert.equal(await input.inputValue(), 'iptables -L FORWARD ');
      await page.keyboard.type('-n');
      await page.keyboard.press('Enter');
      await log(term).getByText('Chain FORWARD (policy DROP)').waitFor();
      await page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), 'iptables -L FORWARD -n');
      await page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), 'ip netns exec c1 curl 172.17.0.3');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      assert.equal(await input.inputValue(), '');
      await page.keyboard.press('Control+l');
      assert.equal((await log(term).innerText()).trim(), '');
      // A multi-line paste runs each line.
      await page.evaluate(() => {
        const el = document.activeElement;
        const data = new DataTransfer();
        data.setData(
          'text/plain',
          'iptables -I FORWARD -i docker0 -o docker0 -p tcp --dport 80 -j ACCEPT\niptables -S FORWARD\n',
        );
        el.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
        );
      });
      await log(term)
        .getByText('-A FORWARD -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT')
        .waitFor();
      // A here-document continues on `> ` lines until its delimiter; Ctrl-C cancels one.
      await page.keyboard.type("iptables-restore --noflush <<'EOF'");
      await page.keyboard.press('Enter');
      assert.equal(await term.locator('.pp-term-prompt span[aria-hidden]').innerText(), '>');
      for (const line of ['*filter', '-A FORWARD -s 172.17.0.9 -j DROP', 'COMMIT', 'EOF']) {
        await page.keyboard.type(line);
        await page.keyboard.press('Enter');
      }
      await typeCommand(page, input, 'iptables -S FORWARD | grep 172.17.0.9');
      await log(term).getByText('-A FORWARD -s 172.17.0.9/32 -j DROP').waitFor();
      await page.keyboard.type('echo "unfinished');
      await page.keyboard.press('Enter');
      await page.keyboard.press('Control+c');
      assert.match(
        await term.locator('.pp-term-prompt span[aria-hidden]').innerText(),
        /root@host/,
      );
      // Empty line: Tab leaves the terminal (no keyboard trap).
      await page.keyboard.press('Tab');
      assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'INPUT');
      await page.reload();
      const again = page.locator('.pp-terminal').first();
      await hydrated(page, again);
      await log(again).getByText('Restored 6 command(s)').waitFor({ timeout: 10000 });
      await typeCommand(page, again.locator('input'), 'ip netns exec c1 curl 172.17.0.3');
      // python3 -m http.server in c2 answers with its (empty) directory listing.
      await log(again).getByText('<h1>Directory listing for /</h1>').waitFor();
      await typeCommand(page, again.locator('input'), 'reset');
      await log(again).getByText("The lesson's starting state is back.").waitFor();
      await typeCommand(page, again.locator('input'), 'iptables -S FORWARD');
      await log(again).getByText('-A FORWARD -i docker0 -o docker0 -j DROP').waitFor();
      assert.equal(await log(again).getByText('--dport 80').count(), 0, 'rule gone after reset');
      assertClean(problems);
    },
  },
  {
    name: 'packet tracer: choose a probe, trace, step and read the verdict by keyboard',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const tracer = page.locator('.pp-tracer').first();
      await hydrated(page, tracer);
      await tabTo(page, tracer.locator('select').first());
      await tabTo(page, tracer.getByRole('button', { name: 'Trace' }));
      await page.keyboard.press('Enter');
      const verdict = tracer.locator('.pp-verdict');
      await verdict.waitFor({ timeout: 10000 });
      assert.match(
        await verdict.innerText(),
        /dropped by rule 3 of FORWARD \(filter, FORWARD\) in host/,
      );
      const step = tracer.locator('.pp-step');
      assert.match(await step.innerText(), /^Step 1 of \d+/);
      await tabTo(page, tracer.getByRole('button', { name: 'Forward' }));
      for (let i = 0; i < 12; i++) await page.keyboard.press('Enter');
      assert.match(await step.innerText(), /^Step 13 of/);
      await tabTo(page, tracer.getByRole('button', { name: 'Back' }));
      await page.keyboard.press('Enter');
      assert.match(await step.innerText(), /^Step 12 of/);
      await tabTo(page, tracer.getByRole('button', { name: 'Play' }));
      await page.keyboard.press('Enter');
      await page.waitForFunction(
        (el) => /^Step (\d+) of \1\b/.test(el.textContent ?? ''),
        await step.elementHandle(),
        { timeout: 20000 },
      );
      // Stopped at the end: the button says Play again (its label, no aria-pressed on top) and
      // the status tells a screen reader where it stopped.
      await tracer.getByRole('button', { name: 'Play' }).waitFor();
      assert.equal(
        await tracer.getByRole('button', { name: 'Play' }).getAttribute('aria-pressed'),
        null,
      );
      await tracer
        .locator('.pp-status')
        .getByText(/^Played to the last step/)
        .waitFor();
      assert.equal(await tracer.locator('.pp-hook[aria-current="step"]').count(), 1);
      assert.ok((await tracer.locator('.pp-topology .pp-node.pp-lit').count()) >= 2, 'path drawn');
      // Compose a probe: c1 to the LAN server, which is masqueraded.
      await tabTo(page, tracer.locator('select').first());
      await page.keyboard.press('End');
      await tracer.locator('fieldset.pp-compose').waitFor();
      await tabTo(page, tracer.getByLabel('To', { exact: true }));
      await page.keyboard.type('192.0.2.10');
      await tabTo(page, tracer.getByRole('button', { name: 'Trace' }));
      await page.keyboard.press('Enter');
      await tracer
        .getByText(/delivered to local stack in lan/)
        .first()
        .waitFor();
      assert.deepEqual(await ctx.axe(page), []);
      assertClean(problems);
    },
  },
  {
    name: 'route lookup: a destination typed by keyboard picks the longest prefix',
    async run(ctx) {
      const { page, problems } = await ctx.open('lessons/router-component/');
      const widget = page.locator('.pp-routes');
      await hydrated(page, widget);
      const input = widget.getByLabel('Destination');
      await tabTo(page, input);
      await page.keyboard.press('Control+a');
      await page.keyboard.type('192.0.2.77');
      const lit = widget.locator('tr[aria-current="true"] td').first();
      assert.equal(await lit.innerText(), '192.0.2.0/24');
      assert.match(
        await widget.locator('tr[aria-current="true"] td').last().innerText(),
        /Chosen: the longest match$/,
      );
      assert.equal(await widget.getByText('Chosen: the longest match').count(), 1);
      assert.match(
        await widget.locator('.pp-status').innerText(),
        /2 routes match; \/24 is the longest prefix/,
      );
      await page.keyboard.press('Control+a');
      await page.keyboard.type('203.0.113.5');
      assert.equal(await lit.innerText(), '0.0.0.0/0');
      assertClean(problems);
    },
  },
  {
    name: 'quiz: every lesson quiz answered by keyboard, score kept in progress after reload',
    async run(ctx) {
      for (const slug of LESSONS) {
        const { quiz } = lessonData(slug);
        const { page, problems } = await ctx.open(`lessons/${slug}/`);
        const root = page.locator('.pp-quiz');
        await hydrated(page, root);
        for (const [i, q] of quiz.questions.entries()) {
          const item = root.locator('.pp-questions > li').nth(i);
          if (q.kind === 'choice') {
            const right = q.options.findIndex((o) => o.correct);
            await tabTo(page, item.locator('input[type=radio]').first());
            for (let k = 0; k < right; k++) await page.keyboard.press('ArrowDown');
            await page.keyboard.press('Space');
          } else {
            await tabTo(page, item.locator('input[type=text]'));
            await page.keyboard.type(q.answers[0]);
          }
          await tabTo(page, item.getByRole('button', { name: 'Check answer' }));
          await page.keyboard.press('Enter');
          await item.getByText('Correct.').waitFor();
        }
        const n = quiz.questions.length;
        assert.match(
          await root.locator('.pp-score').innerText(),
          new RegExp(`Score: ${n} of ${n}`),
        );
        await page.reload();
        await hydrated(page, page.locator('.pp-quiz'));
        await page.locator('.pp-score').getByText(`best saved: ${n} of ${n}`).waitFor();
        assertClean(problems, slug);
        await page.close();
      }
    },
  },
  {
    name: 'exercises: a wrong try names the failed check; the reference solution solves it, still solved after reload',
    async run(ctx) {
      for (const slug of LESSONS) {
        const { exercise } = lessonData(slug);
        const { page, problems } = await ctx.open(`lessons/${slug}/`);
        const root = page.locator('.pp-exercise');
        await hydrated(page, root);
        const check = root.getByRole('button', { name: 'Check my solution' });
        await tabTo(page, check);
        await page.keyboard.press('Enter');
        await root.locator('.pp-checks li[data-pass="false"]').first().waitFor({ timeout: 15000 });
        assert.match(await root.locator('.pp-status').last().innerText(), /checks fail\. First: /);
        assert.match(
          await root.locator('.pp-checks li[data-pass="false"]').first().innerText(),
          /Hint: /,
        );
        for (const line of exercise.solution) await typeCommand(page, root.locator('input'), line);
        await tabTo(page, check);
        await page.keyboard.press('Enter');
        await root.getByText('Solved: every check passes.').waitFor({ timeout: 15000 });
        await page.reload();
        const again = page.locator('.pp-exercise');
        await hydrated(page, again);
        await again.locator('.pp-solved').waitFor();
        await log(again).getByText(`Restored ${exercise.solution.length} command(s)`).waitFor();
        await tabTo(page, again.getByRole('button', { name: 'Check my solution' }));
        await page.keyboard.press('Enter');
        await again.getByText('Solved: every check passes.').waitFor({ timeout: 15000 });
        assertClean(problems, slug);
        await page.close();
      }
    },
  },
  {
    name: 'terminal: nft, docker and kubectl load on demand; the engine chunk has none of them',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const scripts = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      const root = page.locator('.pp-terminal').first();
      await hydrated(page, root);
      const input = root.locator('input');
      await typeCommand(page, input, 'iptables -S FORWARD');
      await log(root).getByText('-P FORWARD DROP').waitFor({ timeout: 15000 });
      const lazy = /\/(nft|docker|kubectl)\.[^/]*\.js$/;
      assert.deepEqual(
        scripts.filter((u) => lazy.test(u)),
        [],
        'no program chunk before use',
      );
      await typeCommand(page, input, 'sudo nft list ruleset');
      await log(root).getByText('table ip nat {').waitFor({ timeout: 15000 });
      assert.ok(
        scripts.some((u) => /\/nft\.[^/]*\.js$/.test(u)),
        'nft chunk loaded on use',
      );
      assert.ok(!(await log(root).textContent()).includes('not loaded'), 'ran at the first try');
      assertClean(problems);
      await page.close();
    },
  },
  {
    name: 'terminal: a program whose code fails to load prints one line, and loads when run again',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const chunk = /\/kubectl\.[^/]*\.js$/;
      await page.route(chunk, (route) => route.abort());
      const root = page.locator('.pp-terminal').first();
      await hydrated(page, root);
      const input = root.locator('input');
      await typeCommand(page, input, 'kubectl delete service web');
      const error = log(root).locator('.pp-term-err').last();
      await error.waitFor({ timeout: 15000 });
      const text = await error.textContent();
      assert.match(
        text ?? '',
        /^kubectl: could not load the program's code \(.+\); check the connection/,
      );
      assert.ok(!(text ?? '').trimEnd().includes('\n'), `one line: ${JSON.stringify(text)}`);
      await page.unroute(chunk);
      await typeCommand(page, input, 'kubectl delete service web');
      await log(root).getByText('Error from server (NotFound)').waitFor({ timeout: 15000 });
      // The aborted fetch is reported twice (the request, and Chromium's console line for it).
      const aborted = (p) =>
        chunk.test(p.replace(/ \(.*$/, '')) ||
        p === 'console error: Failed to load resource: net::ERR_FAILED';
      assert.equal(problems.filter(aborted).length, 2, problems.join('\n'));
      assertClean(problems.filter((p) => !aborted(p)));
      await page.close();
    },
  },
  {
    name: 'topology (lesson figure and traced path): text 11 px or more at 360 px, boxes inside and apart',
    async run(ctx) {
      for (const slug of LESSONS) {
        const { page, problems } = await ctx.open(`lessons/${slug}/`, {
          viewport: { width: 360, height: 740 },
        });
        // The tracer draws the path on a topology too: trace once so that one is measured.
        const tracer = page.locator('.pp-tracer').first();
        await hydrated(page, tracer);
        await tracer.getByRole('button', { name: 'Trace' }).click();
        await tracer.locator('.pp-verdict').waitFor({ timeout: 10000 });
        const figures = await page.$$eval('.pp-topology svg', (svgs) =>
          svgs.map((svg) => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const texts = [...svg.querySelectorAll('text, tspan')];
            const boxes = [...svg.querySelectorAll('rect')].map((r) => r.getBBox());
            const within = boxes.every(
              (b) =>
                b.x >= 0 &&
                b.y >= 0 &&
                b.x + b.width <= svg.viewBox.baseVal.width &&
                b.y + b.height <= svg.viewBox.baseVal.height,
            );
            const apart = boxes.every((a, i) =>
              boxes.every(
                (b, j) =>
                  i === j ||
                  a.x + a.width <= b.x ||
                  b.x + b.width <= a.x ||
                  a.y + a.height <= b.y ||
                  b.y + b.height <= a.y,
              ),
            );
            const textInBox = [...svg.querySelectorAll('.pp-node')].every((g) => {
              const r = g.querySelector('rect').getBBox();
              const t = g.querySelector('text').getBBox();
              return (
                t.x >= r.x &&
                t.y >= r.y &&
                t.x + t.width <= r.x + r.width &&
                t.y + t.height <= r.y + r.height
              );
            });
            return {
              count: texts.length,
              smallest: Math.min(
                ...texts.map((t) => parseFloat(window.getComputedStyle(t).fontSize) * scale),
              ),
              within,
              apart,
              textInBox,
            };
          }),
        );
        for (const [i, f] of figures.entries()) {
          const where = `${slug} topology ${i}`;
          assert.ok(f.count > 0, `${where}: has text`);
          assert.ok(f.smallest >= 11, `${where}: text ${f.smallest.toFixed(1)} px at 360 px`);
          assert.ok(f.within, `${where}: every box inside the drawing`);
          assert.ok(f.apart, `${where}: no two boxes overlap`);
          assert.ok(f.textInBox, `${where}: every label inside its box`);
        }
        assert.ok(figures.length >= 1, `${slug}: a topology`);
        assertClean(problems);
        await page.close();
      }
    },
  },
  {
    name: "topology: the host's own uplink address is drawn in its box and read out in the description",
    async run(ctx) {
      const { page, problems } = await ctx.open('lessons/bridge-vs-router/');
      const figure = page.locator('.pp-topology').first();
      const host = figure.locator('.pp-node', { has: page.locator('text', { hasText: /^host/ }) });
      assert.match(await host.textContent(), /192\.0\.2\.2\/24/);
      assert.match(await figure.locator('desc').textContent(), /host: 192\.0\.2\.2\/24/);
      assertClean(problems);
      await page.close();
    },
  },
  {
    name: 'lesson pages with widgets: axe clean in light and dark, wide and 360 px, no sideways scroll',
    async run(ctx) {
      for (const slug of LESSONS) {
        for (const colorScheme of ['light', 'dark']) {
          for (const viewport of [
            { width: 1280, height: 900 },
            { width: 360, height: 740 },
          ]) {
            const { page, problems } = await ctx.open(`lessons/${slug}/`, {
              viewport,
              colorScheme,
            });
            const tracer = page.locator('.pp-tracer').first();
            await hydrated(page, tracer);
            await tracer.getByRole('button', { name: 'Trace' }).click();
            await tracer.locator('.pp-verdict').waitFor({ timeout: 10000 });
            await page.locator('.pp-terminal input').first().focus();
            const where = `${slug} ${colorScheme} ${viewport.width}`;
            assert.deepEqual(await ctx.axe(page), [], where);
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
            );
            assert.ok(overflow <= 0, `${where}: scrolls sideways by ${overflow}px`);
            assertClean(problems, where);
            await page.close();
          }
        }
      }
    },
  },
];
