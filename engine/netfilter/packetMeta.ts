/**
 * The contract between the packet path (which builds a PacketMeta at each hook) and rule
 * matching (which reads it). Nothing here knows about devices or routing tables: the stack
 * answers questions such as "what type is this address" through the callbacks it passes.
 *
 * Addresses are IPv4 as unsigned 32-bit numbers (10.0.0.1 = 0x0a000001), the form the
 * kernel compares with masks (struct ipt_ip in include/uapi/linux/netfilter_ipv4/ip_tables.h).
 */
import type { Ipv4Packet } from '../packet/packet.ts';

export type TableName = 'raw' | 'mangle' | 'nat' | 'filter' | 'security';
export type HookName = 'PREROUTING' | 'INPUT' | 'FORWARD' | 'OUTPUT' | 'POSTROUTING';

/** IANA protocol numbers used throughout (include/uapi/linux/in.h). */
export const IPPROTO = { ICMP: 1, TCP: 6, UDP: 17, SCTP: 132 } as const;

/** TCP flag bits as in the TCP header (include/net/tcp.h TCPHDR_*). */
export const TCP_FLAG = {
  FIN: 0x01,
  SYN: 0x02,
  RST: 0x04,
  PSH: 0x08,
  ACK: 0x10,
  URG: 0x20,
  ECE: 0x40,
  CWR: 0x80,
} as const;

/** Connection tracking state as xt_conntrack/xt_state see it. */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';
export type CtStatus = 'EXPECTED' | 'SEEN_REPLY' | 'ASSURED' | 'CONFIRMED';

export interface CtView {
  readonly state: CtState;
  /** Direction of this packet within its connection. */
  readonly dir: 'ORIGINAL' | 'REPLY';
  readonly status: ReadonlySet<CtStatus>;
  readonly mark: number;
  /** Whether the connection's reply tuple differs from the inverted original (--ctstate SNAT/DNAT). */
  readonly snat: boolean;
  readonly dnat: boolean;
  readonly orig: {
    readonly src: number;
    readonly dst: number;
    readonly sport: number;
    readonly dport: number;
  };
  readonly reply: {
    readonly src: number;
    readonly dst: number;
    readonly sport: number;
    readonly dport: number;
  };
}

/** Address types of xt_addrtype (include/uapi/linux/netfilter/xt_addrtype.h). */
export type AddrTypeName =
  | 'UNSPEC'
  | 'UNICAST'
  | 'LOCAL'
  | 'BROADCAST'
  | 'ANYCAST'
  | 'MULTICAST'
  | 'BLACKHOLE'
  | 'UNREACHABLE'
  | 'PROHIBIT'
  | 'THROW'
  | 'NAT'
  | 'XRESOLVE';

export interface PacketMeta {
  readonly table: TableName;
  readonly hook: HookName;
  readonly src: number;
  readonly dst: number;
  readonly proto: number;
  /** TCP/UDP/SCTP ports; undefined for other protocols. */
  readonly sport?: number;
  readonly dport?: number;
  /** TCP flags bitmask (TCP_FLAG); undefined unless TCP. */
  readonly tcpFlags?: number;
  /** ICMP type and code; undefined unless ICMP. */
  readonly icmpType?: number;
  readonly icmpCode?: number;
  /** IP total length in bytes (what rule byte counters add). */
  readonly len: number;
  /** The IP header's TTL at this hook: 64 from a local socket, one less after ip_forward. */
  readonly ttl: number;
  /** The IP header's identification field (see packet.ts IpIdent for how senders pick it). */
  readonly ipId: number;
  /**
   * The packet as it is at this hook, for what only the LOG target reads: the DF bit, TCP
   * window, echo id and sequence, the packet an ICMP error quotes.
   */
  readonly packet: Ipv4Packet;
  /**
   * The Ethernet header the packet arrived with, set only when there is an input device
   * (nf_log_ip_packet dumps it only then). On lo both addresses are zero.
   */
  readonly macSrc?: string;
  readonly macDst?: string;
  /** The fsuid (= fsgid here) of the process whose socket owns the packet (skb->sk), if any. */
  readonly sockUid?: number;
  /** -i / -o: the IP-level devices (for a bridged frame, the bridge itself). */
  readonly inIface?: string;
  readonly outIface?: string;
  /** physdev: the bridge ports, set only for frames that cross a bridge (br_netfilter). */
  readonly physIn?: string;
  readonly physOut?: string;
  readonly bridged: boolean;
  /** skb->mark. */
  readonly mark: number;
  /** Undefined while conntrack is not running in this namespace (kernel-facts §6). */
  readonly ct?: CtView;
  /**
   * xt_addrtype: the types of addr in this namespace. With `dev`, as --limit-iface-in/out ask:
   * types as seen through that device only.
   */
  addrTypes(addr: number, dev?: string): ReadonlySet<AddrTypeName>;
  /** Uniform random in [0, 1), injected so runs are deterministic (xt_statistic random mode). */
  random(): number;
  /** Simulated time in milliseconds (xt_recent). */
  readonly now: number;
}
