// Helpers shared by the widget browser tests: the lesson pages, their quiz/exercise exports,
// keyboard-only focus moves and waiting for an island to hydrate.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { lessonExports } from '../../../components/widgets/lib/lessonExports.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
export const LESSONS = ['bridge-vs-router', 'two-custom-bridges', 'router-component'];
export const CH1 = 'lessons/bridge-vs-router/';

export function lessonData(slug) {
  return lessonExports(readFileSync(resolve(ROOT, 'content/lessons', `${slug}.mdx`), 'utf8'));
}

/** Moves focus with Tab until `locator` has it (keyboard only); fails after `max` presses. */
export async function tabTo(page, locator, max = 200) {
  const handle = await locator.elementHandle();
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((el) => document.activeElement === el, handle)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('could not reach the control with Tab');
}

export async function hydrated(page, root) {
  await root.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    (el) => !el.closest('astro-island')?.hasAttribute('ssr'),
    await root.elementHandle(),
  );
}

export async function typeCommand(page, input, line) {
  await tabTo(page, input);
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}
