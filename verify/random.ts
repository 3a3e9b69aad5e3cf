/**
 * A seeded fast-check generator of small random scenarios: a router namespace `r` with one to
 * three segments (a direct veth to one host, or a bridge with one or two hosts), random
 * ip_forward and bridge-nf-call-iptables, a few filter/nat rules on the router and a few
 * probes between the hosts and the router. Every address is inside the namespaces built for
 * the case (10.K.0.0/24 per segment), so the safety rules hold by construction.
 */
import fc from 'fast-check';
import type { ListenSpec, ProbeSpec, Proto, Scenario } from './format.ts';

export interface SegmentGen {
  bridge: boolean;
  hosts: 1 | 2;
}

export interface FilterRuleGen {
  kind: 'filter';
  chain: 'INPUT' | 'FORWARD' | 'OUTPUT';
  proto: Proto | null;
  dport: number | null;
  src: number | null;
  dst: number | null;
  iif: number | null;
  oif: number | null;
  ctstate: 'RELATED,ESTABLISHED' | 'NEW' | null;
  target: 'ACCEPT' | 'DROP' | 'REJECT' | 'REJECT-RST';
}

export interface NatRuleGen {
  kind: 'dnat' | 'masquerade' | 'redirect';
  proto: 'tcp' | 'udp';
  /** DNAT: index into the host list; MASQUERADE: the output segment. */
  to: number;
}

export interface ProbeGen {
  from: number;
  proto: Proto;
  /** Index into the candidate destinations (hosts, router addresses, an unrouted address). */
  to: number;
  dport: number;
}

export interface CaseGen {
  forward: 0 | 1;
  brnf: 0 | 1;
  inputPolicy: 'ACCEPT' | 'DROP';
  forwardPolicy: 'ACCEPT' | 'DROP';
  segments: SegmentGen[];
  rules: (FilterRuleGen | NatRuleGen)[];
  probes: ProbeGen[];
}

const PORTS = [22, 53, 80, 8080];
/** Probes also try 2222, the port the generated REDIRECT rules catch. */
const PROBE_PORTS = [...PORTS, 2222];
const small = (max: number) => fc.option(fc.nat({ max }), { nil: null, freq: 2 });

const filterRule: fc.Arbitrary<FilterRuleGen> = fc.record({
  kind: fc.constant('filter' as const),
  chain: fc.constantFrom('FORWARD' as const, 'INPUT' as const, 'OUTPUT' as const),
  proto: fc.option(fc.constantFrom<Proto>('tcp', 'udp', 'icmp'), { nil: null }),
  dport: fc.option(fc.constantFrom(...PORTS), { nil: null }),
  src: small(2),
  dst: small(2),
  iif: small(2),
  oif: small(2),
  ctstate: fc.option(fc.constantFrom('RELATED,ESTABLISHED' as const, 'NEW' as const), {
    nil: null,
    freq: 3,
  }),
  target: fc.constantFrom('ACCEPT' as const, 'DROP' as const, 'REJECT' as const, 'REJECT-RST' as const), // prettier-ignore
});

const natRule: fc.Arbitrary<NatRuleGen> = fc.record({
  kind: fc.constantFrom('dnat' as const, 'masquerade' as const, 'redirect' as const),
  proto: fc.constantFrom('tcp' as const, 'udp' as const),
  to: fc.nat({ max: 4 }),
});

