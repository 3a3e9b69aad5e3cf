import { describe, expect, it } from 'vitest';
import { rule, ruleset } from '../stack/testRules.ts';
import type { TraceEvent } from '../trace/events.ts';
import { newMatchState } from './match.ts';
import type { PacketMeta } from './packetMeta.ts';
import { ipv4, tcpSegment } from '../packet/packet.ts';
import { JUMP_STACK_LIMIT, traverse } from './traverse.ts';

const meta: PacketMeta = {
  table: 'filter',
  hook: 'FORWARD',
  src: 0x0a0a0002,
  dst: 0x0a140002,
  proto: 6,
  sport: 40000,
  dport: 80,
  tcpFlags: 2,
  len: 60,
  ttl: 63,
  ipId: 0,
  packet: ipv4(0x0a0a0002, 0x0a140002, tcpSegment(40000, 80, 2), 63),
  inIface: 'br10',
  outIface: 'br20',
  bridged: false,
  mark: 0,
  addrTypes: () => new Set(['UNICAST']),
  random: () => 0.5,
  now: 0,
};

function run(rs: ReturnType<typeof ruleset>) {
  const events: TraceEvent[] = [];
  const counted: string[] = [];
  const res = traverse(rs.tables.filter!, 'FORWARD', meta, 0, {
    ns: 'h',
    state: newMatchState(),
    trace: (e) => events.push(e),
    onCount: (_t, c, i) => counted.push(`${c}#${i}`),
  });
  return { res, events, counted };
}

describe('chain traversal', () => {
  it('jumps, returns, and falls back to the policy with counters', () => {
    const rs = ruleset({
      filter: {
        chains: {
          FORWARD: [{ j: { kind: 'jump', chain: 'A' } }, { i: 'eth9', j: { kind: 'ACCEPT' } }],
          A: [{ j: { kind: 'RETURN' } }, { j: { kind: 'ACCEPT' } }],
        },
        policy: { FORWARD: 'DROP' },
      },
    });
    const { res, counted } = run(rs);
    expect(res.verdict).toEqual({ kind: 'DROP' });
    expect(counted).toEqual(['FORWARD#1', 'A#1', 'FORWARD#0']);
    expect(rs.tables.filter!.chains.get('FORWARD')!.policyCounters).toEqual({ pkts: 1, bytes: 60 });
  });
  it('goto does not come back to the calling chain', () => {
    const rs = ruleset({
      filter: {
        chains: {
          FORWARD: [{ j: { kind: 'jump', chain: 'A' } }, { j: { kind: 'ACCEPT' } }],
          A: [{ j: { kind: 'goto', chain: 'B' } }],
          B: [],
        },
        policy: { FORWARD: 'DROP' },
      },
    });
    // B ends: back to FORWARD (A's caller), rule 2 accepts.
    expect(run(rs).counted).toEqual(['FORWARD#1', 'A#1', 'FORWARD#2']);
  });
  it('MARK continues with the new mark; rules without a target only count', () => {
    const rs = ruleset({
      filter: {
        chains: {
          FORWARD: [
            { j: { kind: 'none' } },
            { j: { kind: 'MARK', value: 7, mask: 0xffffffff } },
            {
              matches: [{ name: 'mark', value: 7, mask: 0xffffffff, invert: false }],
              j: { kind: 'DROP' },
            },
          ],
        },
      },
    });
    const { res, counted } = run(rs);
    expect(res.verdict).toEqual({ kind: 'DROP' });
    expect(res.mark).toBe(7);
    expect(counted).toEqual(['FORWARD#1', 'FORWARD#2', 'FORWARD#3']);
  });
  it(`stops at the jump stack limit (${JUMP_STACK_LIMIT})`, () => {
    const chains: Record<string, { j: { kind: 'jump'; chain: string } }[]> = {
      FORWARD: [{ j: { kind: 'jump', chain: 'C0' } }],
    };
    for (let i = 0; i < 20; i++) chains[`C${i}`] = [{ j: { kind: 'jump', chain: `C${i + 1}` } }];
    chains.C20 = [];
    const { res, events } = run(ruleset({ filter: { chains } }));
    expect(res.verdict).toEqual({ kind: 'DROP' });
    expect(events.some((e) => e.type === 'drop' && e.reason.includes('jump stack limit'))).toBe(
      true,
    );
  });
  it('summarises a long run of misses and reports the first failed option', () => {
    const many = Array.from({ length: 1000 }, (_, i) => ({
      d: `10.96.${i >> 8}.${i & 255}`,
      j: { kind: 'ACCEPT' as const },
    }));
    const { events, res } = run(ruleset({ filter: { chains: { FORWARD: many } } }));
    expect(res.verdict).toEqual({ kind: 'ACCEPT' });
    const rules = events.filter((e) => e.type === 'rule');
    expect(rules).toHaveLength(3);
    expect(rules[0]).toMatchObject({ index: 1, matched: false, failedOption: '-d 10.96.0.0/32' });
    expect(events.find((e) => e.type === 'rules-skipped')).toMatchObject({ from: 4, to: 1000 });
    expect(rule({ j: { kind: 'ACCEPT' } }).counters).toEqual({ pkts: 0, bytes: 0 });
  });
});
