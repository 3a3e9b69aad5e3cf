/**
 * The kube-proxy settings that change the rules it writes (KubeProxyConfiguration and what
 * it detects on the node at start-up). Defaults are those of a kubeadm node running
 * iptables 1.8.9.
 */
import { parseCIDRv4, parseIPv4, type CIDR } from './ip.ts';

export interface KubeProxyConfig {
  /** --hostname-override / the Node name: endpoints with this nodeName are local. */
  readonly nodeName: string;
  /** The node's IPv4 address (a loadBalancerSourceRanges CIDR containing it lets the node in). */
  readonly nodeIP: string;
  /** --cluster-cidr (detect-local-mode ClusterCIDR); null: no local-traffic detector. */
  readonly clusterCIDR: string | null;
  /** --masquerade-all: SNAT every ClusterIP packet. */
  readonly masqueradeAll: boolean;
  /** --iptables-masquerade-bit (default 14: mark 0x4000). */
  readonly masqueradeBit: number;
  /** iptables >= 1.6.2 supports MASQUERADE --random-fully; kube-proxy adds it when so. */
  readonly randomFully: boolean;
  /** --iptables-localhost-nodeports (default true): NodePorts answer on 127.0.0.1. */
  readonly localhostNodePorts: boolean;
  /**
   * Whether kube-proxy could create its nfacct counters (nfnetlink_acct in the kernel). When
   * true, `-m nfacct --nfacct-name ...` matches count localhost NodePort and INVALID packets.
   * Off by default: the simulated kernel has no nfacct.
   */
  readonly nfacct: boolean;
  /** net.netfilter.nf_conntrack_tcp_be_liberal is non-zero: no INVALID DROP rule. */
  readonly conntrackTCPLiberal: boolean;
}

export const DEFAULT_CONFIG: KubeProxyConfig = {
  nodeName: 'node-1',
  nodeIP: '192.168.49.2',
  clusterCIDR: '10.244.0.0/16',
  masqueradeAll: false,
  masqueradeBit: 14,
  randomFully: true,
  localhostNodePorts: true,
  nfacct: false,
  conntrackTCPLiberal: false,
};

/** A checked config: the CIDR parsed, the mark formatted. */
export interface ResolvedConfig extends KubeProxyConfig {
  readonly localCIDR: CIDR | null;
  /** fmt.Sprintf("%#08x", 1<<bit): Go zero-pads the digits to 8, then adds 0x: "0x00004000". */
  readonly masqueradeMark: string;
}

export function resolveConfig(partial: Partial<KubeProxyConfig> = {}): ResolvedConfig {
  const cfg = { ...DEFAULT_CONFIG, ...partial };
  if (!Number.isInteger(cfg.masqueradeBit) || cfg.masqueradeBit < 0 || cfg.masqueradeBit > 31) {
    throw new RangeError(
      `masqueradeBit must be within the range [0, 31], got ${cfg.masqueradeBit}`,
    );
  }
  if (parseIPv4(cfg.nodeIP) === undefined)
    throw new RangeError(`nodeIP: not an IPv4 address: ${cfg.nodeIP}`);
  let localCIDR: CIDR | null = null;
  if (cfg.clusterCIDR !== null) {
    localCIDR = parseCIDRv4(cfg.clusterCIDR) ?? null;
    if (localCIDR === null)
      throw new RangeError(`clusterCIDR: not an IPv4 CIDR: ${cfg.clusterCIDR}`);
  }
  const hex = (2 ** cfg.masqueradeBit).toString(16).padStart(8, '0');
  return { ...cfg, localCIDR, masqueradeMark: `0x${hex}` };
}
