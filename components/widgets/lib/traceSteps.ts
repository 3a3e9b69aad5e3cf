/**
 * Turns the engine's trace events (engine/trace/events.ts) into the steps the packet tracer
 * shows: where the packet is (namespace, hook, table, chain), the rule under test and why it
 * matched or not, NAT before/after, the conntrack entry, the routing decision and the bridge's
 * forwarding decision. Nothing here re-derives kernel behaviour: it only reads the events.
 */
import type { TraceEvent } from '../../../engine/trace/events.ts';

export interface TracePosition {
  readonly ns: string;
  readonly hook?: string;
  readonly table?: string;
  readonly chain?: string;
  /** A routing decision (between PREROUTING and INPUT/FORWARD, or before OUTPUT). */
  readonly routing?: boolean;
}

export interface TraceStep {
  readonly index: number;
  readonly event: TraceEvent;
  readonly position: TracePosition;
  /** One sentence saying what happened at this step. */
  readonly text: string;
  /** The packet as last seen (src:sport > dst:dport flags). */
  readonly packet?: string;
  /** Latest NAT / conntrack / route / bridge facts up to this step. */
  readonly nat?: string;
  readonly conntrack?: string;
  readonly route?: string;
  readonly bridge?: string;
}

export function buildSteps(events: readonly TraceEvent[]): TraceStep[] {
  const steps: TraceStep[] = [];
  let pos: TracePosition = { ns: events[0]?.ns ?? '' };
  let facts: Pick<TraceStep, 'packet' | 'nat' | 'conntrack' | 'route' | 'bridge'> = {};
  events.forEach((event, index) => {
    pos = nextPosition(pos, event);
    facts = nextFacts(facts, event);
    steps.push({ index, event, position: pos, text: describe(event), ...facts });
  });
  return steps;
}

function nextPosition(pos: TracePosition, e: TraceEvent): TracePosition {
  switch (e.type) {
    case 'hook':
      return { ns: e.ns, hook: e.hook };
    case 'chain':
      return {
        ns: e.ns,
        hook: pos.ns === e.ns ? pos.hook : undefined,
        table: e.table,
        chain: e.chain,
      };
    case 'rule':
    case 'rules-skipped':
    case 'verdict':
      return { ...pos, ns: e.ns, table: e.table, chain: e.chain };
    case 'route':
      return { ns: e.ns, routing: true };
    case 'send':
    case 'receive':
    case 'bridge':
    case 'arp':
      return { ns: e.ns };
    default:
      return { ...pos, ns: e.ns };
  }
}

function nextFacts(
  f: Pick<TraceStep, 'packet' | 'nat' | 'conntrack' | 'route' | 'bridge'>,
  e: TraceEvent,
) {
  switch (e.type) {
    case 'send':
    case 'receive':
      return { ...f, packet: packetText(e.packet) };
    case 'nat': {
      const nat = `${e.kind} in ${e.hook} (${e.ns}): ${e.before} → ${e.after}`;
      if (e.kind === 'binding' || e.kind === 'null-binding' || !f.conntrack?.includes(`, ${e.ns})`))
        return { ...f, nat };
      // A NAT target stores its binding in the connection: from here on conntrack -L shows the
      // new reply tuple (the event's `after`), so the entry shown must not keep the old one.
      return {
        ...f,
        nat,
        conntrack: f.conntrack.replace(/; reply .*$/, `; ${e.after} (${e.kind})`),
      };
    }
    case 'conntrack':
      return {
        ...f,
        conntrack: `${e.state} (${e.dir.toLowerCase()} direction, ${e.ns})${e.orig ? `: ${e.orig}` : ''}${e.reply ? `; reply ${e.reply}` : ''}`,
      };
    case 'route':
      return { ...f, route: routeText(e) };
    case 'bridge':
      return { ...f, bridge: bridgeText(e) };
    default:
      return f;
  }
}

type Ev<T extends TraceEvent['type']> = Extract<TraceEvent, { type: T }>;

function packetText(p: Ev<'send'>['packet']): string {
  const port = (a: string, n?: number) => (n === undefined ? a : `${a}:${n}`);
  const proto = p.proto === '' ? 'ip' : p.proto;
  const extra = p.flags
    ? ` [${p.flags}]`
    : p.type !== undefined
      ? ` type ${p.type} code ${p.code ?? 0}`
      : '';
  return `${proto} ${port(p.src, p.sport)} → ${port(p.dst, p.dport)}${extra} ttl ${p.ttl}`;
}

function routeText(e: Ev<'route'>): string {
  const how: Record<Ev<'route'>['result'], string> = {
    local: 'for this host (local table): deliver through INPUT',
    forward: 'not for this host: forward',
    output: 'sent by this host',
    'no-route': 'no route: dropped, ICMP net unreachable',
    'forwarding-disabled': 'not for this host and ip_forward is 0: dropped silently',
    blackhole: 'blackhole route: dropped',
    unreachable: 'unreachable route',
    prohibit: 'prohibit route',
  };
  return `${e.ns}: ${e.dst} ${e.route ? `matches "${e.route}"` : 'matches no route'}: ${how[e.result]}`;
}

