// The kube-proxy-sized cluster the benches share: 10,000 ClusterIP Services with 2 endpoints
// each (20,000 endpoints, kube-proxy's large-cluster mode), about 110k iptables-save lines.
import type { EndpointSlice, Service } from '../engine/generators/kubeProxy/objects.ts';

export const SERVICES = 10_000;

export function ip(base: number, n: number): string {
  return `${base}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function cluster(): { services: Service[]; slices: EndpointSlice[] } {
  const services: Service[] = [];
  const slices: EndpointSlice[] = [];
  for (let i = 0; i < SERVICES; i++) {
    const name = `svc-${i}`;
    services.push({
      namespace: 'bench',
      name,
      type: 'ClusterIP',
      clusterIP: ip(10, 0x600000 + i),
      ports: [{ name: 'http', protocol: 'TCP', port: 80, nodePort: 0 }],
      externalIPs: [],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'None',
      affinityTimeoutSeconds: 10800,
      loadBalancerSourceRanges: [],
      loadBalancerIngress: [],
      healthCheckNodePort: 0,
    });
    const endpoint = (n: number) => ({
      addresses: [ip(10, 0xf40000 + n)],
      ready: true,
      serving: true,
      terminating: false,
      nodeName: null,
    });
    slices.push({
      namespace: 'bench',
      name: `${name}-1`,
      serviceName: name,
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: [endpoint(2 * i), endpoint(2 * i + 1)],
    });
  }
  return { services, slices };
}
