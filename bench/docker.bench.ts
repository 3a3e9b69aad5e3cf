// dockerd 20.10 generator: daemon start, then 50 containers each publishing a port, as the
// shell would run them. Uses the generator's recording host (engine/generators/docker/testing)
// until the engine's iptables command is wired in; the figure is the generator's own cost plus
// that host's rule bookkeeping.
import type { BenchFigure } from './run.ts';
import { createDockerState, runDocker, runDockerd } from '../engine/generators/docker/index.ts';
import { fakeHost } from '../engine/generators/docker/testing/fakeHost.ts';

function once(): number {
  const state = createDockerState({ host: fakeHost(), seed: 1 });
  const t0 = performance.now();
  runDockerd(state, []);
  for (let i = 0; i < 50; i++) {
    const r = runDocker(state, ['run', '-d', '--name', `web${i}`, '-p', `${8000 + i}:80`, 'nginx']);
    if (r.exit !== 0) throw new Error(r.stderr);
  }
  return performance.now() - t0;
}

export default async (): Promise<BenchFigure[]> => {
  for (let i = 0; i < 3; i++) once();
  const runs = Array.from({ length: 10 }, once).sort((a, b) => a - b);
  return [
    {
      name: 'docker: dockerd start + 50 containers with -p (median)',
      value: runs[5] ?? 0,
      unit: 'ms',
      target: { max: 50 },
    },
  ];
};
