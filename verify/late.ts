/**
 * Measurements a loaded machine made invalid, and re-running them. A probe's result is only
 * comparable with the engine when the kernel's TCP timers fired as many times as the
 * scenario format promises (../shared/scenario-format.md):
 *
 * - the client's SYN is never retransmitted: Linux retransmits an unanswered SYN
 *   TCP_TIMEOUT_INIT (1 s) after sending it (tcp_retransmit_timer), and the client closes
 *   its socket after CLIENT_TIMEOUT_S (0.8 s); a client descheduled past 1 s keeps the
 *   socket in SYN_SENT long enough for a second SYN to be counted;
 * - a server whose SYN-ACK was lost retransmits it exactly once before the snapshot: the
 *   request socket's timer (reqsk_timer_handler) fires 1 s, then 3 s after the SYN, so the
 *   counters must be read between the two.
 *
 * A loaded machine can also make a UDP listener answer after its client gave up, or make a
 * listener report after the harness stopped waiting for it (probe.ts checks both).
 *
 * The agent reports when it called connect() and how long its socket could still send a
 * SYN (`connect_at`, `held_s`), and when a UDP listener replied (`replied_at`): CLOCK_MONOTONIC
 * seconds, the clock of both Python's time.monotonic() and Node's process.hrtime(). Those
 * fields are stripped here: golden files keep the recordings' shape. A late measurement is never compared; the whole scenario is recorded
 * again from fresh namespaces (later probes may reuse earlier probes' conntrack entries).
 */
import type { ClientResult, Proto, ServerView } from './format.ts';

/** A TCP client whose socket lived this long may have sent its SYN twice (1 s RTO, less margin). */
export const LATE_HOLD_S = 0.95;
/** The SYN-ACK retransmissions of tcp_synack_timer: 1 s, then 3 s after the SYN (backoff). */
export const SYNACK_RETRANSMIT_S = [1, 3] as const;
/** Slack on each side for timer granularity (jiffies) and delivery on the veth. */
const TIMER_SLACK_S = 0.05;
/** Recordings of one scenario tried before the machine is declared too loaded to measure. */
export const MAX_ATTEMPTS = 3;

/** Seconds on CLOCK_MONOTONIC, the clock the agent's time.monotonic() reads. */
export const monotonicS = (): number => Number(process.hrtime.bigint()) / 1e9;

export interface ClientTiming {
  /** When connect() was called (CLOCK_MONOTONIC seconds). */
  connectAt?: number;
  /** From connect() to the socket closing or the handshake being answered. */
  heldS?: number;
}

/** Removes the agent's timing fields from a client result and returns them. */
export function takeTiming(client: ClientResult): ClientTiming {
  const timing: ClientTiming = {};
  if (typeof client.connect_at === 'number') timing.connectAt = client.connect_at;
  if (typeof client.held_s === 'number') timing.heldS = client.held_s;
  delete client.connect_at;
  delete client.held_s;
  return timing;
}

/** A measurement that does not mean what the scenario format says: record again. */
export class LateMeasurement extends Error {
  override name = 'LateMeasurement';
}

/** Every attempt was late: the machine was too loaded to measure this scenario. */
export class TooLoadedError extends Error {
  override name = 'TooLoadedError';
}

/** Why a client result is late (its SYN may have been retransmitted), or null. */
export function lateClient(probe: string, proto: Proto, timing: ClientTiming): string | null {
  if (proto !== 'tcp' || timing.heldS === undefined || timing.heldS < LATE_HOLD_S) return null;
  return (
    `probe '${probe}': the TCP client's socket lived ${timing.heldS.toFixed(3)} s, ` +
    `past ${LATE_HOLD_S} s: the kernel may have retransmitted the SYN (TCP_TIMEOUT_INIT 1 s)`
  );
}

/**
 * Why a snapshot taken from `start` to `end` (monotonic seconds) does not show exactly one
 * SYN-ACK retransmission of a connect made at `connectAt`, or null.
 */
