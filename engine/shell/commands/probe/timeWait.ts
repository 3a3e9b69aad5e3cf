/**
 * TCP sockets in TIME_WAIT after a probe's orderly close. The side that closes first (the
 * client: curl, nc -z) keeps the connection for TCP_TIMEWAIT_LEN, 60 s, where `ss -ta` lists
 * it as TIME-WAIT without a process (measured: `TIME-WAIT 0 0 10.0.0.1:34880 10.0.0.2:8080`
 * after nc -z). The engine drops its sockets when the next probe starts, so the machine keeps
 * them here, on the engine's clock (each probe advances it by 3 s).
 */
import { formatIpv4 } from '../../../packet/ipv4.ts';
import type { Netns } from '../../../stack/netns.ts';
import type { WorldHost } from '../../host.ts';
import type { Endpoint } from './sockets.ts';

/** TCP_TIMEWAIT_LEN (include/net/tcp.h). */
export const TIME_WAIT_MS = 60_000;

export interface TimeWaitSocket {
  readonly netns: Netns;
  readonly local: Endpoint;
  readonly remote: Endpoint;
  /** Engine time at which the kernel frees it. */
  readonly until: number;
}

interface EngineClock {
  readonly now: number;
  readonly namespaces: ReadonlyMap<string, Netns>;
}

function table(world: WorldHost): TimeWaitSocket[] {
  return world.globalState<TimeWaitSocket[]>('tcp-time-wait', () => []);
}

const endpoint = ([addr, port]: readonly [number, number]): Endpoint => ({
  addr: formatIpv4(addr),
  port,
});

/** Keeps every connection the last probe left in TIME_WAIT, and forgets expired ones. */
export function recordTimeWaits(world: WorldHost, engine: EngineClock): void {
  const list = table(world);
  const live = list.filter((t) => t.until > engine.now);
  for (const netns of engine.namespaces.values())
    for (const c of netns.sockets.tcp)
      if (c.state === 'TIME_WAIT')
        live.push({
          netns,
          local: endpoint(c.local),
          remote: endpoint(c.remote),
          until: engine.now + TIME_WAIT_MS,
        });
  list.splice(0, list.length, ...live);
}

/** The TIME_WAIT sockets of one namespace at engine time `now`, oldest first. */
export function timeWaitsIn(world: WorldHost, netns: Netns, now: number): TimeWaitSocket[] {
  return table(world).filter((t) => t.netns === netns && t.until > now);
}
