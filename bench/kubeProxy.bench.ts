// kube-proxy rule generation at scale: 10,000 ClusterIP Services with 2 endpoints each
// (20,000 endpoints: kube-proxy's large-cluster mode, endpoint rules without comments).
import type { BenchFigure } from './run.ts';
import { syncProxyRules } from '../engine/generators/kubeProxy/proxier.ts';
import type { EndpointSlice, Service } from '../engine/generators/kubeProxy/objects.ts';

const SERVICES = 10_000;

function ip(base: number, n: number): string {
  return `${base}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function cluster(): { services: Service[]; slices: EndpointSlice[] } {
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

export default async (): Promise<BenchFigure[]> => {
  const { services, slices } = cluster();
  syncProxyRules({ services, endpointSlices: slices }); // warm-up (JIT, sha256 tables)
  const runs: number[] = [];
  const cpu: number[] = [];
  let lines = 0;
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const { restoreText } = syncProxyRules({ services, endpointSlices: slices });
    runs.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    lines = restoreText.split('\n').length;
  }
  runs.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return [
    {
      name: 'kube-proxy sync: 10,000 ClusterIP services x 2 endpoints (median of 5)',
      value: runs[2]!,
      unit: 'ms',
      target: { max: 1000 },
    },
    // CPU time is the steadier figure on a shared, busy machine (wall time includes waiting).
    { name: 'kube-proxy sync: CPU time of the same (median of 5)', value: cpu[2]!, unit: 'ms' },
    { name: 'kube-proxy sync: lines of iptables-restore input', value: lines, unit: 'lines' },
  ];
};
