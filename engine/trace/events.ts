/**
 * Typed trace events: every step of a packet's walk, for the packet-tracer widget and
 * `packetpath trace --trace`. Widgets draw these; they never re-derive kernel behaviour.
 * A run of rules that did not match is summarised after the first few (`rules-skipped`), so a
 * 100k-rule ruleset gives a compact trace.
 */
import type { HookName, TableName } from '../netfilter/packetMeta.ts';

/** A packet as the trace shows it: addresses dotted, TCP flags spelled out. */
export interface PacketView {
  readonly proto: string;
  readonly src: string;
  readonly dst: string;
  readonly sport?: number;
  readonly dport?: number;
  readonly flags?: string;
  readonly type?: number;
  readonly code?: number;
  readonly ttl: number;
  readonly len: number;
}

export type TraceEvent =
  /** A packet leaves a socket or the stack of `ns` (probe, reply, kernel RST, ICMP error). */
  | { readonly type: 'send'; readonly ns: string; readonly by: string; readonly packet: PacketView }
  /** A frame arrives on a device. */
  | {
      readonly type: 'receive';
      readonly ns: string;
      readonly dev: string;
      readonly packet: PacketView;
    }
  | {
      readonly type: 'bridge';
      readonly ns: string;
      readonly bridge: string;
      readonly inPort?: string;
      readonly decision: 'local' | 'forward' | 'flood' | 'drop';
      readonly outPorts: readonly string[];
      readonly reason?: string;
      /** br_netfilter hands the frame to iptables (bridge-nf-call-iptables=1). */
      readonly netfilter: boolean;
    }
  | {
      readonly type: 'arp';
      readonly ns: string;
      readonly dev: string;
      readonly target: string;
      readonly result: 'cached' | 'resolved' | 'failed';
      readonly mac?: string;
    }
  | {
      readonly type: 'route';
      readonly ns: string;
      readonly dst: string;
      readonly result:
        | 'local'
        | 'forward'
        | 'output'
        | 'no-route'
        | 'forwarding-disabled'
        | 'blackhole'
        | 'unreachable'
        | 'prohibit';
      /** The matched route as `ip route` prints it. */
      readonly route?: string;
      readonly dev?: string;
      readonly via?: string;
    }
  | {
      readonly type: 'hook';
      readonly ns: string;
      readonly hook: HookName;
      readonly in?: string;
      readonly out?: string;
      readonly bridged: boolean;
    }
  | {
      readonly type: 'chain';
      readonly ns: string;
      readonly table: TableName;
      readonly chain: string;
    }
  | {
      readonly type: 'rule';
      readonly ns: string;
      readonly table: TableName;
      readonly chain: string;
      /** 1-based, as iptables -L --line-numbers. */
      readonly index: number;
      readonly matched: boolean;
      /** The rule as iptables-save prints it (matched rules). */
      readonly rule?: string;
      /** The first option that did not match, as iptables-save prints it. */
      readonly failedOption?: string;
    }
  | {
      readonly type: 'rules-skipped';
      readonly ns: string;
      readonly table: TableName;
      readonly chain: string;
      readonly from: number;
      readonly to: number;
    }
  | {
      readonly type: 'verdict';
      readonly ns: string;
      readonly table: TableName;
      readonly chain: string;
      readonly verdict: string;
      /** The chain's policy decided. */
      readonly policy: boolean;
    }
  /**
   * A LOG target's kernel log line (nf_log_syslog.c format, trailing space included) and its
   * syslog level (--log-level, 0..7; printk's KERN_SOH prefix, not part of the text).
   */
  | { readonly type: 'log'; readonly ns: string; readonly level: number; readonly line: string }
  | { readonly type: 'mark'; readonly ns: string; readonly mark: number }
  | {
      readonly type: 'nat';
      readonly ns: string;
      readonly hook: HookName;
      readonly kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT' | 'binding' | 'null-binding';
      readonly before: string;
      readonly after: string;
    }
  | {
      readonly type: 'conntrack';
      readonly ns: string;
      readonly state: string;
      readonly dir: 'ORIGINAL' | 'REPLY';
      readonly orig?: string;
      readonly reply?: string;
    }
  /** Local delivery: `dev` is where it arrived (absent for what the transport layer does next). */
  | { readonly type: 'deliver'; readonly ns: string; readonly dev?: string; readonly to: string }
  | { readonly type: 'drop'; readonly ns: string; readonly reason: string };

export type TraceSink = (e: TraceEvent) => void;
