/**
 * The four line buffers syncProxyRules fills (proxyutil.LineBuffer: each Write joins its
 * words with single spaces) and the state shared while writing one sync.
 */
import type { ResolvedConfig } from './config.ts';

export class LineBuffer {
  readonly lines: string[] = [];

  write(...words: readonly (string | readonly string[])[]): void {
    // Flattened by hand into one reused array: this runs once per rule, 100k times for a
    // large cluster, and join() yields a flat string (no rope for the GC to chase).
    const parts = this.parts;
    parts.length = 0;
    for (const w of words) {
      if (typeof w === 'string') parts.push(w);
      else for (const x of w) parts.push(x);
    }
    this.lines.push(parts.join(' '));
  }

  private readonly parts: string[] = [];
}

/** utiliptables.MakeChainLine. */
export function chainLine(chain: string): string {
  return `:${chain} - [0:0]`;
}

/** Text kube-proxy quotes itself: its comments are passed pre-quoted to iptables-restore. */
export function quoted(text: string): string {
  return `"${text}"`;
}

export interface SyncState {
  readonly config: ResolvedConfig;
  readonly filterChains: LineBuffer;
  readonly filterRules: LineBuffer;
  readonly natChains: LineBuffer;
  readonly natRules: LineBuffer;
  /** NAT chains this sync writes; the rest of KUBE-SVC/SVL/EXT/FW/SEP are stale. */
  readonly activeNatChains: Set<string>;
  /** More than 1000 endpoints: kube-proxy drops the per-endpoint comments. */
  readonly largeClusterMode: boolean;
}

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_FIREWALL = 'KUBE-FIREWALL';
export const KUBE_PROXY_CANARY = 'KUBE-PROXY-CANARY';

/** largeClusterEndpointsThreshold in proxier.go. */
export const LARGE_CLUSTER_ENDPOINTS = 1000;

/** nfacct counter names (pkg/proxy/metrics). */
export const NFACCT_INVALID = 'ct_state_invalid_dropped_pkts';
export const NFACCT_LOCALHOST_NODEPORT = 'localhost_nps_accepted_pkts';
