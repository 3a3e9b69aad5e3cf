/**
 * The bridge's forwarding decision (net/bridge/br_input.c, br_forward.c): learn the source MAC
 * on the ingress port, deliver frames for the bridge's own MAC up the stack, forward known
 * unicast to its port, flood unknown unicast and broadcast to every other port. A frame whose
 * port is the one it came in by is dropped unless that port has hairpin mode (br_forward.c
 * should_deliver: `skb->dev != p->dev || p->flags & BR_HAIRPIN_MODE`).
 */
import type { Bridge } from './device.ts';
import { BROADCAST_MAC } from './device.ts';

export type BridgeDecision =
  | { readonly kind: 'local' }
  | { readonly kind: 'forward'; readonly port: string }
  | { readonly kind: 'flood'; readonly ports: readonly string[] }
  | { readonly kind: 'drop'; readonly reason: 'hairpin-off' | 'no-ports' };

/** br_fdb_update: remember where `mac` lives (never overriding a local entry). */
export function learn(bridge: Bridge, mac: string, port: string): void {
  const known = bridge.fdb.get(mac);
  if (known?.local) return;
  if (known?.port !== port) bridge.fdb.set(mac, { port, local: false });
}

/** `ports`: the bridge's ports that are up, in creation order; `hairpin` tells each port's mode. */
export function decide(
  bridge: Bridge,
  inPort: string | undefined,
  dstMac: string,
  ports: ReadonlyArray<{ name: string; hairpin: boolean }>,
): BridgeDecision {
  if (dstMac === bridge.mac) return { kind: 'local' };
  const entry = dstMac === BROADCAST_MAC ? undefined : bridge.fdb.get(dstMac);
  if (entry?.local) return { kind: 'local' };
  if (entry) {
    const port = ports.find((p) => p.name === entry.port);
    if (port === undefined) return { kind: 'drop', reason: 'no-ports' };
    if (port.name === inPort && !port.hairpin) return { kind: 'drop', reason: 'hairpin-off' };
    return { kind: 'forward', port: port.name };
  }
  const out = ports.filter((p) => p.name !== inPort || p.hairpin).map((p) => p.name);
  return out.length === 0 ? { kind: 'drop', reason: 'no-ports' } : { kind: 'flood', ports: out };
}
