/**
 * The rule model every layer shares: the iptables command language builds it, iptables-save
 * prints it, and the packet path walks it.
 *
 * How the packet path uses it: at each hook it takes `ruleset.tables[table]` (undefined = the
 * table was never used in this namespace, so it is not registered and is skipped, as nf_tables
 * only hooks tables that exist), finds the built-in chain named after the hook, and tests each
 * `Rule` in order with `ruleMatches` (match.ts). On a match it adds the packet to
 * `rule.counters` and acts on `rule.target` (a `TargetAction`): a verdict ends the traversal,
 * `jump`/`goto` enter a user chain of the same table (goto does not push a return point),
 * `return` pops, and the non-terminating targets (LOG, MARK, CONNMARK, CT...) change the packet
 * or log and continue with the next rule. Falling off a built-in chain applies `chain.policy`
 * and adds to `chain.policyCounters`; falling off a user chain acts like RETURN.
 *
 * Addresses are u32 numbers (10.0.0.1 = 0x0a000001) as in packetMeta.ts; an address match
 * keeps the address already masked, as the kernel stores it (struct ipt_ip).
 *
 * Change this file only additively: the engine builds on it.
 */
import type { CtState, CtStatus, AddrTypeName, TableName } from './packetMeta.ts';

export type { TableName };

/** The tables iptables-nft knows (iptables-save prints them in SAVE_ORDER, commands/iptables/save.ts). */
export const TABLE_NAMES: readonly TableName[] = ['raw', 'mangle', 'nat', 'filter', 'security'];

/** Built-in chains of each table in the order the kernel lists them (hook order). */
export const BUILTIN_CHAINS: Readonly<Record<TableName, readonly string[]>> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  security: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/**
 * Packet and byte counters (iptables-save -c prints them as [pkts:bytes]). A value: counting a
 * packet or zeroing (-Z) replaces a rule's or chain's counters, so the counters of rules no
 * packet has hit can be one shared ZERO_COUNTERS (a 110k-line restore makes 80k rules).
 */
export interface Counters {
  readonly pkts: number;
  readonly bytes: number;
}

export const ZERO_COUNTERS: Counters = Object.freeze({ pkts: 0, bytes: 0 });

/** The counters after one more packet of `len` bytes. */
export function countPacket(c: Counters, len: number): Counters {
  return { pkts: c.pkts + 1, bytes: c.bytes + len };
}

/** -s / -d: `addr` is already masked. mask 0 means "any" and is not printed. */
export interface AddrMatch {
  readonly addr: number;
  readonly mask: number;
  readonly invert: boolean;
}

/** -i / -o: `name` may end in `+` (prefix match); `+` alone matches every device. */
export interface IfaceMatch {
  readonly name: string;
  readonly invert: boolean;
}

/** -p: protocol number (0 = all, never stored). */
export interface ProtoMatch {
  readonly proto: number;
  readonly invert: boolean;
}

/** An inclusive port range; a single port has min === max. */
export interface PortRange {
  readonly min: number;
  readonly max: number;
}

export interface InvertiblePorts extends PortRange {
  readonly invert: boolean;
}

/** --tcp-flags mask comp: the flags in `mask` must equal `comp` (TCP_FLAG bits). */
export interface TcpFlagsMatch {
  readonly mask: number;
  readonly comp: number;
  readonly invert: boolean;
}

export interface TcpMatch {
  readonly name: 'tcp';
  readonly sport?: InvertiblePorts;
  readonly dport?: InvertiblePorts;
  readonly flags?: TcpFlagsMatch;
  /** --tcp-option N */
  readonly option?: { readonly num: number; readonly invert: boolean };
}

export interface UdpMatch {
  readonly name: 'udp';
  readonly sport?: InvertiblePorts;
  readonly dport?: InvertiblePorts;
}

/**
 * libxt_sctp: --sport / --dport (xt_sctp_info spts/dpts). Unlike udp it stays an xt match
 * under nft, so a given range prints even when it is 0:65535. --chunk-types is refused by the
 * parser (simulated packets carry no SCTP chunks), so it has no field here.
 */
export interface SctpMatch {
  readonly name: 'sctp';
  readonly sport?: InvertiblePorts;
  readonly dport?: InvertiblePorts;
}

/** --icmp-type: type 255 with codes 0..255 is `any`. */
export interface IcmpMatch {
  readonly name: 'icmp';
  readonly type: number;
  readonly codeMin: number;
  readonly codeMax: number;
  readonly invert: boolean;
}

