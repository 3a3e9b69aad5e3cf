import type { CliIO } from './io.ts';

/** One `packetpath` subcommand. `run` returns the exit code. */
export interface Subcommand {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIO): Promise<number>;
}

/**
 * The registry of subcommands. Each lives in its own module under cli/commands and is
 * loaded lazily so `packetpath --help` does not pay for the engine.
 */
export const SUBCOMMANDS: ReadonlyArray<{
  name: string;
  summary: string;
  load: () => Promise<Subcommand>;
}> = [
  {
    name: 'verify',
    summary: 'replay a scenario on real network namespaces and diff it with the engine',
    load: async () => (await import('./commands/verify.ts')).default,
  },
  {
    name: 'exec',
    summary: 'run shell command lines from stdin in a fresh simulated host',
    load: async () => (await import('./commands/exec.ts')).default,
  },
  {
    name: 'trace',
    summary:
      'run a scenario JSON through the simulated kernel and print the result (the shape of the kernel recordings)',
    load: async () => (await import('./commands/trace.ts')).default,
  },
  {
    name: 'kube-proxy',
    summary:
      'print the iptables rules kube-proxy (iptables mode) writes for Services and EndpointSlices',
    load: async () => (await import('./commands/kubeProxy.ts')).default,
  },
];
