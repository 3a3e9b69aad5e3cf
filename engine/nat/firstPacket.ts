/**
 * Does this packet go through the nat table's chains? Only a connection's first packet does
 * (kernel-facts §Packet path 5): nf_nat_inet_fn looks the chains up for IP_CT_NEW and
 * IP_CT_RELATED(_REPLY) while nf_nat_initialized() is false for this manipulation, and
 * otherwise just applies the binding the first packet left (nf_nat_packet). ESTABLISHED
 * packets, replies, and a NEW packet seen again after the binding was made (loopback,
 * retransmission) never see a nat rule.
 *
 * Its own module so verify/broken.test.ts can replace this one decision with vi.mock and show
 * the kernel comparison catches an engine that gets it wrong.
 */
import type { CtState } from '../netfilter/packetMeta.ts';

/** `bound`: the connection already has its nat binding for this manipulation (src or dst). */
export function natChainsRun(state: CtState, bound: boolean): boolean {
  return (state === 'NEW' || state === 'RELATED') && !bound;
}
