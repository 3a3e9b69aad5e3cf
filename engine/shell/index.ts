/**
 * The simulated shell's public API, for the terminal widget and `packetpath exec`:
 *
 *   const shell = createHostShell();          // a fresh host: lo only, new-namespace defaults
 *   const r = shell.run('iptables -S');       // { exit, stdout, stderr, clear }
 *   shell.needsMore('cat <<EOF');             // true: keep reading lines (PS2 '> ')
 *   shell.runLines(text);                     // one { cmd, exit, stdout, stderr } per line
 */
import { createShell, seededRandom, type Shell, type ShellOptions } from './session.ts';
import { wireEnginePrograms } from './world/programs.ts';
import { SimulatedWorld } from './world/simulatedWorld.ts';

export { createShell, seededRandom };
export type { Shell, ShellOptions };
export type { LineResult, RunResult } from './session.ts';
export type { CommandResult } from './types.ts';
export { SimulatedWorld } from './world/simulatedWorld.ts';

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
