/**
 * The simulated shell's public API, for the terminal widget and `packetpath exec`:
 *
 *   const shell = createHostShell({ history, now, seed });  // a fresh host: lo (up) only,
 *                                                            // a new namespace's defaults
 *   shell.needsMore('cat <<EOF');     // true: the input stops inside a quote, here-document or
 *                                     // after && / | : show PS2 ('> ') and append the next line
 *   const r = shell.run(text);        // { exit, stdout, stderr, clear, exited }: clear = wipe
 *                                     // the screen first; exited = `exit` ran
 *   shell.runLines(text);             // one { cmd, exit, stdout, stderr } per command line
 *   shell.history();                  // lines entered, oldest first (to persist and restore)
 *   shell.world.engine;               // the engine's World (namespaces, devices, rulesets) to draw
 *   lastProbeTrace(shell);            // trace events of the last ping/curl/nc, for the tracer
 *
 * Deterministic: the same lines with the same options give the same output, byte for byte.
 */
import { createShell, seededRandom, type Shell, type ShellOptions } from './session.ts';
import { wireEnginePrograms } from './world/programs.ts';
import { SimulatedWorld } from './world/simulatedWorld.ts';

export { createShell, seededRandom };
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
