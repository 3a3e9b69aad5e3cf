/**
 * Probes from the shell: one connection attempt through the engine's packet path
 * (engine/scenario probe), from the namespace the command runs in. Conntrack is kept between
 * commands, as on a real host; each probing command's packets are kept for `tcpdump`.
 */
import { probe, type ProbeResult, type ProbeSpec } from '../../../scenario/index.ts';
import type { TraceEvent } from '../../../trace/events.ts';
import type { CommandContext } from '../../types.ts';

export interface ProbeLog {
  events: TraceEvent[];
  count: number;
}

export function probeLog(ctx: CommandContext): ProbeLog {
  return ctx.shell.world.globalState<ProbeLog>('probe-log', () => ({ events: [], count: 0 }));
}

/** Starts a new capture window: tcpdump shows the packets of the last probing command. */
export function newCapture(ctx: CommandContext): void {
  probeLog(ctx).events = [];
}

export type ShellProbe = Omit<ProbeSpec, 'from' | 'keepConntrack'>;

export function runProbe(ctx: CommandContext, spec: ShellProbe): ProbeResult {
  const log = probeLog(ctx);
  log.count++;
  const engineWorld = (ctx.shell.world as unknown as { engine?: Parameters<typeof probe>[0] })
    .engine;
  if (!engineWorld) throw new Error('this world has no packet path');
  const full: ProbeSpec = { ...spec, from: ctx.ns.key, keepConntrack: true };
  const { result, trace } = probe(engineWorld, full, log.count);
  log.events.push(...trace);
  return result;
}

/** A dotted IPv4 address, the only kind of host the simulated tools resolve. */
export function isIpv4(text: string): boolean {
  return (
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text) &&
    text.split('.').every((o) => Number(o) <= 255)
  );
}
