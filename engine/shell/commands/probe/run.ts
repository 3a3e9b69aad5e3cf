/**
 * Probes from the shell: one connection attempt through the engine's packet path
 * (engine/scenario probe), from the namespace the command runs in. Conntrack is kept between
 * commands, as on a real host; each probing command's packets are kept for `tcpdump`.
 */
import type { DockerState } from '../../../generators/docker/index.ts';
import { parseIpv4 } from '../../../packet/ipv4.ts';
import { probe, type ProbeResult, type ProbeSpec } from '../../../scenario/index.ts';
import type { ListenSpec } from '../../../scenario/types.ts';
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

export type ShellProbe = Omit<ProbeSpec, 'from' | 'keepConntrack' | 'listen'>;

type EngineWorld = Parameters<typeof probe>[0];

/**
 * Who accepts a TCP/UDP probe: a server is assumed on the namespace owning the destination
 * address (as scenario probes assume), plus, for ports a running container publishes, the
 * container's own server on its port (what DNAT leads to). No owner: nobody listens.
 */
function listeners(ctx: CommandContext, world: EngineWorld, spec: ShellProbe): ListenSpec[] {
  if (spec.proto === 'icmp' || spec.dport === undefined) return [];
  const dst = parseIpv4(spec.dst);
  const out: ListenSpec[] = [];
  const owner = [...world.namespaces.values()].find(
    (ns) => dst !== undefined && ns.isLocalAddress(dst),
  );
  if (owner) out.push({ ns: owner.name, port: spec.dport });
  const docker = ctx.shell.world.peekState<DockerState>('docker');
  for (const c of docker?.containers ?? []) {
    if (c.status !== 'running' || c.sandbox === undefined) continue;
    for (const p of c.publish) {
      const [lo, hi] = p.hostPort.split('-').map(Number);
      if (p.proto !== spec.proto || lo === undefined || spec.dport < lo || spec.dport > (hi ?? lo))
        continue;
      const port = p.port + (spec.dport - lo);
      if (!out.some((l) => l.ns === c.sandbox && l.port === port))
        out.push({ ns: c.sandbox, port });
    }
  }
  return out;
}

export function runProbe(ctx: CommandContext, spec: ShellProbe): ProbeResult {
  return runProbeTraced(ctx, spec).result;
}

/** runProbe with the probe's own trace events (also appended to the shell's probe log). */
export function runProbeTraced(
  ctx: CommandContext,
  spec: ShellProbe,
): { result: ProbeResult; trace: readonly TraceEvent[] } {
  const log = probeLog(ctx);
  log.count++;
  const engineWorld = (ctx.shell.world as unknown as { engine?: EngineWorld }).engine;
  if (!engineWorld) throw new Error('this world has no packet path');
  const listen = listeners(ctx, engineWorld, spec);
  const full: ProbeSpec = {
    ...spec,
    from: ctx.ns.key,
    keepConntrack: true,
    ...(spec.proto === 'icmp' ? {} : { listen: listen.length > 0 ? listen : false }),
  };
  const { result, trace } = probe(engineWorld, full, log.count);
  log.events.push(...trace);
  return { result, trace };
}

/** A dotted IPv4 address, the only kind of host the simulated tools resolve. */
export function isIpv4(text: string): boolean {
  return (
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(text) &&
    text.split('.').every((o) => Number(o) <= 255)
  );
}
