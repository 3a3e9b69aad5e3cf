// The lesson widgets' figures. Per lesson page, the JavaScript it ships (gzip): on load; after
// a learner used its widgets (the commands its text shows typed in the terminal, a trace, the
// exercise checked: the engine chunk and what those commands load on demand), against the
// 60 KB target; and the worst case, every on-demand program loaded (not counted). Then the
// engine's and each on-demand chunk's size (scripts/chunk-sizes.ts attributes them to
// modules), and, on the lesson scenarios: terminal command -> output, a whole probe trace,
// and one trace step -> the data the tracer redraws. Uses dist/ as built (site.bench.ts builds
// it first; run `npm run build` before `npm run bench widgets`), or PACKETPATH_DIST.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BenchFigure } from './run.ts';
import { serveStatic } from '../tests/browser/lib/static-server.mjs';
import { launchBrowser } from '../tests/browser/lib/harness.mjs';
import {
  chunkNamed,
  chunksGzipKb,
  engineChunks,
  fullClosure,
  gzipKb,
  hydrateAll,
  lessonCommands,
  recordScripts,
  staticClosure,
  useWidgets,
} from '../tests/browser/lib/lessonJs.mjs';
import { LessonShell, loadProgramsFor } from '../components/widgets/lib/lessonShell.ts';
import type { ScenarioJson } from '../components/widgets/lib/lessonWorld.ts';
import { traceProbe } from '../components/widgets/lib/machine.ts';
import { stepView } from '../components/widgets/lib/traceSteps.ts';

const root = resolve(import.meta.dirname, '..');
const dist = resolve(root, process.env.PACKETPATH_DIST ?? 'dist');
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

interface PageJs {
  /** gzip KB after scrolling through the page (the islands hydrate). */
  readonly onLoad: number;
  /** gzip KB once every widget was used: the lesson's commands typed, traced, checked. */
  readonly firstUse: number;
  /** gzip KB if the learner also ran every program that loads on demand. */
  readonly worstCase: number;
}

/** The JavaScript a lesson page ships (tests/browser/lib/lessonJs.mjs drives the page). */
async function pageJs(browser: Browser, url: string, slug: string): Promise<PageJs> {
  const page = await browser.context.newPage();
  const scripts = recordScripts(page);
  await page.goto(url, { waitUntil: 'networkidle' });
  await hydrateAll(page);
  const onLoad = await gzipKb([...scripts]);
  const onLoadNames = scripts.map((s) => s.name);
  await useWidgets(page, lessonCommands(slug));
  const firstUse = await gzipKb(scripts);
  await page.close();
  const all = new Set([...onLoadNames, ...fullClosure(dist, chunkNamed(dist, 'machine'))]);
  return { onLoad, firstUse, worstCase: chunksGzipKb(dist, all) };
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

/** gzip KB of the engine (its chunk and what that imports statically) and of each chunk it
 * loads on demand (engine/shell/commands/lazy.ts). scripts/chunk-sizes.ts says which modules
 * weigh what. */
function chunkSizes(): BenchFigure[] {
  const machine = chunkNamed(dist, 'machine');
  const engine = engineChunks(dist);
  const first = staticClosure(dist, machine);
  const lazy = [...fullClosure(dist, machine)].filter((f) => !first.has(f)).sort();
  return [
    {
      name: `engine: ${[...engine].map((f) => f.split('.')[0]).join(' + ')} (first use), gzip`,
      value: chunksGzipKb(dist, engine),
      unit: 'KB',
    },
    ...lazy.map((f) => ({
      name: `chunk ${f.replace(/\.[\w-]+\.js$/, '')} (on demand), gzip`,
      value: chunksGzipKb(dist, [f]),
      unit: 'KB',
    })),
  ];
}

export default async function widgetsBench(): Promise<BenchFigure[]> {
  // As the terminal does before a line: conntrack's code loads on demand.
  const loadError = await loadProgramsFor(COMMANDS.join('\n'));
  if (loadError) throw new Error(loadError);
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
      const js = await pageJs(browser, new URL(`lessons/${slug}/`, server.url).href, slug);
      figures.push(
        { name: `${slug}: JS on load, gzip`, value: js.onLoad, unit: 'KB' },
        {
          name: `${slug}: JS after first use of its widgets, gzip`,
          value: js.firstUse,
          unit: 'KB',
          target: { max: 60 },
        },
        {
          name: `${slug}: JS with every program loaded (not counted), gzip`,
          value: js.worstCase,
          unit: 'KB',
        },
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return figures;
}
