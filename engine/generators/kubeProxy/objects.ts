/**
 * The Kubernetes objects kube-proxy watches, reduced to the fields it reads, with the
 * API server's defaults applied (core/v1 and discovery/v1 SetDefaults_*) so a manifest written
 * by hand means what it would mean after `kubectl apply`.
 */

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';
export type TrafficPolicy = 'Cluster' | 'Local';

export interface ServicePort {
  /** "" for an unnamed port (only allowed when the Service has a single port). */
  readonly name: string;
  readonly protocol: Protocol;
  readonly port: number;
  /** 0 when the port has no node port. */
  readonly nodePort: number;
}

export interface LoadBalancerIngress {
  readonly ip: string;
  /** status.loadBalancer.ingress[].ipMode; "Proxy" ingress IPs are not captured. */
  readonly ipMode: 'VIP' | 'Proxy';
}

export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  /** "" or "None" (headless): kube-proxy skips the Service. */
  readonly clusterIP: string;
  readonly ports: readonly ServicePort[];
  readonly externalIPs: readonly string[];
  readonly externalTrafficPolicy: TrafficPolicy;
  readonly internalTrafficPolicy: TrafficPolicy;
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** sessionAffinityConfig.clientIP.timeoutSeconds (default 10800). */
  readonly affinityTimeoutSeconds: number;
  readonly loadBalancerSourceRanges: readonly string[];
  readonly loadBalancerIngress: readonly LoadBalancerIngress[];
  /** 0 when none. */
  readonly healthCheckNodePort: number;
}

export interface EndpointPort {
  /** "" for an unnamed port (the API server defaults a missing name to ""). */
  readonly name: string;
  /** null when absent: kube-proxy skips such a port (endpointslicecache.go). */
  readonly port: number | null;
  readonly protocol: Protocol;
}

export interface Endpoint {
  readonly addresses: readonly string[];
  /** Conditions as given; kube-proxy reads a missing ready/serving as true, terminating as false. */
  readonly ready: boolean | null;
  readonly serving: boolean | null;
  readonly terminating: boolean | null;
  readonly nodeName: string | null;
}

export interface EndpointSlice {
  readonly namespace: string;
  readonly name: string;
  /** The kubernetes.io/service-name label: the Service the slice belongs to. */
  readonly serviceName: string;
  readonly addressType: 'IPv4' | 'IPv6' | 'FQDN';
  readonly ports: readonly EndpointPort[];
  readonly endpoints: readonly Endpoint[];
}

/** Default session affinity timeout (core/v1 DefaultClientIPServiceAffinitySeconds). */
export const DEFAULT_AFFINITY_SECONDS = 10800;