export const caseArbitrary: fc.Arbitrary<CaseGen> = fc.record({
  forward: fc.constantFrom(1 as const, 0 as const),
  brnf: fc.constantFrom(1 as const, 0 as const),
  inputPolicy: fc.constantFrom('ACCEPT' as const, 'DROP' as const),
  forwardPolicy: fc.constantFrom('ACCEPT' as const, 'DROP' as const),
  segments: fc.array(
    fc.record({ bridge: fc.boolean(), hosts: fc.constantFrom(1 as const, 2 as const) }),
    { minLength: 1, maxLength: 3 },
  ),
  rules: fc.array(fc.oneof({ weight: 3, arbitrary: filterRule }, { weight: 1, arbitrary: natRule }), { maxLength: 4 }), // prettier-ignore
  probes: fc.array(
    fc.record({
      from: fc.nat({ max: 5 }),
      proto: fc.constantFrom<Proto>('tcp', 'udp', 'icmp'),
      to: fc.nat({ max: 9 }),
      dport: fc.constantFrom(...PROBE_PORTS),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

interface Layout {
  /** Router interface per segment (veth end or bridge). */
  iface: string[];
  hosts: { ns: string; addr: string; seg: number }[];
}

function layout(g: CaseGen): Layout {
  const iface: string[] = [];
  const hosts: Layout['hosts'] = [];
  g.segments.forEach((s, i) => {
    const k = i + 1;
    iface.push(s.bridge ? `br${k}` : `r${k}`);
    for (let h = 1; h <= (s.bridge ? s.hosts : 1); h++)
      hosts.push({ ns: `h${k}${h}`, addr: `10.${k}.0.${h + 1}`, seg: i });
  });
  return { iface, hosts };
}

const pick = <T>(list: T[], i: number | null): T | null =>
  i === null || list.length === 0 ? null : list[i % list.length]!;

function filterLine(r: FilterRuleGen, l: Layout): string {
  const net = (i: number | null) => (i === null ? null : `10.${(i % l.iface.length) + 1}.0.0/24`);
  const parts = [`-A ${r.chain}`];
  const src = net(r.src);
  const dst = net(r.dst);
  if (src) parts.push(`-s ${src}`);
  if (dst) parts.push(`-d ${dst}`);
  const iif = r.chain === 'OUTPUT' ? null : pick(l.iface, r.iif);
  const oif = r.chain === 'INPUT' ? null : pick(l.iface, r.oif);
  if (iif) parts.push(`-i ${iif}`);
  if (oif) parts.push(`-o ${oif}`);
  const proto = r.target === 'REJECT-RST' ? 'tcp' : r.proto;
  if (proto) parts.push(`-p ${proto}`);
  if (proto && proto !== 'icmp' && r.dport !== null) parts.push(`-m ${proto} --dport ${r.dport}`);
  if (r.ctstate) parts.push(`-m conntrack --ctstate ${r.ctstate}`);
  if (r.target === 'REJECT-RST') parts.push('-j REJECT --reject-with tcp-reset');
  else parts.push(`-j ${r.target}`);
  return parts.join(' ');
}

function natLine(r: NatRuleGen, l: Layout): string | null {
  if (r.kind === 'dnat') {
    const h = pick(l.hosts, r.to)!;
    return `-A PREROUTING -p ${r.proto} -m ${r.proto} --dport 8080 -j DNAT --to-destination ${h.addr}:80`; // prettier-ignore
  }
  if (r.kind === 'redirect')
    return `-A PREROUTING -p ${r.proto} -m ${r.proto} --dport 2222 -j REDIRECT --to-ports 22`;
  return `-A POSTROUTING -o ${pick(l.iface, r.to)} -j MASQUERADE`;
}

function ruleset(g: CaseGen, l: Layout): string[] {
  const filter = g.rules.filter((r): r is FilterRuleGen => r.kind === 'filter');
  const nat = g.rules.filter((r): r is NatRuleGen => r.kind !== 'filter');
  const out = [
    '*filter',
    `:INPUT ${g.inputPolicy} [0:0]`,
    `:FORWARD ${g.forwardPolicy} [0:0]`,
    ':OUTPUT ACCEPT [0:0]',
    ...filter.map((r) => filterLine(r, l)),
    'COMMIT',
  ];
  if (nat.length)
    out.push(
      '*nat',
      ...[':PREROUTING', ':INPUT', ':OUTPUT', ':POSTROUTING'].map((c) => `${c} ACCEPT [0:0]`),
      ...nat.map((r) => natLine(r, l)!),
      'COMMIT',
    );
  return out;
}

function probe(p: ProbeGen, i: number, g: CaseGen, l: Layout): ProbeSpec {
  const from = pick(l.hosts, p.from)!;
  const targets = [
    ...l.hosts.map((h) => ({ ns: h.ns as string | null, addr: h.addr })),
    ...l.iface.map((_, s) => ({ ns: 'r' as string | null, addr: `10.${s + 1}.0.1` })),
    { ns: null, addr: '10.99.0.5' },
  ];
  const to = pick(targets, p.to)!;
  const spec: ProbeSpec = { name: `${i + 1}: ${from.ns}->${to.addr}`, from: from.ns, proto: p.proto, dst: to.addr }; // prettier-ignore
  if (p.proto === 'icmp') return spec;
  spec.dport = p.dport;
  spec.name += `:${p.dport} ${p.proto}`;
  const listen: ListenSpec[] = [];
  const dnat = g.rules.find((r): r is NatRuleGen => r.kind === 'dnat' && r.proto === p.proto);
  if (dnat && p.dport === 8080) listen.push({ ns: pick(l.hosts, dnat.to)!.ns, port: 80 });
  if (p.dport === 22 || g.rules.some((r) => r.kind === 'redirect' && r.proto === p.proto))
    if (!listen.some((x) => x.ns === 'r')) listen.push({ ns: 'r', port: 22 });
  if (to.ns !== null && !listen.some((x) => x.ns === to.ns))
    listen.push({ ns: to.ns, port: p.dport });
  spec.listen = listen.length ? listen : false;
  return spec;
}

/** The scenario a generated case describes. */
export function toScenario(g: CaseGen, name: string): Scenario {
  const l = layout(g);
  const namespaces: Scenario['namespaces'] = {
    r: {
      sysctls: { 'net.ipv4.ip_forward': g.forward, 'net.bridge.bridge-nf-call-iptables': g.brnf },
      bridges: g.segments.flatMap((s, i) => (s.bridge ? [{ name: `br${i + 1}`, addrs: [`10.${i + 1}.0.1/24`] }] : [])), // prettier-ignore
      iptables: ruleset(g, l),
    },
  };
  const links: Scenario['links'] = [];
  for (const h of l.hosts) {
    namespaces[h.ns] = { routes: [`default via 10.${h.seg + 1}.0.1`] };
    const bridged = g.segments[h.seg]!.bridge;
    links.push({
      a: bridged
        ? { ns: 'r', name: `p-${h.ns}`, master: l.iface[h.seg]! }
        : { ns: 'r', name: l.iface[h.seg]!, addrs: [`10.${h.seg + 1}.0.1/24`] },
      b: { ns: h.ns, name: 'eth0', addrs: [`${h.addr}/24`] },
    });
  }
  const probes = g.probes.map((p, i) => probe(p, i, g, l));
  return { name, description: 'generated by verify/random.ts', namespaces, links, probes };
}
