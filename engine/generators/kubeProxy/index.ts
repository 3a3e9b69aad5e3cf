/**
 * kube-proxy (iptables mode) as a rule generator: Services and EndpointSlices in, the
 * iptables-restore input kube-proxy writes out. Follows pkg/proxy/iptables/proxier.go,
 * pkg/proxy/topology.go and pkg/proxy/endpointslicecache.go of Kubernetes v1.33 (the release
 * whose CategorizeEndpoints takes the node name for PreferSameNode). IPv4 only; a full sync;
 * topology hints not read (as on a node without a zone label).
 */
export { applyManifest, applyParsed, createCluster, deleteObject, generate } from './cluster.ts';
export type { Cluster, ClusterOptions } from './cluster.ts';
export { DEFAULT_CONFIG, resolveConfig } from './config.ts';
export type { KubeProxyConfig } from './config.ts';
export { endpointChainName, portProtoHash, serviceChainNames } from './chainNames.ts';
export { ManifestError } from './fields.ts';
export { JUMP_CHAINS, setupCommands } from './jumps.ts';
export { parseManifest } from './manifest.ts';
export type { Manifest } from './manifest.ts';
export type { EndpointSlice, Service } from './objects.ts';
export { iptablesSaveProbability, kubeProxyProbability } from './probability.ts';
export { isServiceChainName, syncProxyRules } from './proxier.ts';
export type { SyncInput, SyncResult } from './proxier.ts';
export { sortRestoreText } from './sortRestore.ts';
