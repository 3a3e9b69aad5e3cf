/** fast-check generators of canonical rules (test support for the property tests and the bench). */
import fc from 'fast-check';
import type { Match, Rule, TargetAction } from '../../netfilter/model.ts';
import {
  ADDRTYPE_ORDER,
  CT_STATE_ORDER,
  CT_STATUS_ORDER,
  STATE_ORDER,
} from '../../netfilter/printMatch.ts';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bool = fc.boolean();
const port = fc.integer({ min: 0, max: 65535 });
const portRange = fc
  .tuple(port, port)
  .map(([a, b]) => ({ min: Math.min(a, b), max: Math.max(a, b) }));
const invPorts = fc.tuple(portRange, bool).map(([r, invert]) => ({ ...r, invert }));

const addrMask = fc.tuple(u32, fc.integer({ min: 0, max: 32 }), bool).map(([a, bits, invert]) => {
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { addr: (a & mask) >>> 0, mask, invert: bits === 0 ? true : invert };
});
const ifName = fc
  .tuple(fc.stringMatching(/^[a-z][a-z0-9.-]{0,13}$/), fc.boolean())
  .map(([n, plus]) => (plus ? `${n}+` : n));
const iface = fc.record({ name: ifName, invert: bool });

/** An ordered subset, as iptables prints sets. */
function subset<T>(order: readonly T[]): fc.Arbitrary<T[]> {
  return fc.subarray([...order], { minLength: 1 });
}

const text = fc.stringMatching(/^[ -~]{1,40}$/);

function protoMatches(proto: number): fc.Arbitrary<Match[]> {
  if (proto === 6) {
    const tcp = fc.record(
      {
        name: fc.constant('tcp' as const),
        sport: invPorts,
        dport: invPorts,
        flags: fc.record({
          mask: fc.integer({ min: 1, max: 0x3f }),
          comp: fc.integer({ min: 0, max: 0x3f }),
          invert: bool,
        }),
      },
      { requiredKeys: ['name'] },
    );
    return fc.array(tcp as fc.Arbitrary<Match>, { maxLength: 1 });
  }
  if (proto === 17) {
    const udp = fc.record(
      { name: fc.constant('udp' as const), sport: invPorts, dport: invPorts },
      { requiredKeys: ['name'] },
    );
    return fc.array(udp as fc.Arbitrary<Match>, { maxLength: 1 });
  }
  if (proto === 132) {
    // sctp stays an xt match: two of them stay two (no folding as for tcp/udp).
    const sctp = fc.record(
      { name: fc.constant('sctp' as const), sport: invPorts, dport: invPorts },
      { requiredKeys: ['name'] },
    );
    return fc.array(sctp as fc.Arbitrary<Match>, { maxLength: 2 });
  }
  if (proto === 1) {
    const icmp = fc.record({
      name: fc.constant('icmp' as const),
      type: fc.integer({ min: 0, max: 254 }),
      codeMin: fc.constant(0),
      codeMax: fc.constant(0xff),
      invert: bool,
    });
    return fc.array(icmp as fc.Arbitrary<Match>, { maxLength: 1 });
  }
  return fc.constant([]);
}

const multiport = fc.record({
  name: fc.constant('multiport' as const),
  dir: fc.constantFrom('src' as const, 'dst' as const, 'any' as const),
  ports: fc.array(
    fc.integer({ min: 0, max: 65535 }).map((p) => ({ min: p, max: p })),
    { minLength: 1, maxLength: 15 },
  ),
  invert: bool,
});

const otherMatch: fc.Arbitrary<Match> = fc.oneof(
  fc.record({
    name: fc.constant('conntrack' as const),
    ctstate: fc.record({ values: subset(CT_STATE_ORDER), invert: bool }),
  }),
  fc.record({
    name: fc.constant('conntrack' as const),
    ctstatus: fc.record({ values: subset(CT_STATUS_ORDER), invert: bool }),
    ctdir: fc.constantFrom('ORIGINAL' as const, 'REPLY' as const),
  }),
  fc.record({
    name: fc.constant('state' as const),
    states: fc.record({ values: subset(STATE_ORDER), invert: bool }),
  }),
  fc.record({
    name: fc.constant('addrtype' as const),
    dstType: fc.record({ values: subset(ADDRTYPE_ORDER), invert: bool }),
    limitIfaceIn: fc.constant(false),
    limitIfaceOut: fc.constant(false),
  }),
  fc.record({ name: fc.constant('comment' as const), comment: text }),
  fc.record({
    name: fc.constantFrom('mark' as const, 'connmark' as const),
    value: u32,
    mask: u32,
    invert: bool,
  }),
  fc.record({
    name: fc.constant('statistic' as const),
    mode: fc.constant('random' as const),
    probability: fc.integer({ min: 0, max: 0x80000000 }),
    invert: bool,
  }),
  fc.integer({ min: 1, max: 1000 }).chain((every) =>
    fc.record({
      name: fc.constant('statistic' as const),
      mode: fc.constant('nth' as const),
      every: fc.constant(every),
      packet: fc.integer({ min: 0, max: every - 1 }),
      invert: bool,
    }),
  ),
  fc.record({
    name: fc.constant('physdev' as const),
    physdevIn: iface,
    isBridged: fc.record({ invert: bool }),
  }),
  fc.record({
    name: fc.constant('iprange' as const),
    src: fc.record({ min: u32, max: u32, invert: bool }),
  }),
) as fc.Arbitrary<Match>;

