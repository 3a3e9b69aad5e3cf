import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rule, ruleset, type RuleSpec } from '../stack/testRules.ts';
import type { TraceEvent } from '../trace/events.ts';
import { failureText, newMatchState, ruleMatches } from './match.ts';
import type { Chain } from './model.ts';
import type { PacketMeta } from './packetMeta.ts';
import { traverse } from './traverse.ts';
import { dstIndex, skipDstMisses } from './traverseSkip.ts';
import { ipv4, tcpSegment } from '../packet/packet.ts';

const ip = (s: string) => s.split('.').reduce((a, b) => a * 256 + Number(b), 0);

function meta(dst: number, src = ip('10.244.0.2')): PacketMeta {
  return {
    table: 'nat',
    hook: 'PREROUTING',
    src,
    dst,
    proto: 6,
    sport: 40000,
    dport: 80,
    tcpFlags: 2,
    len: 60,
    ttl: 64,
    ipId: 0,
    packet: ipv4(src, dst, tcpSegment(40000, 80, 2)),
    inIface: 'cni0',
    bridged: false,
    mark: 0,
    addrTypes: () => new Set(['UNICAST']),
    random: () => 0.5,
    now: 0,
  };
}

function chain(specs: RuleSpec[]): Chain {
  return {
    name: 'C',
    builtin: false,
    policyCounters: { pkts: 0, bytes: 0 },
    rules: specs.map(rule),
  };
}

const svc = (i: number): RuleSpec => ({ d: `10.96.${i >> 8}.${i & 255}`, j: { kind: 'ACCEPT' } });

describe('skipping rules -d rules out', () => {
  it('stops at the rule whose -d matches', () => {
    const c = chain(Array.from({ length: 600 }, (_, i) => svc(i)));
    expect(skipDstMisses(c, dstIndex(c), 0, ip('10.96.1.244'))).toBe(500);
    expect(skipDstMisses(c, dstIndex(c), 501, ip('10.96.1.244'))).toBe(600);
  });
  it('stops at a rule with -s, an inverted -d or no -d: their first failure is not -d', () => {
    const inverted = rule({ d: '10.96.9.9', j: { kind: 'ACCEPT' } });
    for (const odd of [
      rule({ s: '10.0.0.1', d: '10.96.9.9', j: { kind: 'ACCEPT' } }),
      { ...inverted, dst: { ...inverted.dst!, invert: true } },
      rule({ j: { kind: 'ACCEPT' } }),
    ]) {
      const c = chain([svc(0), svc(1), svc(5)]);
      c.rules.splice(2, 0, odd);
      expect(skipDstMisses(c, dstIndex(c), 0, ip('10.96.0.2'))).toBe(2);
    }
  });
  it('notices a rule replaced in place (iptables -R) and a resized chain', () => {
    const c = chain(Array.from({ length: 10 }, (_, i) => svc(i)));
    const ix = dstIndex(c);
    c.rules[4] = rule({ d: '10.96.7.7', j: { kind: 'ACCEPT' } });
    expect(skipDstMisses(c, ix, 0, ip('10.96.7.7'))).toBe(4);
    c.rules.push(rule({ d: '10.96.8.8', j: { kind: 'ACCEPT' } }));
    expect(skipDstMisses(c, dstIndex(c), 0, ip('10.96.8.8'))).toBe(10);
  });
});

/** What traverse must agree with: each rule tested in order, no skipping. */
function reference(c: Chain, m: PacketMeta): number {
  const st = newMatchState();
  const i = c.rules.findIndex((r) => ruleMatches(r, m, st) === undefined);
  return i === -1 ? 0 : i + 1;
}

describe('traverse with the skip agrees with testing every rule', () => {
  const addr = fc.constantFrom('10.96.0.1', '10.96.0.2', '10.96.0.0/24', '10.0.0.0/8');
  const spec = fc.record({
    s: fc.option(addr, { nil: undefined }),
    d: fc.option(addr, { nil: undefined }),
    invert: fc.boolean(),
  });
  it('same rule counted, same trace of the first misses', () => {
    fc.assert(
      fc.property(fc.array(spec, { maxLength: 40 }), addr, fc.boolean(), (specs, dst, traced) => {
        const rules = specs.map((x) => {
          const r = rule({ s: x.s, d: x.d, j: { kind: 'ACCEPT' } });
          return x.invert && r.dst ? { ...r, dst: { ...r.dst, invert: true } } : r;
        });
        const rs = ruleset({ nat: { chains: { PREROUTING: [] } } });
        const pre = rs.tables.nat!.chains.get('PREROUTING')!;
        pre.rules = rules;
        const m = meta(ip(dst.split('/')[0]!));
        const counted: number[] = [];
        const events: TraceEvent[] = [];
        traverse(rs.tables.nat!, 'PREROUTING', m, 0, {
          ns: 'n',
          state: newMatchState(),
          trace: traced ? (e) => events.push(e) : undefined,
          onCount: (_t, _c, i) => counted.push(i),
        });
        expect(counted).toEqual([reference(pre, m)]);
        const st = newMatchState();
        for (const e of events) {
          if (e.type !== 'rule' || e.matched) continue;
          const r = pre.rules[e.index - 1]!;
          expect(e.failedOption).toBe(failureText(r, ruleMatches(r, m, st)!));
        }
      }),
    );
  });
});
