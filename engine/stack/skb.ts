/**
 * What travels with a packet inside one namespace (struct sk_buff's fields the path uses).
 * Crossing a veth into another namespace scrubs it (skb_scrub_packet: mark and conntrack go).
 */
import type { CtAttachment } from '../conntrack/table.ts';
import type { Ipv4Packet } from '../packet/packet.ts';

export interface Skb {
  pkt: Ipv4Packet;
  mark: number;
  ct?: CtAttachment;
  untracked: boolean;
  srcMac: string;
  dstMac: string;
  /** The bridge port it came in by, once br_netfilter has seen it (nf_bridge->physindev). */
  physIn?: string;
  /** Went through br_netfilter's PREROUTING: the IP layer skips its own (ip_sabotage_in). */
  brPrerouted: boolean;
  /** Routed through this namespace (ip_forward), not made here. */
  forwarded?: boolean;
  /** Sent by this namespace's own stack or sockets (ip_local_out). */
  locallyMade?: boolean;
  /**
   * The fsuid/fsgid of the process whose socket owns the packet (skb->sk with a file), for LOG
   * --log-uid. The probes' sockets belong to root; kernel-made packets (resets, ICMP, SYN-ACKs
   * of a request socket) have none.
   */
  sockUid?: number;
}

export function newSkb(pkt: Ipv4Packet): Skb {
  return { pkt, mark: 0, untracked: false, srcMac: '', dstMac: '', brPrerouted: false };
}

/** A packet a process's socket sends (root, as the recording agent runs). */
export function socketSkb(pkt: Ipv4Packet): Skb {
  return { ...newSkb(pkt), sockUid: 0 };
}

/** skb_scrub_packet on a namespace crossing. */
export function scrub(skb: Skb): Skb {
  return newSkbFrom(skb.pkt, skb.srcMac, skb.dstMac);
}

function newSkbFrom(pkt: Ipv4Packet, srcMac: string, dstMac: string): Skb {
  return { ...newSkb(pkt), srcMac, dstMac };
}