const natRange = fc
  .record({ minIp: u32, maxIp: u32, minPort: fc.integer({ min: 1, max: 65535 }) })
  .map((r) => ({ ...r, maxPort: r.minPort }));

function targets(portProto: boolean): fc.Arbitrary<TargetAction> {
  const list: fc.Arbitrary<TargetAction>[] = [
    fc.constantFrom<TargetAction>(
      { kind: 'ACCEPT' },
      { kind: 'DROP' },
      { kind: 'RETURN' },
      { kind: 'none' },
      { kind: 'jump', chain: 'FOO' },
      { kind: 'goto', chain: 'FOO' },
    ),
    fc
      .constantFrom(
        'icmp-net-unreachable',
        'icmp-host-unreachable',
        'icmp-port-unreachable',
        'icmp-admin-prohibited',
      )
      .map((w) => ({ kind: 'REJECT' as const, with: w })),
    fc.record({
      kind: fc.constant('LOG' as const),
      level: fc.integer({ min: 0, max: 7 }),
      prefix: fc.stringMatching(/^[ -~]{0,29}$/),
      tcpSequence: bool,
      tcpOptions: bool,
      ipOptions: bool,
      uid: bool,
      macDecode: bool,
    }),
    fc.record({ kind: fc.constant('MARK' as const), value: u32, mask: u32 }),
    fc.record({
      kind: fc.constant('CONNMARK' as const),
      op: fc.constant('set' as const),
      value: u32,
      mask: u32,
    }),
    fc.record({
      kind: fc.constant('NOTRACK' as const),
      spelling: fc.constantFrom('CT' as const, 'NOTRACK' as const),
    }),
    fc.record({ kind: fc.constant('MASQUERADE' as const), random: bool, randomFully: bool }),
  ];
  if (portProto) {
    list.push(
      fc.record({
        kind: fc.constantFrom('DNAT' as const, 'SNAT' as const),
        range: natRange,
        random: bool,
        persistent: bool,
        randomFully: fc.constant(false),
      }),
      fc.record({
        kind: fc.constant('REDIRECT' as const),
        ports: portRange.filter((r) => r.min > 0),
        random: bool,
      }),
    );
  }
  return fc.oneof(...list);
}

/** A canonical rule: what iptables-save would print back unchanged. */
export const ruleArb: fc.Arbitrary<Rule> = fc
  .record({
    src: fc.option(addrMask, { nil: undefined }),
    dst: fc.option(addrMask, { nil: undefined }),
    inIface: fc.option(iface, { nil: undefined }),
    outIface: fc.option(iface, { nil: undefined }),
    proto: fc.option(fc.record({ proto: fc.constantFrom(6, 17, 1, 47, 132), invert: bool }), {
      nil: undefined,
    }),
    fragment: fc.option(fc.record({ invert: bool }), { nil: undefined }),
  })
  .chain((h) => {
    const p = h.proto && !h.proto.invert ? h.proto.proto : 0;
    const mp = p === 6 || p === 17 ? fc.array(multiport, { maxLength: 1 }) : fc.constant([]);
    return fc.record({
      head: fc.constant(h),
      pm: protoMatches(p),
      mp,
      others: fc.array(otherMatch, { maxLength: 3 }),
      target: targets(p === 6 || p === 17),
    });
  })
  .map(({ head, pm, mp, others, target }) => {
    const r: Record<string, unknown> = {
      matches: [...pm, ...mp, ...others],
      target,
      counters: { pkts: 0, bytes: 0 },
    };
    for (const [k, v] of Object.entries(head)) if (v !== undefined) r[k] = v;
    return r as unknown as Rule;
  });
