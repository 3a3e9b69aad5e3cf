// dockerd 20.10 generator: daemon start, then 50 containers each publishing a port, as the
// shell would run them: every iptables argv dockerd issues (-C checks included) goes through
// the engine's real iptables command; links and sysctls through the generator's recording host.
// Target: a lesson that replays all of it stays well inside an interactive quarter second.
import type { BenchFigure } from './run.ts';
import { createDockerState, runDocker, runDockerd } from '../engine/generators/docker/index.ts';
import { engineHost } from '../engine/generators/docker/testing/engineHost.ts';

function once(): { total: number; calls: number } {
  const host = engineHost();
  let calls = 0;
  const counting = {
    ...host,
    iptables: (argv: readonly string[]) => (calls++, host.iptables(argv)),
  };
  const state = createDockerState({ host: counting, seed: 1 });
  const t0 = performance.now();
  runDockerd(state, []);
  for (let i = 0; i < 50; i++) {
    const r = runDocker(state, ['run', '-d', '--name', `web${i}`, '-p', `${8000 + i}:80`, 'nginx']);
    if (r.exit !== 0) throw new Error(r.stderr);
  }
  return { total: performance.now() - t0, calls };
}

export default async (): Promise<BenchFigure[]> => {
  for (let i = 0; i < 3; i++) once();
  const runs = Array.from({ length: 10 }, once).sort((a, b) => a.total - b.total);
  const median = runs[5] ?? { total: 0, calls: 0 };
  return [
    {
      name: 'docker: dockerd start + 50 containers with -p (median)',
      value: median.total,
      unit: 'ms',
      target: { max: 250 },
    },
    { name: 'docker: iptables invocations for the above', value: median.calls, unit: 'calls' },
  ];
};
