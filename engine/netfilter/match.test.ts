import { describe, expect, it } from 'vitest';
import { failureText, newMatchState, ruleMatches, type MatchState } from './match.ts';
import type { Match, Rule } from './model.ts';
import type { CtView, PacketMeta } from './packetMeta.ts';
import { ipv4, tcpSegment } from '../packet/packet.ts';

const ip = (s: string) => s.split('.').reduce((a, b) => a * 256 + Number(b), 0);

function meta(over: Partial<PacketMeta> = {}): PacketMeta {
  return {
    table: 'filter',
    hook: 'INPUT',
    src: ip('10.0.0.1'),
    dst: ip('10.0.0.2'),
    proto: 6,
    sport: 40000,
    dport: 80,
    tcpFlags: 0x02,
    len: 60,
    ttl: 64,
    ipId: 0,
    packet: ipv4(ip('10.0.0.1'), ip('10.0.0.2'), tcpSegment(40000, 80, 0x02)),
    inIface: 'eth0',
    bridged: false,
    mark: 0,
    addrTypes: (a: number) => new Set([a === ip('10.0.0.2') ? 'LOCAL' : 'UNICAST'] as const),
    random: () => 0.3,
    now: 0,
    ...over,
  };
}

const rule = (r: Partial<Rule>): Rule => ({
  matches: [],
  target: { kind: 'ACCEPT' },
  counters: { pkts: 0, bytes: 0 },
  ...r,
});
const withMatch = (m: Match) => rule({ matches: [m] });
const ct: CtView = {
  state: 'ESTABLISHED',
  dir: 'REPLY',
  status: new Set(['SEEN_REPLY', 'ASSURED']),
  mark: 5,
  snat: false,
  dnat: true,
  orig: { src: ip('10.0.0.2'), dst: ip('10.0.0.1'), sport: 80, dport: 40000 },
  reply: { src: ip('10.0.0.1'), dst: ip('10.0.0.2'), sport: 40000, dport: 80 },
};

/** ruleMatches' answer in words, as the tracer shows it. */
function check(r: Rule, m: PacketMeta, st: MatchState) {
  const miss = ruleMatches(r, m, st);
  if (miss === undefined) return { matched: true };
  return { matched: false, failedOption: failureText(r, miss) };
}

