import { describe, expect, it } from 'vitest';
import { applyManifest, createCluster, deleteObject, generate } from './cluster.ts';
import { ManifestError } from './fields.ts';

const web = (extra = '') => `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { type: NodePort, ports: [{ name: http, port: 80 }] ${extra} }
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: { name: web-1, namespace: shop, labels: { kubernetes.io/service-name: web } }
addressType: IPv4
endpoints: [{ addresses: [10.244.1.5] }, { addresses: [10.244.2.5] }]
ports: [{ name: http, port: 8080 }]
`;

describe('in-memory cluster (kubectl apply)', () => {
  it('creates, reports like kubectl, and allocates the lowest free cluster IP and node port', () => {
    const cluster = createCluster();
    expect(applyManifest(cluster, web())).toEqual([
      'service/web created',
      'endpointslice.discovery.k8s.io/web-1 created',
    ]);
    const svc = cluster.services.get('shop/web')!;
    expect(svc.clusterIP).toBe('10.96.0.1');
    expect(svc.ports[0]!.nodePort).toBe(30000);
    expect(applyManifest(cluster, web())).toEqual([
      'service/web unchanged',
      'endpointslice.discovery.k8s.io/web-1 unchanged',
    ]);
  });

  it('keeps allocations across re-applies and rejects a changed cluster IP', () => {
    const cluster = createCluster();
    applyManifest(cluster, web());
    applyManifest(cluster, web(', sessionAffinity: ClientIP'));
    expect(cluster.services.get('shop/web')!.clusterIP).toBe('10.96.0.1');
    expect(() => applyManifest(cluster, web(', clusterIP: 10.96.0.99'))).toThrow(
      'Service shop/web: spec.clusterIP: Invalid value: field is immutable',
    );
  });

  it('rejects a taken IP or port, or one outside the ranges, and changes nothing', () => {
    const cluster = createCluster();
    applyManifest(cluster, web(', clusterIP: 10.96.0.20'));
    const other = (spec: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: { name: other }\nspec: ${spec}\n`;
    expect(() =>
      applyManifest(cluster, other('{ clusterIP: 10.96.0.20, ports: [{ port: 1 }] }')),
    ).toThrow(
      /spec\.clusterIP: Invalid value: "10\.96\.0\.20": failed to allocate IP 10\.96\.0\.20: provided IP is already allocated$/,
    );
    expect(() =>
      applyManifest(cluster, other('{ clusterIP: 172.30.0.1, ports: [{ port: 1 }] }')),
    ).toThrow(/provided IP is not in the valid range. The range of valid IPs is 10\.96\.0\.0\/12$/);
    expect(() =>
      applyManifest(cluster, other('{ type: NodePort, ports: [{ port: 1, nodePort: 30000 }] }')),
    ).toThrow(
      /spec\.ports\[0\]\.nodePort: Invalid value: 30000: provided port is already allocated$/,
    );
    expect(() =>
      applyManifest(cluster, other('{ type: NodePort, ports: [{ port: 1, nodePort: 3000 }] }')),
    ).toThrow(/provided port is not in the valid range. The range of valid ports is 30000-32767$/);
    const before = generate(createCluster()).restoreText;
    const failed = createCluster();
    expect(() =>
      applyManifest(failed, `${web()}---\n${other('{ ports: [{ port: 0 }] }')}`),
    ).toThrow(ManifestError);
    expect(failed.services.size).toBe(0);
    expect(generate(failed).restoreText).toBe(before);
  });

  it('allocates a health check node port for a Local LoadBalancer', () => {
    const cluster = createCluster();
    applyManifest(
      cluster,
      web().replace('type: NodePort', 'type: LoadBalancer, externalTrafficPolicy: Local'),
    );
    const svc = cluster.services.get('shop/web')!;
    expect([svc.ports[0]!.nodePort, svc.healthCheckNodePort]).toEqual([30000, 30001]);
  });

  it('leaves LoadBalancer ports without node ports when allocateLoadBalancerNodePorts is false', () => {
    const cluster = createCluster();
    const lb = web().replace(
      'type: NodePort',
      'type: LoadBalancer, allocateLoadBalancerNodePorts: false',
    );
    applyManifest(cluster, lb);
    expect(cluster.services.get('shop/web')!.ports[0]!.nodePort).toBe(0);
    expect(generate(cluster).restoreText).not.toContain('-A KUBE-NODEPORTS');
  });

  it('deletes the chains of a removed service on the next sync (-X)', () => {
    const cluster = createCluster();
    applyManifest(cluster, web());
    const first = generate(cluster);
    const serviceChains = [...first.activeNatChains].sort();
    expect(serviceChains).toHaveLength(4); // KUBE-EXT-, KUBE-SVC- and two KUBE-SEP-
    expect(deleteObject(cluster, 'service', 'shop', 'web')).toBe(true);
    const second = generate(cluster).restoreText;
    for (const chain of serviceChains) {
      expect(second).toContain(`:${chain} - [0:0]\n`);
      expect(second).toContain(`\n-X ${chain}\n`);
    }
    expect(generate(cluster).restoreText).not.toContain('-X ');
  });
});
