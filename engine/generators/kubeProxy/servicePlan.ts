/**
 * What kube-proxy decides for one service port before writing rules (the first half of the
 * loop body in syncProxyRules): which chains it uses and what the filter table does when
 * there are no usable endpoints.
 */
import type { Categorized } from './endpoints.ts';
import {
  externallyAccessible,
  usesClusterEndpoints,
  usesLocalEndpoints,
  type ServicePortInfo,
} from './serviceInfo.ts';

/** REJECT (no endpoints at all) or DROP (Local policy, none on this node), with its comment. */
export interface FilterVerdict {
  readonly target: 'REJECT' | 'DROP';
  readonly comment: string;
}

export interface ServicePlan {
  readonly hasEndpoints: boolean;
  readonly hasInternalEndpoints: boolean;
  readonly hasExternalEndpoints: boolean;
  readonly usesClusterPolicyChain: boolean;
  readonly usesLocalPolicyChain: boolean;
  /** KUBE-SVC- or KUBE-SVL-: where ClusterIP traffic goes. */
  readonly internalTrafficChain: string;
  /** KUBE-SVC- or KUBE-SVL-: where external traffic ends after KUBE-EXT-. */
  readonly externalPolicyChain: string;
  readonly usesExternalTrafficChain: boolean;
  readonly usesFWChain: boolean;
  /** KUBE-EXT- or, with loadBalancerSourceRanges, KUBE-FW-. */
  readonly loadBalancerTrafficChain: string;
  readonly internalFilter: FilterVerdict | null;
  readonly externalFilter: FilterVerdict | null;
}

function verdicts(
  info: ServicePortInfo,
  hasEndpoints: boolean,
  internal: boolean,
  external: boolean,
) {
  if (!hasEndpoints) {
    const v: FilterVerdict = { target: 'REJECT', comment: `"${info.nameString} has no endpoints"` };
    return { internalFilter: v, externalFilter: v };
  }
  const drop: FilterVerdict = {
    target: 'DROP',
    comment: `"${info.nameString} has no local endpoints"`,
  };
  return { internalFilter: internal ? null : drop, externalFilter: external ? null : drop };
}

export function planService(info: ServicePortInfo, cat: Categorized): ServicePlan {
  const { chains } = info;
  const hasEndpoints = cat.hasAnyEndpoints;
  const hasInternalEndpoints =
    hasEndpoints && !(info.internalPolicyLocal && cat.localEndpoints.length === 0);
  const hasExternalEndpoints =
    hasEndpoints && !(info.externalPolicyLocal && cat.localEndpoints.length === 0);
  const usesFWChain =
    hasEndpoints && info.loadBalancerVIPs.length > 0 && info.loadBalancerSourceRanges.length > 0;
  return {
    hasEndpoints,
    hasInternalEndpoints,
    hasExternalEndpoints,
    usesClusterPolicyChain: cat.clusterEndpoints.length > 0 && usesClusterEndpoints(info),
    usesLocalPolicyChain: cat.localEndpoints.length > 0 && usesLocalEndpoints(info),
    internalTrafficChain: info.internalPolicyLocal ? chains.local : chains.cluster,
    externalPolicyChain: info.externalPolicyLocal ? chains.local : chains.cluster,
    usesExternalTrafficChain: hasEndpoints && externallyAccessible(info),
    usesFWChain,
    loadBalancerTrafficChain: usesFWChain ? chains.firewall : chains.external,
    ...verdicts(info, hasEndpoints, hasInternalEndpoints, hasExternalEndpoints),
  };
}
