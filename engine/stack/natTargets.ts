/**
 * What each NAT target binds (net/netfilter/xt_nat.c, xt_MASQUERADE.c, xt_REDIRECT.c):
 * DNAT to the given address[:port]; SNAT to the given address, keeping the port if it can;
 * MASQUERADE to the outgoing device's primary address for the next hop (inet_select_addr);
 * REDIRECT to the primary address of the incoming device (127.0.0.1 for local packets)
 * (kernel-facts §11).
 */
import type { CtEntry } from '../conntrack/entry.ts';
import { bindDestination, bindSource, type ManipType } from '../nat/binding.ts';
import type { NatAction } from '../netfilter/traverse.ts';
import { formatIpv4, parseIpv4 } from '../packet/ipv4.ts';
import type { HookName } from '../netfilter/packetMeta.ts';
import { lookupRoute } from '../routing/table.ts';
import type { HookIo } from './hook.ts';
import type { Netns } from './netns.ts';
import type { Skb } from './skb.ts';
import { selectSource } from './source.ts';
import type { World } from './world.ts';

const LOOPBACK = parseIpv4('127.0.0.1')!;

/** Returns an error text when the binding cannot be made (the packet is dropped). */
export function bindNat(
  w: World,
  ns: Netns,
  e: CtEntry,
  action: NatAction,
  manip: ManipType,
  skb: Skb,
  io: HookIo,
  hook: HookName,
): string | undefined {
  const inUse = (t: Parameters<typeof ns.conntrack.inUse>[0]) => ns.conntrack.inUse(t);
  switch (action.kind) {
    case 'DNAT': {
      if (manip !== 'dst') return 'DNAT outside PREROUTING/OUTPUT';
      const r = action.range;
      bindDestination(e, r.minIp ?? e.orig.dst, r.minPort);
      return traceBind(w, ns, hook, 'DNAT', e);
    }
    case 'REDIRECT': {
      const inDev = io.in !== undefined ? ns.device(io.in) : undefined;
      const addr = io.in === undefined ? LOOPBACK : inDev?.addrs[0]?.addr;
      if (addr === undefined) return 'REDIRECT: incoming device has no address';
      bindDestination(e, addr, action.ports?.min);
      return traceBind(w, ns, hook, 'REDIRECT', e);
    }
    case 'SNAT': {
      const r = action.range;
      const ports =
        r.minPort !== undefined ? { min: r.minPort, max: r.maxPort ?? r.minPort } : undefined;
      const random = action.random || action.randomFully ? w.random : undefined;
      bindSource(e, r.minIp ?? e.orig.src, ports, inUse, random);
      return traceBind(w, ns, hook, 'SNAT', e);
    }
    case 'MASQUERADE': {
      const out = io.out;
      const route = lookupRoute(ns.routes(), skb.pkt.dst);
      const src = out !== undefined ? selectSource(ns, out, route?.via ?? skb.pkt.dst) : undefined;
      if (src === undefined) return 'MASQUERADE: no address on the outgoing device';
      const random = action.random || action.randomFully ? w.random : undefined;
      bindSource(e, src, action.ports, inUse, random);
      return traceBind(w, ns, hook, 'MASQUERADE', e);
    }
  }
}

/** The binding as conntrack shows it: the original tuple and the reply tuple it now expects. */
function traceBind(
  w: World,
  ns: Netns,
  hook: HookName,
  kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT',
  e: CtEntry,
): undefined {
  const t = (x: CtEntry['orig']) =>
    `${formatIpv4(x.src)}:${x.sport} > ${formatIpv4(x.dst)}:${x.dport}`;
  w.trace({
    type: 'nat',
    ns: ns.name,
    hook,
    kind,
    before: `orig ${t(e.orig)}`,
    after: `reply ${t(e.reply)}`,
  });
  return undefined;
}