export function lateSnapshot(
  probe: string,
  connectAt: number,
  start: number,
  end: number,
): string | null {
  const [first, second] = SYNACK_RETRANSMIT_S;
  const from = start - connectAt;
  const to = end - connectAt;
  if (from >= first + TIMER_SLACK_S * 2 && to <= second - TIMER_SLACK_S) return null;
  return (
    `probe '${probe}': counters read ${from.toFixed(3)}–${to.toFixed(3)} s after connect(), ` +
    `outside ${first}–${second} s: the server's SYN-ACK retransmissions (${first} s, ` +
    `${second} s) were not counted exactly once`
  );
}

/** Removes each UDP listener's `replied_at` from its view and returns them by namespace. */
export function takeReplyTimes(server: Record<string, ServerView>): Map<string, number> {
  const times = new Map<string, number>();
  for (const [ns, view] of Object.entries(server)) {
    if (typeof view.replied_at === 'number') times.set(ns, view.replied_at);
    delete view.replied_at;
  }
  return times;
}

/**
 * Why a UDP client that got no reply is late, or null: a listener answered when the client's
 * socket was closed or closing, so its reply met no socket (an ICMP port unreachable instead
 * of a reply) only because one of the two processes was descheduled.
 */
export function lateReply(
  probe: string,
  client: ClientResult,
  timing: ClientTiming,
  replies: Map<string, number>,
): string | null {
  const { connectAt, heldS } = timing;
  if (client.result === 'reply' || connectAt === undefined || heldS === undefined) return null;
  for (const [ns, at] of replies)
    if (at > connectAt + heldS - TIMER_SLACK_S)
      return (
        `probe '${probe}': the UDP listener in ${ns} replied ${(at - connectAt).toFixed(3)} s ` +
        `after connect(), when the client had given up (socket closed at ${heldS.toFixed(3)} s)`
      );
  return null;
}

/**
 * Many first recordings run at once, a re-recording runs alone (a readers-writer lock with
 * the writer first): the load of this process's other recordings is what made it late.
 */
export class RerunGate {
  private shared = 0;
  private exclusive = false;
  private exclusiveWaiting = 0;
  private waiters: (() => void)[] = [];

  async run<T>(exclusive: boolean, work: () => Promise<T>): Promise<T> {
    await this.enter(exclusive);
    try {
      return await work();
    } finally {
      if (exclusive) this.exclusive = false;
      else this.shared -= 1;
      const waiters = this.waiters;
      this.waiters = [];
      for (const wake of waiters) wake();
    }
  }

  private free(exclusive: boolean): boolean {
    if (this.exclusive) return false;
    return exclusive ? this.shared === 0 : this.exclusiveWaiting === 0;
  }

  private async enter(exclusive: boolean): Promise<void> {
    if (exclusive) this.exclusiveWaiting += 1;
    while (!this.free(exclusive)) await new Promise<void>((wake) => this.waiters.push(wake));
    if (exclusive) {
      this.exclusiveWaiting -= 1;
      this.exclusive = true;
    } else this.shared += 1;
  }
}

/** The gate every recording of this process goes through. */
const processGate = new RerunGate();

export interface RerunOptions {
  /** What is being measured, for the messages (the scenario's name). */
  what: string;
  attempts?: number;
  gate?: RerunGate;
  /** Told before each re-run: the attempt about to start (2, 3…) and why. */
  onRerun?: (attempt: number, of: number, reason: string) => void;
}

/**
 * Runs `attempt` until it finishes without a LateMeasurement; after `attempts` late tries,
 * throws TooLoadedError naming every reason. Other errors pass through at once. The first
 * attempt shares the gate with other recordings; every later one runs alone.
 */
export async function untilOnTime<T>(
  attempt: (n: number) => Promise<T>,
  opts: RerunOptions,
): Promise<T> {
  const max = opts.attempts ?? MAX_ATTEMPTS;
  const reasons: string[] = [];
  for (let n = 1; n <= max; n++) {
    try {
      return await (opts.gate ?? processGate).run(n > 1, () => attempt(n));
    } catch (e) {
      if (!(e instanceof LateMeasurement)) throw e;
      reasons.push(e.message);
      if (n < max) opts.onRerun?.(n + 1, max, e.message);
    }
  }
  throw new TooLoadedError(
    `${opts.what}: the machine was too loaded to measure: all ${max} recordings were late ` +
      `(nothing was compared):\n${reasons.map((r, i) => `  ${i + 1}. ${r}`).join('\n')}`,
  );
}
