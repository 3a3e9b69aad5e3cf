/**
 * Service ports as kube-proxy's IPv4 proxier sees them (pkg/proxy/service.go
 * newBaseServiceInfo + iptables newServiceInfo): one entry per Service port, keyed by the
 * ServicePortName ("ns/name" or "ns/name:port") and protocol, with the policy flags and the
 * precomputed chain names.
 */
import { serviceChainNames, type ServiceChainNames } from './chainNames.ts';
import { isIPv6Text } from './ip.ts';
import type { Protocol, Service, ServicePort } from './objects.ts';

export interface ServicePortInfo {
  /** ServicePortName.String(): "ns/name:port", or "ns/name" for an unnamed port. */
  readonly nameString: string;
  readonly namespace: string;
  readonly serviceName: string;
  readonly portName: string;
  readonly protocol: Protocol;
  /** Lower-case protocol, as used for `-m tcp -p tcp` and the chain-name hash. */
  readonly proto: string;
  readonly clusterIP: string;
  readonly port: number;
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerVIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly externalPolicyLocal: boolean;
  readonly internalPolicyLocal: boolean;
  readonly sessionAffinityClientIP: boolean;
  readonly stickyMaxAgeSeconds: number;
  readonly healthCheckNodePort: number;
  readonly chains: ServiceChainNames;
}

/** ServicePortName.String() (pkg/proxy/types.go). */
export function servicePortNameString(namespace: string, name: string, port: string): string {
  return port === '' ? `${namespace}/${name}` : `${namespace}/${name}:${port}`;
}

/** proxyutil.ShouldSkipService: headless, no cluster IP, ExternalName. The IPv4 proxier also
 * has nothing to do for a Service whose cluster IP is IPv6. */
export function shouldSkipService(svc: Service): boolean {
  return (
    svc.clusterIP === '' ||
    svc.clusterIP === 'None' ||
    svc.type === 'ExternalName' ||
    isIPv6Text(svc.clusterIP)
  );
}

/** True when traffic can reach the port from outside: a node port, a VIP or an external IP. */
export function externallyAccessible(info: ServicePortInfo): boolean {
  return info.nodePort !== 0 || info.loadBalancerVIPs.length > 0 || info.externalIPs.length > 0;
}

export function usesClusterEndpoints(info: ServicePortInfo): boolean {
  return !info.internalPolicyLocal || externallyAccessible(info);
}

export function usesLocalEndpoints(info: ServicePortInfo): boolean {
  return info.internalPolicyLocal || (info.externalPolicyLocal && externallyAccessible(info));
}

function portInfo(svc: Service, port: ServicePort): ServicePortInfo {
  const nameString = servicePortNameString(svc.namespace, svc.name, port.name);
  const proto = port.protocol.toLowerCase();
  const externalish =
    svc.type === 'NodePort' || svc.type === 'LoadBalancer' || svc.externalIPs.length > 0;
  // apiservice.ExternalPolicyLocal / InternalPolicyLocal / NeedsHealthCheck.
  const externalPolicyLocal = externalish && svc.externalTrafficPolicy === 'Local';
  const needsHealthCheck = svc.type === 'LoadBalancer' && externalPolicyLocal;
  return {
    nameString,
    namespace: svc.namespace,
    serviceName: svc.name,
    portName: port.name,
    protocol: port.protocol,
    proto,
    clusterIP: svc.clusterIP,
    port: port.port,
    nodePort: port.nodePort,
    externalIPs: svc.externalIPs.filter((ip) => !isIPv6Text(ip)),
    loadBalancerVIPs: svc.loadBalancerIngress
      .filter((ing) => ing.ipMode === 'VIP' && !isIPv6Text(ing.ip))
      .map((ing) => ing.ip),
    loadBalancerSourceRanges: svc.loadBalancerSourceRanges.filter((c) => !isIPv6Text(c)),
    externalPolicyLocal,
    internalPolicyLocal: svc.internalTrafficPolicy === 'Local',
    sessionAffinityClientIP: svc.sessionAffinity === 'ClientIP',
    stickyMaxAgeSeconds: svc.sessionAffinity === 'ClientIP' ? svc.affinityTimeoutSeconds : 0,
    healthCheckNodePort: needsHealthCheck ? svc.healthCheckNodePort : 0,
    chains: serviceChainNames(nameString, proto),
  };
}

/** The key of a service port in the maps: ServicePortName plus protocol. */
export function servicePortKey(nameString: string, protocol: Protocol): string {
  return `${nameString}\u0000${protocol}`;
}

/**
 * All service ports of the Services kube-proxy does not skip, sorted by name then protocol.
 * kube-proxy ranges over a Go map, so its order varies from sync to sync; a sorted order is one
 * of the orders it can produce, and keeps the output stable.
 */
export function buildServicePorts(services: Iterable<Service>): ServicePortInfo[] {
  const out: ServicePortInfo[] = [];
  for (const svc of services) {
    if (shouldSkipService(svc)) continue;
    for (const port of svc.ports) out.push(portInfo(svc, port));
  }
  const compare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);
  return out.sort((a, b) => compare(a.nameString, b.nameString) || compare(a.protocol, b.protocol));
}
