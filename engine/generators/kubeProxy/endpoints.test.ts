import { describe, expect, it } from 'vitest';
import { syncProxyRules } from './proxier.ts';
import { parseManifest } from './manifest.ts';
import type { Service } from './objects.ts';

function services(text: string): Service[] {
  return parseManifest(text).services.map((d) => ({
    ...d,
    clusterIP: d.clusterIP ?? '10.96.0.1',
    ports: d.ports.map((p) => ({ ...p, nodePort: p.nodePort ?? 0 })),
    healthCheckNodePort: d.healthCheckNodePort ?? 0,
  }));
}

function bigCluster(endpoints: number) {
  const svc = services(
    'apiVersion: v1\nkind: Service\nmetadata: { name: big }\nspec: { clusterIP: 10.96.0.9, ports: [{ port: 80 }] }\n',
  );
  const eps = Array.from({ length: endpoints }, (_, i) => ({
    addresses: [`10.${Math.floor(i / 65536) + 1}.${Math.floor(i / 256) % 256}.${i % 256}`],
    ready: null,
    serving: null,
    terminating: null,
    nodeName: null,
  }));
  const slice = {
    namespace: 'default',
    name: 'big-1',
    serviceName: 'big',
    addressType: 'IPv4' as const,
    ports: [{ name: '', port: 80, protocol: 'TCP' as const }],
    endpoints: eps,
  };
  return syncProxyRules({ services: svc, endpointSlices: [slice] }).restoreText;
}

describe('endpoint selection and large clusters', () => {
  it('keeps comments up to 1000 endpoints and drops them from endpoint rules past it', () => {
    const small = bigCluster(1000);
    expect(small).toContain(
      '-m comment --comment "default/big -> 10.1.0.0:80" -m statistic --mode random --probability 0.0010000000 -j KUBE-SEP-',
    );
    const large = bigCluster(1001);
    expect(large).toMatch(
      /\n-A KUBE-SVC-\S+ -m statistic --mode random --probability 0\.0009990010 -j KUBE-SEP-/,
    );
    expect(large).toMatch(/\n-A KUBE-SEP-\S+ -s 10\.1\.0\.0 -j KUBE-MARK-MASQ\n/);
    // The service-level rules keep theirs.
    expect(large).toContain('-m comment --comment "default/big cluster IP"');
  });

  it('ignores endpoint ports without a number and slices of another family', () => {
    const svc = services(
      'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { clusterIP: 10.96.0.9, ports: [{ port: 80 }] }\n',
    );
    const base = {
      namespace: 'default',
      name: 'a-1',
      serviceName: 'a',
      endpoints: [
        { addresses: ['10.0.0.1'], ready: null, serving: null, terminating: null, nodeName: null },
      ],
    };
    const text = syncProxyRules({
      services: svc,
      endpointSlices: [
        { ...base, addressType: 'IPv4', ports: [{ name: '', port: null, protocol: 'TCP' }] },
        {
          ...base,
          name: 'a-2',
          addressType: 'IPv6',
          ports: [{ name: '', port: 80, protocol: 'TCP' }],
        },
      ],
    }).restoreText;
    expect(text).toContain('"default/a has no endpoints"');
  });

  it('matches an endpoint port to the service port by name and protocol', () => {
    const svc = services(
      'apiVersion: v1\nkind: Service\nmetadata: { name: a }\nspec: { clusterIP: 10.96.0.9, ports: [{ port: 53, protocol: UDP }] }\n',
    );
    const slice = {
      namespace: 'default',
      name: 'a-1',
      serviceName: 'a',
      addressType: 'IPv4' as const,
      ports: [{ name: '', port: 53, protocol: 'TCP' as const }],
      endpoints: [
        { addresses: ['10.0.0.1'], ready: null, serving: null, terminating: null, nodeName: null },
      ],
    };
    expect(syncProxyRules({ services: svc, endpointSlices: [slice] }).restoreText).toContain(
      '"default/a has no endpoints" -m udp -p udp',
    );
  });
});