describe('ruleMatches', () => {
  const st = newMatchState();
  it('tests the header with masks, negation and + wildcards', () => {
    expect(
      check(rule({ src: { addr: ip('10.0.0.0'), mask: 0xff000000, invert: false } }), meta(), st),
    ).toEqual({ matched: true });
    expect(
      check(rule({ src: { addr: ip('10.0.0.0'), mask: 0xff000000, invert: true } }), meta(), st),
    ).toEqual({
      matched: false,
      failedOption: '! -s 10.0.0.0/8',
    });
    expect(check(rule({ inIface: { name: 'eth+', invert: false } }), meta(), st).matched).toBe(
      true,
    );
    expect(check(rule({ inIface: { name: 'eth+', invert: true } }), meta(), st)).toEqual({
      matched: false,
      failedOption: '! -i eth+',
    });
    expect(check(rule({ proto: { proto: 17, invert: false } }), meta(), st)).toEqual({
      matched: false,
      failedOption: '-p udp',
    });
    expect(check(rule({ fragment: { invert: false } }), meta(), st).matched).toBe(false);
  });
  it('tcp ports and flags report the failing option', () => {
    const m: Match = { name: 'tcp', dport: { min: 22, max: 22, invert: false } };
    expect(check(withMatch(m), meta(), st)).toEqual({
      matched: false,
      failedOption: '-m tcp --dport 22',
    });
    const syn: Match = { name: 'tcp', flags: { mask: 0x17, comp: 0x02, invert: false } };
    expect(check(withMatch(syn), meta(), st).matched).toBe(true);
    expect(check(withMatch(syn), meta({ tcpFlags: 0x12 }), st).matched).toBe(false);
  });
  it('names the failing match by its place among several', () => {
    const r = rule({
      matches: [
        { name: 'comment', comment: 'x' },
        { name: 'tcp', flags: { mask: 0x17, comp: 0x02, invert: false } },
        { name: 'mark', value: 1, mask: 0xffffffff, invert: false },
      ],
    });
    expect(check(r, meta(), st)).toEqual({ matched: false, failedOption: '-m mark --mark 0x1' });
    expect(check(r, meta({ tcpFlags: 0x10 }), st)).toEqual({
      matched: false,
      failedOption: '-m tcp --tcp-flags FIN,SYN,RST,ACK SYN',
    });
  });
  it('udp, icmp, multiport, iprange', () => {
    expect(
      check(
        withMatch({ name: 'udp', dport: { min: 53, max: 53, invert: false } }),
        meta({ proto: 17, dport: 53 }),
        st,
      ).matched,
    ).toBe(true);
    const icmp: Match = { name: 'icmp', type: 3, codeMin: 3, codeMax: 3, invert: false };
    expect(
      check(withMatch(icmp), meta({ proto: 1, sport: undefined, icmpType: 3, icmpCode: 3 }), st)
        .matched,
    ).toBe(true);
    expect(
      check(withMatch(icmp), meta({ proto: 1, sport: undefined, icmpType: 3, icmpCode: 1 }), st)
        .matched,
    ).toBe(false);
    const mp: Match = {
      name: 'multiport',
      dir: 'dst',
      ports: [
        { min: 79, max: 81 },
        { min: 443, max: 443 },
      ],
      invert: false,
    };
    expect(check(withMatch(mp), meta(), st).matched).toBe(true);
    expect(check(withMatch({ ...mp, invert: true }), meta(), st).matched).toBe(false);
    const r: Match = {
      name: 'iprange',
      src: { min: ip('10.0.0.0'), max: ip('10.0.0.5'), invert: false },
    };
    expect(check(withMatch(r), meta(), st).matched).toBe(true);
  });
  it('conntrack and state (no conntrack entry counts as INVALID)', () => {
    const est: Match = {
      name: 'conntrack',
      ctstate: { values: ['RELATED', 'ESTABLISHED'], invert: false },
    };
    expect(check(withMatch(est), meta({ ct }), st).matched).toBe(true);
    expect(check(withMatch(est), meta(), st).matched).toBe(false);
    expect(
      check(
        withMatch({ name: 'conntrack', ctstate: { values: ['DNAT'], invert: false } }),
        meta({ ct }),
        st,
      ).matched,
    ).toBe(true);
    expect(
      check(
        withMatch({
          name: 'conntrack',
          ctstatus: { values: ['ASSURED'], invert: false },
          ctdir: 'REPLY',
        }),
        meta({ ct }),
        st,
      ).matched,
    ).toBe(true);
    expect(
      check(
        withMatch({ name: 'state', states: { values: ['INVALID'], invert: false } }),
        meta(),
        st,
      ).matched,
    ).toBe(true);
  });
  it('addrtype, mark, connmark, comment', () => {
    expect(
      check(
        withMatch({
          name: 'addrtype',
          dstType: { values: ['LOCAL'], invert: false },
          limitIfaceIn: false,
          limitIfaceOut: false,
        }),
        meta(),
        st,
      ).matched,
    ).toBe(true);
    expect(
      check(withMatch({ name: 'mark', value: 0x4000, mask: 0x4000, invert: true }), meta(), st)
        .matched,
    ).toBe(true);
    expect(
      check(
        withMatch({ name: 'connmark', value: 5, mask: 0xffffffff, invert: false }),
        meta({ ct }),
        st,
      ).matched,
    ).toBe(true);
    expect(check(withMatch({ name: 'comment', comment: 'x' }), meta(), st).matched).toBe(true);
  });
  it('statistic random uses the injected random source; nth counts per rule', () => {
    const half: Match = {
      name: 'statistic',
      mode: 'random',
      probability: 0x40000000,
      invert: false,
    };
    expect(check(withMatch(half), meta({ random: () => 0.3 }), st).matched).toBe(true);
    expect(check(withMatch(half), meta({ random: () => 0.7 }), st).matched).toBe(false);
    const nth = withMatch({ name: 'statistic', mode: 'nth', every: 3, packet: 0, invert: false });
    const seq = [1, 2, 3, 4, 5, 6].map(() => check(nth, meta(), st).matched);
    // libxt_statistic starts the counter at every - 1 - packet: --packet 0 hits the 1st, 4th...
    expect(seq).toEqual([true, false, false, true, false, false]);
  });
  it('physdev needs a bridged frame unless inverted', () => {
    const m: Match = { name: 'physdev', isBridged: { invert: false } };
    expect(check(withMatch(m), meta(), st).matched).toBe(false);
    expect(
      check(withMatch(m), meta({ bridged: true, physIn: 'veth1', physOut: 'veth2' }), st).matched,
    ).toBe(true);
    expect(
      check(withMatch({ name: 'physdev', isBridged: { invert: true } }), meta(), st).matched,
    ).toBe(true);
  });
  it('recent --set then --rcheck --seconds --hitcount', () => {
    const s = newMatchState();
    const base = {
      listName: 'SSH',
      side: 'rsource',
      reap: false,
      rttl: false,
      mask: 0xffffffff,
      invert: false,
    } as const;
    const set = withMatch({ name: 'recent', command: 'set', ...base });
    const rcheck = withMatch({
      name: 'recent',
      command: 'rcheck',
      seconds: 60,
      hitcount: 2,
      ...base,
    });
    expect(check(rcheck, meta(), s).matched).toBe(false);
    check(set, meta({ now: 0 }), s);
    expect(check(rcheck, meta({ now: 1000 }), s).matched).toBe(false);
    check(set, meta({ now: 2000 }), s);
    expect(check(rcheck, meta({ now: 3000 }), s).matched).toBe(true);
    expect(check(rcheck, meta({ now: 61000 }), s).matched).toBe(false);
  });
});

describe('sctp match (xt_sctp: ports only)', () => {
  const st = newMatchState();
  const sctp = meta({ proto: 132, sport: 5000, dport: 3868, tcpFlags: undefined });
  const m = (over: Partial<Extract<Match, { name: 'sctp' }>>) =>
    withMatch({ name: 'sctp', ...over });
  it('tests ranges and their negation on both ports', () => {
    expect(check(m({ dport: { min: 3868, max: 3868, invert: false } }), sctp, st).matched).toBe(
      true,
    );
    expect(check(m({ dport: { min: 3868, max: 3868, invert: true } }), sctp, st).matched).toBe(
      false,
    );
    expect(check(m({ sport: { min: 1, max: 4999, invert: false } }), sctp, st).matched).toBe(false);
    expect(check(m({ sport: { min: 1, max: 4999, invert: true } }), sctp, st).matched).toBe(true);
    expect(check(m({}), sctp, st).matched).toBe(true);
  });
  it('never matches a packet without ports', () => {
    const icmp = meta({ proto: 1, sport: undefined, dport: undefined, icmpType: 8 });
    expect(check(m({}), icmp, st).matched).toBe(false);
  });
});