function bridgeText(e: Ev<'bridge'>): string {
  const nf = e.netfilter ? '; br_netfilter hands it to iptables' : '; iptables does not see it';
  const out = e.outPorts.length > 0 ? ` out of ${e.outPorts.join(', ')}` : '';
  return `${e.bridge} (${e.ns}): ${e.decision}${out}${e.inPort ? ` (in on ${e.inPort})` : ''}${e.reason ? `, ${e.reason}` : ''}${nf}`;
}

function describe(e: TraceEvent): string {
  switch (e.type) {
    case 'send':
      return `${e.ns} sends ${packetText(e.packet)} (${e.by})`;
    case 'receive':
      return `${e.ns} receives it on ${e.dev}`;
    case 'bridge':
      return `Bridge ${bridgeText(e)}`;
    case 'arp':
      return `ARP on ${e.dev} for ${e.target}: ${e.result}${e.mac ? ` (${e.mac})` : ''}`;
    case 'route':
      return `Routing decision in ${routeText(e)}`;
    case 'hook':
      return `${e.ns}: netfilter hook ${e.hook}${e.in ? ` in ${e.in}` : ''}${e.out ? ` out ${e.out}` : ''}${e.bridged ? ' (bridged frame, br_netfilter)' : ''}`;
    case 'chain':
      return `Enters chain ${e.chain} of table ${e.table}`;
    case 'rule':
      return e.matched
        ? `Rule ${e.index} of ${e.chain} matches: ${e.rule ?? ''}`
        : `Rule ${e.index} of ${e.chain} does not match: ${e.failedOption ?? 'an option'} fails`;
    case 'rules-skipped':
      return `Rules ${e.from}–${e.to} of ${e.chain} do not match`;
    case 'verdict':
      return `${e.verdict} ${e.policy ? `by the policy of ${e.chain}` : `in ${e.chain}`} (${e.table})`;
    case 'log':
      return `LOG: ${e.line}`;
    case 'mark':
      return `Mark set to 0x${e.mark.toString(16)}`;
    case 'nat':
      // `binding`: the packet rewritten from the connection's NAT binding in conntrack; the
      // first packet's binding is what the NAT target just chose, later packets get it without
      // traversing the nat chains (kernel-facts §5).
      return e.kind === 'binding'
        ? `Rewritten by the connection's NAT binding: ${e.before} → ${e.after}`
        : `${e.kind}: ${e.before} → ${e.after}`;
    case 'conntrack':
      return `Conntrack: ${e.state} (${e.dir.toLowerCase()})`;
    case 'deliver':
      // Without `dev` it is the transport's next move (a listener answering, connect()
      // completing), not an arrival on a device.
      return e.dev ? `Delivered to ${e.to} in ${e.ns} (${e.dev})` : `In ${e.ns}: ${e.to}`;
    case 'drop':
      return `Dropped in ${e.ns}: ${e.reason}`;
  }
}

/**
 * The one-line verdict for the first packet of the probe: "dropped by rule 1 of
 * DOCKER-ISOLATION-STAGE-2 (filter, FORWARD)", "dropped by the policy of FORWARD (filter)",
 * or where it was delivered.
 */
export function verdictLine(steps: readonly TraceStep[]): string {
  for (const s of steps) {
    const e = s.event;
    if (e.type === 'drop') return dropLine(steps, s);
    if (e.type === 'deliver') return `delivered to ${e.to} in ${e.ns}${e.dev ? ` (${e.dev})` : ''}`;
  }
  return 'no verdict: the packet did not get anywhere';
}

function dropLine(steps: readonly TraceStep[], drop: TraceStep): string {
  const e = drop.event as Ev<'drop'>;
  const v = [...steps.slice(0, drop.index)].reverse().find((s) => s.event.type === 'verdict');
  if (!v || v.index < drop.index - 2) return `dropped in ${e.ns}: ${e.reason}`;
  const ve = v.event as Ev<'verdict'>;
  const hook = v.position.hook ?? ve.chain;
  const what = ve.verdict.toLowerCase().startsWith('reject') ? 'rejected' : 'dropped';
  if (ve.policy) return `${what} by the policy of ${ve.chain} (${ve.table}, ${hook}) in ${e.ns}`;
  const rule = [...steps.slice(0, v.index)]
    .reverse()
    .find((s) => s.event.type === 'rule' && s.event.matched);
  const idx = rule && rule.event.type === 'rule' ? rule.event.index : '?';
  const chain = rule && rule.event.type === 'rule' ? rule.event.chain : ve.chain;
  return `${what} by rule ${idx} of ${chain} (${ve.table}, ${hook}) in ${e.ns}`;
}

/** What the tracer redraws for one step: the lit stage, the rule under test and the facts. */
export interface StepView {
  readonly stage?: string;
  readonly table?: string;
  readonly where: string;
  readonly rule: string;
  readonly step: TraceStep;
}

export function stepView(steps: readonly TraceStep[], at: number): StepView | undefined {
  const step = steps[at];
  if (!step) return undefined;
  let rule = '—';
  for (let i = at; i >= 0; i--) {
    const e = steps[i]?.event;
    if (e?.type === 'hook') break;
    if (e?.type === 'rule') {
      rule = steps[i]?.text ?? '—';
      break;
    }
  }
  const p = step.position;
  const where = [p.ns, p.hook, p.table && `${p.table} ${p.chain ?? ''}`.trim()]
    .filter(Boolean)
    .join(' · ');
  const stage = p.routing ? 'routing' : p.hook;
  return { stage, table: p.routing ? undefined : p.table, where, rule, step };
}