export interface MultiportMatch {
  readonly name: 'multiport';
  readonly dir: 'src' | 'dst' | 'any';
  /** Up to 15 entries; ranges count double (libxt_multiport v1). */
  readonly ports: readonly PortRange[];
  readonly invert: boolean;
}

export interface InvertibleSet<T> {
  readonly values: readonly T[];
  readonly invert: boolean;
}

/** conntrack's --ctstate accepts SNAT and DNAT besides the xt_state states. */
export type CtStateName = CtState | 'SNAT' | 'DNAT';

export interface CtAddrOption {
  readonly addr: number;
  readonly mask: number;
  readonly invert: boolean;
}

export interface ConntrackMatch {
  readonly name: 'conntrack';
  readonly ctstate?: InvertibleSet<CtStateName>;
  readonly ctproto?: { readonly proto: number; readonly invert: boolean };
  readonly ctorigsrc?: CtAddrOption;
  readonly ctorigdst?: CtAddrOption;
  readonly ctreplsrc?: CtAddrOption;
  readonly ctrepldst?: CtAddrOption;
  readonly ctorigsrcport?: InvertiblePorts;
  readonly ctorigdstport?: InvertiblePorts;
  readonly ctreplsrcport?: InvertiblePorts;
  readonly ctrepldstport?: InvertiblePorts;
  readonly ctstatus?: InvertibleSet<CtStatus>;
  /** --ctexpire min[:max] in seconds. */
  readonly ctexpire?: InvertiblePorts;
  readonly ctdir?: 'ORIGINAL' | 'REPLY';
}

export interface StateMatch {
  readonly name: 'state';
  readonly states: InvertibleSet<CtState>;
}

export interface AddrTypeMatch {
  readonly name: 'addrtype';
  readonly srcType?: InvertibleSet<AddrTypeName>;
  readonly dstType?: InvertibleSet<AddrTypeName>;
  readonly limitIfaceIn: boolean;
  readonly limitIfaceOut: boolean;
}

export interface CommentMatch {
  readonly name: 'comment';
  /** Already cut to 255 characters, as the kernel's struct xt_comment_info keeps it. */
  readonly comment: string;
}

/** mark / connmark: (mark & mask) === value. */
export interface MarkMatch {
  readonly name: 'mark' | 'connmark';
  readonly value: number;
  readonly mask: number;
  readonly invert: boolean;
}

export type StatisticMatch =
  | {
      readonly name: 'statistic';
      readonly mode: 'random';
      /** As the kernel stores it: round(p * 2^31), compared with a 31-bit random number. */
      readonly probability: number;
      readonly invert: boolean;
    }
  | {
      readonly name: 'statistic';
      readonly mode: 'nth';
      /** --every N --packet P as typed (the kernel stores N - 1); the counter lives in MatchState. */
      readonly every: number;
      readonly packet: number;
      readonly invert: boolean;
    };

export interface PhysdevMatch {
  readonly name: 'physdev';
  readonly physdevIn?: IfaceMatch;
  readonly physdevOut?: IfaceMatch;
  readonly isIn?: { readonly invert: boolean };
  readonly isOut?: { readonly invert: boolean };
  readonly isBridged?: { readonly invert: boolean };
}

export type RecentCommand = 'set' | 'rcheck' | 'update' | 'remove';

export interface RecentMatch {
  readonly name: 'recent';
  readonly command: RecentCommand;
  readonly listName: string;
  readonly side: 'rsource' | 'rdest';
  readonly seconds?: number;
  readonly reap: boolean;
  readonly hitcount?: number;
  readonly rttl: boolean;
  readonly mask: number;
  readonly invert: boolean;
}

export interface IpRangeMatch {
  readonly name: 'iprange';
  readonly src?: { readonly min: number; readonly max: number; readonly invert: boolean };
  readonly dst?: { readonly min: number; readonly max: number; readonly invert: boolean };
}

/** One `-m NAME options...` (or the implicit `-m tcp|udp|icmp` that a protocol option loads). */
export type Match =
  | TcpMatch
  | UdpMatch
  | SctpMatch
  | IcmpMatch
  | MultiportMatch
  | ConntrackMatch
  | StateMatch
  | AddrTypeMatch
  | CommentMatch
  | MarkMatch
  | StatisticMatch
  | PhysdevMatch
  | RecentMatch
  | IpRangeMatch;

export type MatchName = Match['name'];

/** REJECT --reject-with values as iptables-save prints them (libipt_REJECT.c). */
export type RejectWith =
  | 'icmp-net-unreachable'
  | 'icmp-host-unreachable'
  | 'icmp-port-unreachable'
  | 'icmp-proto-unreachable'
  | 'icmp-net-prohibited'
  | 'icmp-host-prohibited'
  | 'icmp-admin-prohibited'
  | 'tcp-reset';

