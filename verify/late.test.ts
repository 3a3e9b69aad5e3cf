/**
 * Late measurements (late.ts) with fake agent results: no kernel needed. A TCP client whose
 * socket outlived the 1 s SYN retransmission (TCP_TIMEOUT_INIT) is never compared: the
 * scenario is recorded again, and after MAX_ATTEMPTS late recordings the run fails saying so.
 */
import { describe, expect, it } from 'vitest';
import type { ClientResult, ServerView } from './format.ts';
import {
  LATE_HOLD_S,
  LateMeasurement,
  lateClient,
  lateReply,
  lateSnapshot,
  MAX_ATTEMPTS,
  RerunGate,
  takeReplyTimes,
  takeTiming,
  TooLoadedError,
  untilOnTime,
} from './late.ts';

/** What verify/agent.py prints for a TCP connect that timed out after `held` seconds. */
const agentLine = (held: number) =>
  JSON.stringify({ result: 'timeout', connect_at: 5000.25, held_s: held });

/** One probe as probe.ts judges its client: late lines throw, others come back stripped. */
function measure(line: string): ClientResult {
  const client = JSON.parse(line) as ClientResult;
  const late = lateClient('1: h11->10.1.0.1:80 tcp', 'tcp', takeTiming(client));
  if (late !== null) throw new LateMeasurement(late);
  return client;
}

/** A fake recording whose n-th attempt reads lines[n-1]. */
function fakeRecording(lines: string[]) {
  const calls: number[] = [];
  const reruns: [number, number, string][] = [];
  const run = () =>
    untilOnTime(async (n) => (calls.push(n), measure(lines[n - 1]!)), {
      what: "scenario 'fake'",
      onRerun: (n, of, why) => reruns.push([n, of, why]),
    });
  return { calls, reruns, run };
}

describe('late TCP clients', () => {
  it('strips the timing so the result keeps the golden shape', () => {
    expect(measure(agentLine(0.81))).toEqual({ result: 'timeout' });
  });

  it('calls a socket that lived past the SYN retransmission late (TCP only)', () => {
    expect(lateClient('p', 'tcp', { heldS: 0.8 })).toBeNull();
    expect(lateClient('p', 'tcp', { heldS: LATE_HOLD_S })).toMatch(/TCP_TIMEOUT_INIT/);
    expect(lateClient('p', 'tcp', { heldS: 1.31 })).toMatch(/lived 1\.310 s/);
    // UDP is never retransmitted; ICMP echo is one packet
    expect(lateClient('p', 'udp', { heldS: 1.31 })).toBeNull();
    expect(lateClient('p', 'icmp', {})).toBeNull();
  });

  it('records again after a late attempt and says so', async () => {
    const fake = fakeRecording([agentLine(1.2), agentLine(0.8)]);
    await expect(fake.run()).resolves.toEqual({ result: 'timeout' });
    expect(fake.calls).toEqual([1, 2]);
    expect(fake.reruns).toHaveLength(1);
    expect(fake.reruns[0]!.slice(0, 2)).toEqual([2, MAX_ATTEMPTS]);
    expect(fake.reruns[0]![2]).toMatch(/lived 1\.200 s/);
  });

  it('fails saying the machine was too loaded when every attempt is late', async () => {
    const fake = fakeRecording(Array.from({ length: MAX_ATTEMPTS + 1 }, () => agentLine(1.5)));
    const failure = fake.run();
    await expect(failure).rejects.toThrow(TooLoadedError);
    await expect(failure).rejects.toThrow(
      `scenario 'fake': the machine was too loaded to measure: all ${MAX_ATTEMPTS} recordings were late`,
    );
    expect(fake.calls).toEqual(Array.from({ length: MAX_ATTEMPTS }, (_, i) => i + 1));
    expect(fake.reruns).toHaveLength(MAX_ATTEMPTS - 1);
  });

  it('lets other errors through at once', async () => {
    let calls = 0;
    const run = untilOnTime(
      async () => {
        calls += 1;
        throw new Error('ip: cannot create namespace');
      },
      { what: 'x' },
    );
    await expect(run).rejects.toThrow('ip: cannot create namespace');
    expect(calls).toBe(1);
  });
});

describe('the rerun gate', () => {
  it('runs a re-recording alone, after the recordings already running', async () => {
    const gate = new RerunGate();
    const log: string[] = [];
    let running = 0;
    const work = (name: string, ms: number) => async () => {
      running += 1;
      log.push(`${name} starts with ${running - 1} others`);
      await new Promise((r) => setTimeout(r, ms));
      running -= 1;
    };
    const first = [gate.run(false, work('a', 30)), gate.run(false, work('b', 30))];
    const rerun = gate.run(true, work('rerun', 30));
    const later = gate.run(false, work('c', 10));
    await Promise.all([...first, rerun, later]);
    expect(log).toEqual([
      'a starts with 0 others',
      'b starts with 1 others',
      'rerun starts with 0 others',
      'c starts with 0 others',
    ]);
  });
});

describe('late SYN-ACK snapshots', () => {
  // the server retransmits a lost SYN-ACK 1 s and 3 s after the SYN: count exactly one
  it('accepts counters read between the two retransmissions', () => {
    expect(lateSnapshot('p', 100, 102, 102.4)).toBeNull();
  });

  it('rejects a reading that ended past 3 s or started before 1 s', () => {
    expect(lateSnapshot('p', 100, 102.5, 103.1)).toMatch(/2\.500–3\.100 s after connect/);
    expect(lateSnapshot('p', 100, 100.9, 101.2)).not.toBeNull();
  });
});

describe('late UDP replies', () => {
  const server = (): Record<string, ServerView> => ({
    r: { received: true, peer: ['10.1.0.2', 40001], local: ['10.1.0.1', 53], replied_at: 11.2 },
  });

  it('strips replied_at from the listener views', () => {
    const views = server();
    expect(takeReplyTimes(views)).toEqual(new Map([['r', 11.2]]));
    expect(views.r).toEqual({ received: true, peer: ['10.1.0.2', 40001], local: ['10.1.0.1', 53] }); // prettier-ignore
  });

  it('calls a reply sent after the client gave up late', () => {
    const timing = { connectAt: 10, heldS: 0.8 };
    const replies = new Map([['r', 11.2]]);
    expect(lateReply('p', { result: 'timeout' }, timing, replies)).toMatch(/replied 1\.200 s/);
    // a reply sent in time and dropped on the way is a real result
    expect(lateReply('p', { result: 'timeout' }, timing, new Map([['r', 10.01]]))).toBeNull();
    expect(lateReply('p', { result: 'reply' }, timing, replies)).toBeNull();
  });
});
