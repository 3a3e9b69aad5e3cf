// The lesson widgets' figures: the JavaScript each lesson page ships (gzip) before and after
// the engine is loaded (it loads on the first focus of a terminal, tracer or exercise), and on
// the lesson scenarios: terminal command -> output, a whole probe trace, and one trace step ->
// the data the tracer redraws. Uses dist/ as built (site.bench.ts builds it first; run
// `npm run build` before `npm run bench widgets`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchFigure } from './run.ts';
import { serveStatic } from '../tests/browser/lib/static-server.mjs';
import { launchBrowser } from '../tests/browser/lib/harness.mjs';
import { LessonShell } from '../components/widgets/lib/lessonShell.ts';
import type { ScenarioJson } from '../components/widgets/lib/lessonWorld.ts';
import { traceProbe } from '../components/widgets/lib/machine.ts';
import { stepView } from '../components/widgets/lib/traceSteps.ts';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, 'dist');
const LESSONS = ['bridge-vs-router', 'two-custom-bridges', 'router-component'];
const SCENARIOS = ['lesson-docker0', 'lesson-two-bridges', 'lesson-router'];
const FRAME_MS = 16;
const COMMANDS = [
  'iptables -S',
  'iptables -L FORWARD -v -n',
  'iptables -A FORWARD -i eth0 -p tcp --dport 8080 -j ACCEPT',
  'sysctl net.ipv4.ip_forward',
  'ip route get 192.0.2.1',
  'conntrack -L',
];

interface Browser {
  context: import('playwright-core').BrowserContext;
  close(): Promise<void>;
}

/** gzip KB of the scripts a lesson page runs: after scrolling (islands hydrate), then after
 * focusing the first terminal (the engine chunk loads). */
async function pageJs(browser: Browser, url: string): Promise<[number, number]> {
  const page = await browser.context.newPage();
  const bodies: Promise<Buffer>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() === 'script' && !res.url().includes('/pagefind/'))
      bodies.push(res.body());
  });
  await page.goto(url, { waitUntil: 'networkidle' });
  await page.evaluate(async () => {
    for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
      window.scrollTo(0, y);
      await new Promise((r) => setTimeout(r, 30));
    }
  });
  await page.waitForLoadState('networkidle');
  const gz = async () =>
    (await Promise.all(bodies))
      .map((b) => gzipSync(b, { level: 9 }).length)
      .reduce((a, b) => a + b, 0);
  const before = await gz();
  const engine = page.waitForResponse((r) => /\/machine\.[^/]*\.js$/.test(r.url()), {
    timeout: 15000,
  });
  await page.locator('.pp-terminal input').first().focus();
  await engine;
  await page.waitForLoadState('networkidle');
  const after = await gz();
  await page.close();
  return [before / 1024, after / 1024];
}

/** The sample below which `q` of them fall (0.5 median, 0.95 p95). */
function quantile(samples: number[], q: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * q))] ?? 0;
}

function timings(name: string): BenchFigure[] {
  const sc = JSON.parse(
    readFileSync(resolve(root, 'content/scenarios', `${name}.json`), 'utf8'),
  ) as ScenarioJson;
  const cmd: number[] = [];
  const probeCmd: number[] = [];
  const trace: number[] = [];
  const step: number[] = [];
  const build: number[] = [];
  // Round 0 warms the JIT up and is not counted (a learner's first command pays it once).
  for (let round = 0; round < 21; round++) {
    if (round === 1) for (const a of [cmd, probeCmd, trace, step, build]) a.length = 0;
    const t = performance.now();
    const sh = new LessonShell(sc);
    build.push(performance.now() - t);
    for (const c of COMMANDS) {
      const t0 = performance.now();
      sh.run(c);
      cmd.push(performance.now() - t0);
    }
    for (const p of sc.probes ?? []) {
      const t0 = performance.now();
      sh.run(`${p.from === sh.hostNs ? '' : `ip netns exec ${p.from} `}ping -c 1 ${p.dst}`);
      probeCmd.push(performance.now() - t0);
      const t1 = performance.now();
      const view = traceProbe(sh, p as unknown as Record<string, unknown>);
      trace.push(performance.now() - t1);
      for (let i = 0; i < view.steps.length; i++) {
        const t2 = performance.now();
        stepView(view.steps, i);
        step.push(performance.now() - t2);
      }
    }
  }
  const fig = (what: string, xs: number[], target?: number): BenchFigure[] => [
    { name: `${name}: ${what}, median`, value: quantile(xs, 0.5), unit: 'ms' },
    {
      name: `${name}: ${what}, p95`,
      value: quantile(xs, 0.95),
      unit: 'ms',
      ...(target ? { target: { max: target } } : {}),
    },
    { name: `${name}: ${what}, max`, value: quantile(xs, 1), unit: 'ms' },
  ];
  return [
    ...fig('build the lesson machine (first focus)', build),
    ...fig('terminal command -> output', cmd, FRAME_MS),
    ...fig('terminal ping (one probe) -> output', probeCmd, FRAME_MS),
    ...fig('trace a probe (engine + steps)', trace),
    ...fig('one trace step -> redraw data', step, FRAME_MS),
  ];
}

/** gzip KB of the engine chunk and of the programs it loads on demand (engine/shell/commands/lazy.ts). */
function chunkSizes(): BenchFigure[] {
  const dir = resolve(dist, '_astro');
  return readdirSync(dir)
    .filter((f) => /^(machine|docker|kubectl|nft)\.[^.]+\.js$/.test(f))
    .sort()
    .map((f) => ({
      name: `chunk ${f.split('.')[0]}${f.startsWith('machine') ? ' (the engine, first focus)' : ' (on demand)'}, gzip`,
      value: gzipSync(readFileSync(resolve(dir, f)), { level: 9 }).length / 1024,
      unit: 'KB',
    }));
}

export default async function widgetsBench(): Promise<BenchFigure[]> {
  const figures: BenchFigure[] = SCENARIOS.flatMap(timings);
  if (!existsSync(resolve(dist, 'lessons'))) {
    console.log('widgets bench: dist/ is not built; run `npm run build` for the page JS figures');
    return figures;
  }
  figures.push(...chunkSizes());
  const server = (await serveStatic(dist)) as { url: string; close(): Promise<void> };
  const browser = (await launchBrowser()) as Browser;
  try {
    for (const slug of LESSONS) {
      const [before, after] = await pageJs(browser, new URL(`lessons/${slug}/`, server.url).href);
      figures.push({
        name: `${slug}: JS shipped on load, gzip`,
        value: before,
        unit: 'KB',
        target: { max: 60 },
      });
      figures.push({
        name: `${slug}: JS after the engine loads (first focus), gzip`,
        value: after,
        unit: 'KB',
      });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}
