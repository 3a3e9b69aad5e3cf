// The course shell in a real browser: pages load cleanly, navigation, search, progress,
// accessibility (axe), keyboard skip link, phone width, theme, and what JavaScript ships.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { assertClean } from './lib/harness.mjs';

const LESSON = 'lessons/bridge-vs-router/';

/** @type {{ name: string, run: (ctx: any) => Promise<void> }[]} */
export const tests = [
  {
    name: 'every page loads with no console error and no request to another origin',
    async run(ctx) {
      assert.ok(ctx.pages.includes('') && ctx.pages.includes(LESSON), `pages: ${ctx.pages}`);
      for (const path of ctx.pages) {
        const { page, problems } = await ctx.open(path);
        await page.waitForLoadState('networkidle');
        assert.ok((await page.locator('h1').count()) === 1, `${path}: exactly one h1`);
        assertClean(problems, path || '/');
        await page.close();
      }
    },
  },
  {
    name: 'every internal link on every page answers 200',
    async run(ctx) {
      const seen = new Set();
      for (const path of ctx.pages) {
        const { page } = await ctx.open(path);
        const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.href));
        for (const href of hrefs) {
          const u = new URL(href);
          assert.equal(u.origin, ctx.origin, `${path}: link leaves the site: ${href}`);
          const target = u.origin + u.pathname;
          if (seen.has(target)) continue;
          seen.add(target);
          const res = await page.request.get(target);
          assert.equal(res.status(), 200, `${path}: ${href} answers ${res.status()}`);
        }
        await page.close();
      }
    },
  },
  {
    name: 'home lists the 12 chapters in order; unwritten ones are upcoming, not links',
    async run(ctx) {
      const { page, problems } = await ctx.open('');
      const items = page.locator('ol.chapters > li');
      assert.equal(await items.count(), 12);
      const titles = await items.locator('h3').allInnerTexts();
      assert.equal(titles[0], 'Fundamentals: Bridge vs Router');
      assert.equal(titles[11], 'Summary and Reference Tables');
      assert.equal(await items.nth(0).locator('a').count(), 1);
      for (let i = 1; i < 12; i++) {
        if ((await items.nth(i).locator('a').count()) === 0) {
          assert.match(await items.nth(i).innerText(), /Upcoming/);
        }
      }
      assertClean(problems);
    },
  },
  {
    name: 'navigation: home → lesson, sidebar marks the current chapter, TOC links to headings',
    async run(ctx) {
      const { page, problems } = await ctx.open('');
      await page.getByRole('link', { name: 'Fundamentals: Bridge vs Router' }).click();
      await page.waitForURL(`**/${LESSON}`);
      assert.equal(await page.locator('h1').innerText(), 'Fundamentals: Bridge vs Router');
      const current = page.locator('.chapters-full [aria-current="page"]');
      assert.match(await current.innerText(), /Bridge vs Router/);
      const tocLink = page.locator('.toc-side a').nth(1);
      const target = (await tocLink.getAttribute('href')) ?? '';
      await tocLink.click();
      assert.ok(page.url().endsWith(target), `hash ${target} in ${page.url()}`);
      assert.equal(await page.locator(target).count(), 1, `heading ${target} exists`);
      const next = page.locator('nav.prev-next .next');
      assert.match(await next.innerText(), /Two Custom Bridges/);
      await page.getByRole('link', { name: 'Packet Path' }).click();
      await page.waitForURL(ctx.siteUrl);
      assertClean(problems);
    },
  },
  {
    name: 'search: the dialog loads Pagefind on demand and finds the lesson',
    async run(ctx) {
      const { page, problems } = await ctx.open(LESSON);
      const pagefindRequests = [];
      page.on('request', (r) => r.url().includes('/pagefind/') && pagefindRequests.push(r.url()));
      await page.waitForLoadState('networkidle');
      assert.equal(pagefindRequests.length, 0, 'no Pagefind request before search opens');
      await page.getByRole('button', { name: 'Search' }).click();
      const input = page.getByLabel('Words to find');
      assert.ok(await input.evaluate((el) => el === document.activeElement), 'focus in input');
      await input.fill('br_netfilter');
      const chapter1 = page.locator('#search-results a', { hasText: 'Bridge vs Router' });
      await chapter1.waitFor({ timeout: 10000 });
      assert.match(await page.locator('#search-status').innerText(), /result/);
      await input.fill('forwarded');
      await page.waitForFunction(() =>
        [...document.querySelectorAll('#search-results mark')].some((m) =>
          /forward/i.test(m.textContent ?? ''),
        ),
      );
      // Highlighted words keep their spaces: no text runs straight into or out of a <mark>.
      const html = await page.locator('#search-results').innerHTML();
      assert.doesNotMatch(html, /<\/mark>[A-Za-z0-9]|[A-Za-z0-9]<mark>/, html);
      await input.press('Enter');
      // Enter re-runs the search before moving focus (search-client.ts), so wait for it.
      await page
        .waitForFunction(
          () => document.activeElement?.getAttribute('href')?.includes('/lessons/'),
          undefined,
          { timeout: 5000 },
        )
        .catch(() => undefined);
      const focusedHref = await page.evaluate(() => document.activeElement?.getAttribute('href'));
      assert.ok(
        focusedHref?.includes('/lessons/'),
        `Enter focuses the first result (${focusedHref})`,
      );
      assert.ok(await page.locator('#search-dialog').evaluate((d) => d.open), 'still open');
      await input.fill('zzzznotaword');
      await page.getByText(/No lessons mention/).waitFor();
      await input.fill('bridge');
      await chapter1.waitFor();
      await chapter1.click();
      await page.waitForURL(`**/${LESSON}**`);
      assert.ok(pagefindRequests.length > 0, 'Pagefind loaded once the dialog opened');
      await page.keyboard.press('/');
      assert.ok(await page.locator('#search-dialog').evaluate((d) => d.open), '/ opens search');
      await page.keyboard.press('Escape');
      assert.ok(!(await page.locator('#search-dialog').evaluate((d) => d.open)), 'Esc closes');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('button', { name: 'Close search' }).click();
      assert.ok(!(await page.locator('#search-dialog').evaluate((d) => d.open)), 'Close closes');
      assertClean(problems);
    },
  },
  {
    name: 'axe reports no violations on any page, light and dark, wide and 360 px',
    async run(ctx) {
      for (const path of ctx.pages) {
        for (const colorScheme of ['light', 'dark']) {
          for (const viewport of [
            { width: 1280, height: 800 },
            { width: 360, height: 740 },
          ]) {
            const { page, problems } = await ctx.open(path, { colorScheme, viewport });
            const theme = await page.evaluate(() => document.documentElement.dataset.theme);
            assert.equal(theme, colorScheme, 'theme follows the system');
            const violations = await ctx.axe(page);
            assert.deepEqual(violations, [], `${path || '/'} ${colorScheme} ${viewport.width}px`);
            assertClean(problems);
            await page.close();
          }
        }
      }
      // And with the search dialog open.
      const { page } = await ctx.open(LESSON);
      await page.getByRole('button', { name: 'Search' }).click();
      await page.getByLabel('Words to find').fill('iptables');
      await page.locator('#search-results a').first().waitFor();
      assert.deepEqual(await ctx.axe(page), [], 'search dialog');
    },
  },
  {
    name: 'progress: visited and completed survive a reload and show on the home page',
    async run(ctx) {
      const { page, problems } = await ctx.open(LESSON);
      const button = page.locator('[data-progress-complete]');
      assert.equal(await button.getAttribute('aria-pressed'), 'false');
      await page.goto(ctx.url(''));
      assert.equal(
        await page.locator('[data-progress-status="bridge-vs-router"]').innerText(),
        'In progress',
      );
      await page.goto(ctx.url(LESSON));
      await button.click();
      assert.equal(await button.getAttribute('aria-pressed'), 'true');
      await page.reload();
      assert.equal(await button.getAttribute('aria-pressed'), 'true', 'completed after reload');
      await page.goto(ctx.url(''));
      assert.match(
        await page.locator('[data-progress-status="bridge-vs-router"]').innerText(),
        /Completed/,
      );
      assert.equal(
        await page.locator('[data-progress-summary]').innerText(),
        '1 of 12 chapters completed',
      );
      // Quiz scores and solved exercises (recorded by widgets through the same store) show too.
      await page.evaluate(() => {
        const p = JSON.parse(localStorage.getItem('packetpath:progress') ?? '{}');
        p.lessons['bridge-vs-router'].quizzes = { 'bridge-vs-router': { score: 4, max: 6 } };
        p.lessons['bridge-vs-router'].exercises = { 'icc-web-only': true };
        localStorage.setItem('packetpath:progress', JSON.stringify(p));
      });
      await page.reload();
      const detail = await page.locator('[data-progress-detail="bridge-vs-router"]').textContent();
      assert.equal(detail?.trim(), '· quiz 4/6 · 1 exercise solved');
      assertClean(problems);
    },
  },
  {
    name: 'progress: a corrupted or foreign stored value is reset without errors; other keys kept',
    async run(ctx) {
      for (const bad of ['{not json', '{"version":42,"lessons":{}}', '[]', '"x"']) {
        const { page, problems } = await ctx.open('');
        await page.evaluate((v) => {
          localStorage.setItem('packetpath:progress', v);
          localStorage.setItem('other-app', 'untouched');
        }, bad);
        await page.goto(ctx.url(LESSON));
        await page.locator('[data-progress-complete]').click();
        await page.reload();
        const state = await page.evaluate(() => ({
          progress: JSON.parse(localStorage.getItem('packetpath:progress') ?? 'null'),
          other: localStorage.getItem('other-app'),
        }));
        assert.equal(state.other, 'untouched', `other key kept after ${bad}`);
        assert.equal(state.progress.version, 1);
        assert.equal(state.progress.lessons['bridge-vs-router'].completed, true);
        assertClean(problems, `stored ${bad}`);
        await page.evaluate(() => localStorage.clear());
        await page.close();
      }
    },
  },
  {
    name: 'keyboard: the first Tab reaches the skip link, which moves focus to the content',
    async run(ctx) {
      for (const path of ['', LESSON]) {
        const { page, problems } = await ctx.open(path);
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => document.activeElement?.textContent?.trim());
        assert.equal(focused, 'Skip to content');
        assert.ok(await page.locator('.skip-link').isVisible(), 'skip link visible when focused');
        await page.keyboard.press('Enter');
        assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
        await page.keyboard.press('Tab');
        const inside = await page.evaluate(() => !!document.activeElement?.closest('#main'));
        assert.ok(inside, 'next Tab stays in the content');
        assertClean(problems);
        await page.close();
      }
    },
  },
  {
    name: 'theme: the toggle switches, is remembered across reloads, and beats the system',
    async run(ctx) {
      const { page, problems } = await ctx.open(LESSON, { colorScheme: 'light' });
      const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
      assert.equal(await theme(), 'light');
      const toggle = page.locator('#theme-toggle');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
      await toggle.click();
      assert.equal(await theme(), 'dark');
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
      await page.reload();
      assert.equal(await theme(), 'dark', 'remembered');
      // No flash: the theme is applied by a classic inline script in <head>, which runs
      // before <body> is parsed, so the first paint already has it.
      const first = await page.evaluate(() => {
        const s = document.head.querySelector('script');
        return { inline: !!s && !s.src && !s.type, text: s?.textContent ?? '' };
      });
      assert.ok(
        first.inline && first.text.includes('packetpath:theme'),
        'theme script first in head',
      );
      const bg = await page.evaluate(() => window.getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, 'rgb(15, 17, 21)');
      assertClean(problems);
    },
  },
  {
    name: 'print: only the lesson prints, code in light colours on white',
    async run(ctx) {
      const { page, problems } = await ctx.open(LESSON, { colorScheme: 'dark' });
      await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
      for (const hidden of ['.site-header', '.sidebar', '.toc-side', '.prev-next', '.complete']) {
        assert.equal(await page.locator(hidden).isVisible(), false, `${hidden} hidden in print`);
      }
      assert.ok(await page.locator('article h1').isVisible());
      const colours = await page.evaluate(() => ({
        body: window.getComputedStyle(document.body).backgroundColor,
        code: window.getComputedStyle(
          document.querySelector('pre.astro-code span span') ?? document.body,
        ).color,
      }));
      assert.equal(colours.body, 'rgb(255, 255, 255)');
      assert.notEqual(
        colours.code,
        'rgb(240, 243, 246)',
        'code is not in the dark theme foreground',
      );
      const pdf = await page.pdf({ format: 'A4' });
      assert.ok(pdf.length > 10000, 'prints to PDF');
      assertClean(problems);
    },
  },
  {
    name: 'diagrams: every figure SVG has a title and description and text of 11 px or more at 360 px',
    async run(ctx) {
      for (const path of ctx.pages.filter((p) => p.startsWith('lessons/'))) {
        const { page, problems } = await ctx.open(path, { viewport: { width: 360, height: 740 } });
        const figures = await page.$$eval('figure.diagram svg', (svgs) =>
          svgs.map((svg) => {
            const id = (attr) =>
              (svg.getAttribute('aria-labelledby') ?? '').split(/\s+/).includes(attr ?? '#');
            const title = svg.querySelector('title');
            const desc = svg.querySelector('desc');
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            const sizes = [...svg.querySelectorAll('text')].map(
              (t) => parseFloat(window.getComputedStyle(t).fontSize) * scale,
            );
            return {
              label: title?.textContent?.trim() ?? '(no title)',
              role: svg.getAttribute('role'),
              titled: !!title?.textContent?.trim() && id(title.id),
              described: (desc?.textContent?.trim().length ?? 0) > 40 && id(desc?.id),
              smallest: Math.min(...sizes),
            };
          }),
        );
        if (path === LESSON)
          assert.ok(figures.length >= 3, `chapter 1 has ${figures.length} figures`);
        for (const f of figures) {
          assert.equal(f.role, 'img', `${path} ${f.label}: role=img`);
          assert.ok(f.titled && f.described, `${path} ${f.label}: <title> and <desc> labelled`);
          assert.ok(
            f.smallest >= 11,
            `${path} ${f.label}: text ${f.smallest.toFixed(1)} px at 360 px`,
          );
        }
        assertClean(problems);
        await page.close();
      }
    },
  },
  {
    name: 'at 360 px no page scrolls sideways',
    async run(ctx) {
      for (const path of ctx.pages) {
        const { page, problems } = await ctx.open(path, { viewport: { width: 360, height: 740 } });
        const { scroll, client } = await page.evaluate(() => ({
          scroll: document.documentElement.scrollWidth,
          client: document.documentElement.clientWidth,
        }));
        assert.ok(scroll <= client, `${path || '/'}: scrollWidth ${scroll} > ${client}`);
        const compact = page.locator('.chapters-compact summary');
        if ((await compact.count()) > 0) await compact.click();
        const after = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.ok(after <= client, `${path || '/'}: chapter list overflows (${after})`);
        assertClean(problems);
        await page.close();
      }
    },
  },
  {
    name: 'a page with no widget ships only the site script (search + progress), no framework',
    async run(ctx) {
      for (const path of ctx.pages) {
        const { page } = await ctx.open(null);
        const scripts = [];
        page.on('response', (r) => {
          if (r.request().resourceType() === 'script') scripts.push(r);
        });
        await page.goto(ctx.url(path));
        await page.waitForLoadState('networkidle');
        if ((await page.locator('astro-island').count()) > 0) continue;
        let gzipBytes = 0;
        for (const res of scripts) {
          const name = new URL(res.url()).pathname.split('/').pop() ?? '';
          assert.doesNotMatch(
            name,
            /^(client|preact|signals|hooks)\b|\.module\./,
            `${path}: ${name}`,
          );
          gzipBytes += gzipSync(await res.body()).length;
        }
        assert.ok(gzipBytes <= 8 * 1024, `${path}: ${gzipBytes} bytes of gzip JS (budget 8 KB)`);
        await page.close();
      }
    },
  },
];
