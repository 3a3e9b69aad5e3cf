/**
 * THE module that decides netfilter hook order; nothing else in the engine lists hooks.
 *
 * Within a hook, steps run in priority order (include/uapi/linux/netfilter_ipv4.h):
 * raw -300, conntrack -200, mangle -150, nat DNAT -100, filter 0, security 50, nat SNAT 100,
 * conntrack confirm INT_MAX.
 *
 * Across hooks, the paths a packet takes (kernel-facts.md §Packet path 2):
 * - locally generated: route lookup, OUTPUT, re-route if OUTPUT changed the destination or
 *   mark, POSTROUTING, transmit (ip_local_out, ip_output);
 * - incoming for this host: PREROUTING, routing decision (local), INPUT, socket;
 * - forwarded: PREROUTING, routing decision, FORWARD (after it: FORWARD needs -o), POSTROUTING;
 * - bridged with bridge-nf-call-iptables=1 (br_netfilter): PREROUTING with -i the bridge,
 *   the bridge's forwarding decision, FORWARD with -i and -o the bridge, POSTROUTING; no
 *   routing decision and no TTL decrement. A frame for the bridge's own MAC goes through
 *   PREROUTING once (br_nf_pre_routing; ip_sabotage_in skips the second pass) and then INPUT.
 */
import type { HookName, TableName } from '../netfilter/packetMeta.ts';

export type NatManip = 'src' | 'dst';

export type HookStep =
  /** Traverse this table's built-in chain named after the hook. */
  | { readonly kind: 'table'; readonly table: TableName }
  /** nf_conntrack_in: attach or create the packet's connection. */
  | { readonly kind: 'conntrack' }
  /** The nat table: chains on a connection's first packet, then the binding on every packet. */
  | { readonly kind: 'nat'; readonly manip: NatManip }
  /** nf_conntrack_confirm: a new connection enters the table. */
  | { readonly kind: 'confirm' };

const T = (table: TableName): HookStep => ({ kind: 'table', table });
const CT: HookStep = { kind: 'conntrack' };
const CONFIRM: HookStep = { kind: 'confirm' };

export const HOOK_STEPS: Readonly<Record<HookName, readonly HookStep[]>> = {
  PREROUTING: [T('raw'), CT, T('mangle'), { kind: 'nat', manip: 'dst' }],
  INPUT: [T('mangle'), T('filter'), T('security'), { kind: 'nat', manip: 'src' }, CONFIRM],
  FORWARD: [T('mangle'), T('filter'), T('security')],
  OUTPUT: [T('raw'), CT, T('mangle'), { kind: 'nat', manip: 'dst' }, T('filter'), T('security')],
  POSTROUTING: [T('mangle'), { kind: 'nat', manip: 'src' }, CONFIRM],
};

/** The hooks of each path, in order; the stack walks them with its routing decisions between. */
export const PATHS = {
  localOut: ['OUTPUT', 'POSTROUTING'],
  localIn: ['PREROUTING', 'INPUT'],
  forward: ['PREROUTING', 'FORWARD', 'POSTROUTING'],
  bridged: ['PREROUTING', 'FORWARD', 'POSTROUTING'],
} as const satisfies Record<string, readonly HookName[]>;
