/**
 * A shell on a fresh simulated host, with docker, kubectl, nft, tcpdump, conntrack and the
 * other programs of commands/lazy.ts loaded on demand: the browser's entry point. Await
 * ensureProgramsFor(line) before run(line) (a program the pre-scan misses starts loading when
 * the shell meets it: run the line again); engine/shell/index.ts is the same with every
 * program loaded up front.
 */
import { createShell, seededRandom, type Shell, type ShellOptions } from './session.ts';
import { wireEnginePrograms } from './world/programs.ts';
import { SimulatedWorld } from './world/simulatedWorld.ts';

export { createShell, seededRandom };
export { ensureProgramsFor, programLoadsSettled, type LoadFailure } from './commands/lazy.ts';
export type { Shell, ShellOptions };
export type { LineResult, RunResult } from './session.ts';
export type { CommandResult } from './types.ts';
export { SimulatedWorld } from './world/simulatedWorld.ts';
import type { TraceEvent } from '../trace/events.ts';
import type { ProbeLog } from './commands/probe/run.ts';

/** The trace events of the last probing command (ping, curl, nc), oldest first. */
export function lastProbeTrace(shell: { readonly world: SimulatedWorld }): readonly TraceEvent[] {
  return shell.world.peekState<ProbeLog>('probe-log')?.events ?? [];
}

export interface HostShellOptions {
  readonly history?: readonly string[];
  /** Clock for timestamps (iptables-save's header); a fixed date by default. */
  readonly now?: () => Date;
  readonly seed?: number;
}

/** A shell on a fresh simulated host. */
export function createHostShell(
  options: HostShellOptions = {},
): Shell & { readonly world: SimulatedWorld } {
  const now = options.now ?? (() => new Date(Date.UTC(2026, 0, 1)));
  const random = seededRandom(options.seed ?? 1);
  const world = new SimulatedWorld({ now, random }, wireEnginePrograms);
  const shell = createShell({ world, history: options.history, now, random });
  return { ...shell, world };
}
