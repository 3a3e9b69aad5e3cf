/**
 * kube-proxy's per-service chain names (pkg/proxy/iptables/proxier.go: portProtoHash,
 * servicePortPolicyClusterChain, servicePortEndpointChainName...): a prefix plus the first 16
 * characters of base32(sha256(servicePortName + protocol [+ "IP:port"])). iptables chain
 * names are limited to 28 characters, hence the truncation.
 */
import { base32Std } from './base32.ts';
import { sha256Utf8 } from './sha256.ts';

/** The 16-character hash of servicePortName + protocol (lower case), as portProtoHash. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return base32Std(sha256Utf8(servicePortName + protocol)).slice(0, 16);
}

/** The per-service chains; all share portProtoHash, only the prefix differs. */
export interface ServiceChainNames {
  /** KUBE-SVC-: endpoints for Cluster traffic policy. */
  readonly cluster: string;
  /** KUBE-SVL-: endpoints for Local traffic policy. */
  readonly local: string;
  /** KUBE-EXT-: external traffic (NodePort, external IPs, load balancer). */
  readonly external: string;
  /** KUBE-FW-: loadBalancerSourceRanges filtering. */
  readonly firewall: string;
}

export function serviceChainNames(servicePortName: string, protocol: string): ServiceChainNames {
  const hash = portProtoHash(servicePortName, protocol);
  return {
    cluster: `KUBE-SVC-${hash}`,
    local: `KUBE-SVL-${hash}`,
    external: `KUBE-EXT-${hash}`,
    firewall: `KUBE-FW-${hash}`,
  };
}

/** KUBE-SEP- chain of one endpoint; `endpoint` is "IP:port" (net.JoinHostPort). */
export function endpointChainName(
  servicePortName: string,
  protocol: string,
  endpoint: string,
): string {
  return `KUBE-SEP-${base32Std(sha256Utf8(servicePortName + protocol + endpoint)).slice(0, 16)}`;
}