/** A NAT range: [ip[-ip]][:port[-port]] (nf_nat_range2). */
export interface NatRange {
  readonly minIp?: number;
  readonly maxIp?: number;
  readonly minPort?: number;
  readonly maxPort?: number;
}

export interface LogTarget {
  readonly kind: 'LOG';
  /** syslog level 0..7; 4 (warning) is the default and is not printed. */
  readonly level: number;
  /** Already cut to 29 characters (struct xt_log_info prefix[30]). */
  readonly prefix: string;
  readonly tcpSequence: boolean;
  readonly tcpOptions: boolean;
  readonly ipOptions: boolean;
  readonly uid: boolean;
  readonly macDecode: boolean;
}

/**
 * What a rule's target tells the packet path to do. `none` is a rule without -j (it only
 * counts). MARK and CONNMARK --set-xmark compute mark = (mark & ~mask) ^ value.
 */
export type TargetAction =
  | { readonly kind: 'none' }
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP' }
  | { readonly kind: 'RETURN' }
  | { readonly kind: 'jump'; readonly chain: string }
  | { readonly kind: 'goto'; readonly chain: string }
  | { readonly kind: 'REJECT'; readonly with: RejectWith }
  | LogTarget
  | { readonly kind: 'MARK'; readonly value: number; readonly mask: number }
  | { readonly kind: 'CONNMARK'; readonly op: 'set'; readonly value: number; readonly mask: number }
  | {
      readonly kind: 'CONNMARK';
      /** save: ctmark = (ctmark & ~ctmask) ^ (mark & nfmask); restore: the other way. */
      readonly op: 'save' | 'restore';
      readonly nfmask: number;
      readonly ctmask: number;
    }
  | {
      readonly kind: 'DNAT' | 'SNAT';
      readonly range: NatRange;
      readonly random: boolean;
      readonly persistent: boolean;
      /** SNAT only. */
      readonly randomFully: boolean;
    }
  | {
      readonly kind: 'MASQUERADE';
      readonly ports?: PortRange;
      readonly random: boolean;
      readonly randomFully: boolean;
    }
  | { readonly kind: 'REDIRECT'; readonly ports?: PortRange; readonly random: boolean }
  /** CT --notrack and the old NOTRACK target both mark the packet untracked. */
  | { readonly kind: 'NOTRACK'; readonly spelling: 'CT' | 'NOTRACK' };

export type TargetKind = TargetAction['kind'];

export interface Rule {
  readonly src?: AddrMatch;
  readonly dst?: AddrMatch;
  readonly inIface?: IfaceMatch;
  readonly outIface?: IfaceMatch;
  readonly proto?: ProtoMatch;
  /** -f: only second and later fragments (the simulator never fragments). */
  readonly fragment?: { readonly invert: boolean };
  /** In the order iptables-save prints them. */
  readonly matches: readonly Match[];
  readonly target: TargetAction;
  /** Replaced when a packet is counted or the rule zeroed (the only field that changes). */
  counters: Counters;
}

export type Policy = 'ACCEPT' | 'DROP';

export interface Chain {
  readonly name: string;
  readonly builtin: boolean;
  /** Built-in chains only. */
  policy?: Policy;
  policyCounters: Counters;
  rules: Rule[];
}

export interface Table {
  readonly name: TableName;
  /** Built-in chains first in hook order, then user chains (iptables-save sorts those by name). */
  readonly chains: Map<string, Chain>;
}

/**
 * The iptables state of one network namespace. A table is absent until a command first
 * touches it (iptables-nft creates the nf_tables table lazily), so iptables-save of a fresh
 * namespace prints nothing.
 */
export interface Ruleset {
  readonly tables: Partial<Record<TableName, Table>>;
}

export function emptyRuleset(): Ruleset {
  return { tables: {} };
}

export function newCounters(pkts = 0, bytes = 0): Counters {
  return pkts === 0 && bytes === 0 ? ZERO_COUNTERS : { pkts, bytes };
}

/** A table as iptables-nft creates it: its built-in chains with ACCEPT policies. */
export function newTable(name: TableName): Table {
  const chains = new Map<string, Chain>();
  for (const c of BUILTIN_CHAINS[name]) {
    chains.set(c, {
      name: c,
      builtin: true,
      policy: 'ACCEPT',
      policyCounters: newCounters(),
      rules: [],
    });
  }
  return { name, chains };
}

export function isTableName(s: string): s is TableName {
  return (TABLE_NAMES as readonly string[]).includes(s);
}
