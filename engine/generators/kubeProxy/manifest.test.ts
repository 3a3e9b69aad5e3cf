import { describe, expect, it } from 'vitest';
import { ManifestError } from './fields.ts';
import { parseManifest } from './manifest.ts';

const svc = (spec: string, meta = 'name: web') =>
  `apiVersion: v1\nkind: Service\nmetadata: { ${meta} }\nspec: ${spec}\n`;
const slice = (body: string, labels = '{ kubernetes.io/service-name: web }') =>
  `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata: { name: web-1, labels: ${labels} }\n${body}\n`;

function errorOf(text: string): string {
  try {
    parseManifest(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ManifestError);
    return (err as Error).message;
  }
  throw new Error('no error');
}

describe('parseManifest: defaults the API server applies', () => {
  it('defaults namespace, type, protocol, policies and affinity timeout', () => {
    const m = parseManifest(svc('{ ports: [{ port: 80 }], sessionAffinity: ClientIP }'));
    expect(m.services[0]).toMatchObject({
      namespace: 'default',
      type: 'ClusterIP',
      clusterIP: null,
      ports: [{ name: '', protocol: 'TCP', port: 80, nodePort: null }],
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
      sessionAffinity: 'ClientIP',
      affinityTimeoutSeconds: 10800,
    });
  });

  it('defaults an EndpointSlice port name to "" and protocol to TCP', () => {
    const m = parseManifest(
      slice('addressType: IPv4\nendpoints: [{ addresses: [10.0.0.1] }]\nports: [{ port: 80 }]'),
    );
    expect(m.endpointSlices[0]!.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
    expect(m.endpointSlices[0]!.endpoints[0]).toEqual({
      addresses: ['10.0.0.1'],
      ready: null,
      serving: null,
      terminating: null,
      nodeName: null,
    });
  });

  it('reads several documents, a List and JSON, and names what it ignores', () => {
    const list = JSON.stringify({
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'a' },
          spec: { ports: [{ port: 1 }] },
        },
      ],
    });
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n';
    const m = parseManifest(`${svc('{ ports: [{ port: 80 }] }')}---\n${list}\n---\n${deploy}---\n`);
    expect(m.services.map((s) => s.name)).toEqual(['web', 'a']);
    expect(m.ignored).toEqual(['document 3 (Deployment web)']);
  });

  it('reads YAML 1.1 booleans as kubectl does', () => {
    const m = parseManifest(
      slice(
        'addressType: IPv4\nendpoints: [{ addresses: [10.0.0.1], conditions: { ready: no, serving: yes } }]',
      ),
    );
    expect(m.endpointSlices[0]!.endpoints[0]).toMatchObject({ ready: false, serving: true });
  });

  it('reads sloppy IPv4 text as Kubernetes does and prints it canonically', () => {
    const m = parseManifest(svc('{ clusterIP: 10.096.0.010, ports: [{ port: 80 }] }'));
    expect(m.services[0]!.clusterIP).toBe('10.96.0.10');
  });
});

describe('parseManifest: bad input names the document and the field', () => {
  it.each([
    ['broken YAML', 'kind: [', /^document 1: YAML: /],
    ['no kind', 'apiVersion: v1\n', /^document 1: kind: Required value$/],
    ['no apiVersion', 'kind: Service\n', /^document 1 \(Service\): apiVersion: Required value$/],
    [
      'wrong apiVersion',
      'apiVersion: v2\nkind: Service\nmetadata: { name: a }\n',
      /apiVersion: unsupported "v2" for Service$/,
    ],
    [
      'no name',
      svc('{ ports: [{ port: 80 }] }', 'namespace: x'),
      /^document 1 \(Service\): metadata\.name: Required value$/,
    ],
    [
      'port out of range',
      svc('{ ports: [{ port: 70000 }] }'),
      /^document 1 \(Service web\): spec\.ports\[0\]\.port: must be between 1 and 65535, inclusive \(got 70000\)$/,
    ],
    [
      'port not a number',
      svc('{ ports: [{ port: http }] }'),
      /spec\.ports\[0\]\.port: must be an integer, not "http"$/,
    ],
    ['no ports', svc('{ clusterIP: 10.96.0.5 }'), /spec\.ports: Required value$/],
    [
      'unnamed port among several',
      svc('{ ports: [{ port: 80 }, { name: b, port: 81 }] }'),
      /spec\.ports\[0\]\.name: Required value/,
    ],
    [
      'duplicate port name',
      svc('{ ports: [{ name: a, port: 80 }, { name: a, port: 81 }] }'),
      /spec\.ports\[1\]\.name: Duplicate value: "a"$/,
    ],
    [
      'bad protocol',
      svc('{ ports: [{ port: 80, protocol: ICMP }] }'),
      /spec\.ports\[0\]\.protocol: unsupported value "ICMP"/,
    ],
    [
      'bad type',
      svc('{ type: Magic, ports: [{ port: 80 }] }'),
      /spec\.type: unsupported value "Magic"/,
    ],
    [
      'nodePort on ClusterIP',
      svc('{ ports: [{ port: 80, nodePort: 30001 }] }'),
      /spec\.ports\[0\]\.nodePort: Forbidden: may not be used when `type` is 'ClusterIP'$/,
    ],
    [
      'bad clusterIP',
      svc('{ clusterIP: 10.0.0.300, ports: [{ port: 80 }] }'),
      /spec\.clusterIP: Invalid value: "10\.0\.0\.300"/,
    ],
    [
      'Local policy on ClusterIP',
      svc('{ externalTrafficPolicy: Local, ports: [{ port: 80 }] }'),
      /spec\.externalTrafficPolicy: Invalid value: "Local"/,
    ],
    [
      'affinity timeout',
      svc(
        '{ sessionAffinity: ClientIP, sessionAffinityConfig: { clientIP: { timeoutSeconds: 0 } }, ports: [{ port: 80 }] }',
      ),
      /timeoutSeconds: must be between 1 and 86400/,
    ],
    [
      'bad source range',
      svc('{ type: LoadBalancer, loadBalancerSourceRanges: [10.0.0.0/33], ports: [{ port: 80 }] }'),
      /loadBalancerSourceRanges\[0\]: Invalid value: "10\.0\.0\.0\/33": must be a CIDR$/,
    ],
    [
      'slice without service label',
      slice('addressType: IPv4', '{}'),
      /metadata\.labels: no kubernetes\.io\/service-name label set on endpoint slice: web-1$/,
    ],
    ['slice without addressType', slice('endpoints: []'), /addressType: Required value$/],
    [
      'endpoint without address',
      slice('addressType: IPv4\nendpoints: [{ addresses: [] }]'),
      /endpoints\[0\]\.addresses: Required value$/,
    ],
    [
      'endpoint with a bad address',
      slice('addressType: IPv4\nendpoints: [{ addresses: [10.1.2] }]'),
      /endpoints\[0\]\.addresses\[0\]: Invalid value: "10\.1\.2": must be a valid IPv4 address$/,
    ],
    [
      'condition not a boolean',
      slice(
        'addressType: IPv4\nendpoints: [{ addresses: [10.0.0.1], conditions: { ready: yes please } }]',
      ),
      /endpoints\[0\]\.conditions\.ready: must be true or false/,
    ],
    [
      'second document',
      `${svc('{ ports: [{ port: 80 }] }')}---\n${svc('{ ports: [{ port: 0 }] }', 'name: b')}`,
      /^document 2 \(Service b\): spec\.ports\[0\]\.port/,
    ],
  ])('%s', (_name, text, pattern) => {
    expect(errorOf(text)).toMatch(pattern);
  });
});
