// Details of the lesson widgets found in review, each checked in the built site by keyboard:
// what a screen reader gets as control names, what the learner reads when nothing is answered
// yet, and that no trace step shows a placeholder like "undefined".
import assert from 'node:assert/strict';
import { assertClean } from './lib/harness.mjs';
import { CH1, hydrated, tabTo } from './lib/widgets.mjs';

export const tests = [
  {
    name: 'quiz: Check with nothing chosen or typed asks for an answer (not "Not quite", no answer given away); the number stands before the question; a long option wraps beside its radio',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const quiz = page.locator('.pp-quiz');
      await hydrated(page, quiz);
      const items = quiz.locator('.pp-questions > li');
      const choice = items.nth(0);
      await tabTo(page, choice.getByRole('button', { name: 'Check answer' }));
      await page.keyboard.press('Enter');
      const said = choice.locator('.pp-feedback');
      await said.getByText('Choose one of the answers first.').waitFor();
      assert.doesNotMatch(await said.innerText(), /Not quite/);
      const short = items.filter({ has: page.locator('input[type=text]') }).first();
      await tabTo(page, short.locator('input[type=text]'));
      await page.keyboard.press('Enter');
      const typed = short.locator('.pp-feedback');
      await typed.getByText('Type an answer first.').waitFor();
      assert.doesNotMatch(await typed.innerText(), /Not quite|bridge-nf-call-iptables/);
      assert.match(await quiz.locator('.pp-score').innerText(), /Score: 0 of/);
      // The question's number is part of the group's name, before the prompt.
      await quiz.getByRole('group', { name: /^1\. When docker0 passes a frame/ }).waitFor();
      const marker = await page.evaluate(
        () => window.getComputedStyle(document.querySelector('.pp-questions')).listStyleType,
      );
      assert.equal(marker, 'none', 'no list marker beside the first option');
      // At 360 px a long option wraps beside its radio button, every line right of it.
      await page.setViewportSize({ width: 360, height: 740 });
      const lines = await page.evaluate(() => {
        const label = document.querySelector('.pp-questions .pp-option');
        const radio = label.querySelector('input').getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(label);
        range.setStartAfter(label.querySelector('input'));
        return [...range.getClientRects()]
          .filter((r) => r.width > 0)
          .map((r) => Math.round(r.left - radio.right));
      });
      assert.ok(lines.length >= 2, `the first option wraps at 360 px (${lines.length} line)`);
      assert.ok(
        lines.every((gap) => gap >= 0),
        `a line starts under the radio: ${lines}`,
      );
      assertClean(problems);
      await page.close();
    },
  },
  {
    name: 'packet tracer: controls are named by their labels only; an empty destination is asked for; no step of a connection says "undefined"; the conntrack entry after MASQUERADE has the new reply tuple',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const tracer = page.locator('.pp-tracer').first();
      await hydrated(page, tracer);
      const probe = tracer.getByRole('combobox', { name: 'Probe', exact: true });
      await tabTo(page, probe);
      await probe.selectOption({ label: 'Compose your own…' });
      for (const name of ['From', 'Protocol'])
        assert.equal(await tracer.getByRole('combobox', { name, exact: true }).count(), 1, name);
      for (const name of ['To', 'Port'])
        assert.equal(await tracer.getByRole('textbox', { name, exact: true }).count(), 1, name);
      await tabTo(page, tracer.getByRole('button', { name: 'Trace' }));
      await page.keyboard.press('Enter');
      await tracer
        .locator('.pp-status')
        .getByText('Type the IPv4 address the packet goes to.')
        .waitFor();

      // A connection (SYN, SYN-ACK, ACK): the transport's own steps read as sentences.
      await tabTo(page, probe);
      await probe.selectOption({ label: 'c1->lan tcp/80 (routed, masqueraded)' });
      await tabTo(page, tracer.getByRole('button', { name: 'Trace' }));
      await page.keyboard.press('Enter');
      await tracer
        .locator('.pp-verdict')
        .waitFor({ timeout: 10000 })
        .catch(async (e) => {
          throw new Error(
            `${e.message}\nstatus: ${await tracer.locator('.pp-status').innerText()}`,
          );
        });
      const details = tracer.locator('.pp-details');
      // The path on the topology: c1 - docker0 - host - lan, three links lit.
      assert.equal(await tracer.locator('.pp-topology .pp-edge.pp-lit').count(), 3);
      assert.match(
        await tracer.locator('.pp-topology desc').textContent(),
        /The traced packet crossed c1, host, docker0, lan\./,
      );
      assert.match(await details.innerText(), /no bridge decision yet/);
      const total = Number(
        (await tracer.locator('.pp-step-n').innerText()).match(/of (\d+)/)?.[1] ?? 0,
      );
      assert.ok(total > 20, `a connection has many steps (${total})`);
      const forward = tracer.getByRole('button', { name: 'Forward' });
      await tabTo(page, forward);
      const seen = [];
      let ctAfterMasquerade = '';
      for (let i = 1; i < total; i++) {
        await page.keyboard.press('Enter');
        const text = await tracer.locator('.pp-step').innerText();
        seen.push(text);
        if (/\bMASQUERADE: orig/.test(text))
          ctAfterMasquerade = await details.locator('dt:text-is("Conntrack") + dd').innerText();
      }
      // The entry shown is the one conntrack now holds: its reply tuple goes to the host's address.
      assert.match(ctAfterMasquerade, /reply 192\.0\.2\.10:80 > 192\.0\.2\.2:\d+ \(MASQUERADE\)/);
      const bad = seen.filter((t) => /undefined|NaN|\[object/.test(t));
      assert.deepEqual(bad, [], 'steps with a placeholder');
      assert.ok(
        seen.some((t) => /In lan: listener on port 80/.test(t)),
        'the listener answering is a step',
      );
      assertClean(problems);
      await page.close();
    },
  },
  {
    name: 'packet tracer: Play from the last step starts over; Pause says where it stopped',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const tracer = page.locator('.pp-tracer').first();
      await hydrated(page, tracer);
      await tabTo(page, tracer.getByRole('button', { name: 'Trace' }));
      await page.keyboard.press('Enter');
      await tracer.locator('.pp-verdict').waitFor({ timeout: 10000 });
      const step = tracer.locator('.pp-step');
      const total = Number((await step.innerText()).match(/of (\d+)/)?.[1] ?? 0);
      await tabTo(page, tracer.getByRole('button', { name: 'Forward' }));
      for (let i = 1; i < total; i++) await page.keyboard.press('Enter');
      assert.match(await step.innerText(), new RegExp(`^Step ${total} of ${total}`));
      await tabTo(page, tracer.getByRole('button', { name: 'Play' }));
      await page.keyboard.press('Enter');
      const pause = tracer.getByRole('button', { name: 'Pause' });
      await pause.waitFor();
      await page.waitForFunction(
        (el) => /^Step [2-9] of/.test(el.textContent ?? ''),
        await step.elementHandle(),
      );
      await page.keyboard.press('Enter');
      await tracer.getByRole('button', { name: 'Play' }).waitFor();
      const where = (await step.innerText()).match(/^Step (\d+) of/)?.[1];
      await tracer
        .locator('.pp-status')
        .getByText(new RegExp(`^Paused at step ${where} of ${total}: `))
        .waitFor();
      assertClean(problems);
      await page.close();
    },
  },
  {
    name: 'terminal at 360 px: Tab candidates wrap between names, never inside one at a hyphen',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1, { viewport: { width: 360, height: 740 } });
      const term = page.locator('.pp-terminal').first();
      await hydrated(page, term);
      const input = term.locator('input');
      await tabTo(page, input);
      await page.keyboard.type('iptables-');
      await page.keyboard.press('Tab');
      const words = term.locator('.pp-term-info .pp-word', { hasText: 'iptables-legacy-restore' });
      await words.first().waitFor();
      const lines = await term
        .locator('.pp-term-info')
        .last()
        .locator('.pp-word')
        .evaluateAll((els) => els.map((el) => [el.textContent, el.getClientRects().length]));
      assert.ok(lines.length > 3, 'candidates listed');
      assert.deepEqual(
        lines.filter(([, rects]) => rects !== 1),
        [],
        'a candidate split over two lines',
      );
      assertClean(problems);
      await page.close();
    },
  },
  {
    name: 'terminal: the status says what each Tab did (candidates, the completed word, or none)',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const term = page.locator('.pp-terminal').first();
      await hydrated(page, term);
      const input = term.locator('input');
      const status = term.locator('.pp-status');
      await tabTo(page, input);
      await page.keyboard.type('ip netns exec c');
      await page.keyboard.press('Tab');
      await status.getByText('2 completions: c1, c2').waitFor();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('sysctl -w net.ipv4.ip_f');
      await page.keyboard.press('Tab');
      await status.getByText('Completed: net.ipv4.ip_forward').waitFor();
      await page.keyboard.press('Control+a');
      await page.keyboard.type('iptables -L NOSUCH');
      await page.keyboard.press('Tab');
      await status.getByText('No completion').waitFor();
      assert.equal(await input.inputValue(), 'iptables -L NOSUCH');
      assertClean(problems);
      await page.close();
    },
  },
  {
    name: 'terminal: a here-document recalled with Up shows its line breaks as marks, and runs as it was, also after an edit',
    async run(ctx) {
      const { page, problems } = await ctx.open(CH1);
      const term = page.locator('.pp-terminal').first();
      await hydrated(page, term);
      const input = term.locator('input');
      await tabTo(page, input);
      const doc = [
        'iptables-restore -n <<EOF',
        '*filter',
        '-A FORWARD -s 10.9.9.9 -j DROP',
        'COMMIT',
        'EOF',
      ];
      for (const line of doc) {
        await page.keyboard.type(line);
        await page.keyboard.press('Enter');
      }
      await page.keyboard.press('ArrowUp');
      assert.equal(await input.inputValue(), doc.join('⏎'));
      // An edit (type, then take it back) keeps the marks, so the command still runs whole.
      await page.keyboard.type('x');
      await page.keyboard.press('Backspace');
      await page.keyboard.press('Enter');
      await page.keyboard.type('iptables -S FORWARD');
      await page.keyboard.press('Enter');
      const log = term.locator('.pp-term-log');
      await log.getByText('iptables -S FORWARD').waitFor();
      const text = await log.innerText();
      assert.equal(text.match(/-A FORWARD -s 10\.9\.9\.9\/32 -j DROP/g)?.length, 2, text);
      assert.match(
        text,
        /<<EOF\n> \*filter\n> -A FORWARD -s 10\.9\.9\.9 -j DROP\n> COMMIT\n> EOF\n/,
      );
      assertClean(problems);
      await page.close();
    },
  },
];
