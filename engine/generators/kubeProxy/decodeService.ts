/**
 * A v1 Service manifest to the fields kube-proxy reads, validated and defaulted the way the
 * API server does on `kubectl apply` (pkg/apis/core/validation ValidateService, v1 defaults).
 * clusterIP and node ports left out stay null here: the cluster allocates them.
 */
import {
  FieldPath,
  arrayAt,
  boolAt,
  checkName,
  enumAt,
  intAt,
  objectAt,
  required,
  stringAt,
  type JsonObject,
} from './fields.ts';
import { isIPv6Text, parseCIDRv4, parseIPv4 } from './ip.ts';
import {
  DEFAULT_AFFINITY_SECONDS,
  type LoadBalancerIngress,
  type Protocol,
  type Service,
  type ServiceType,
} from './objects.ts';

export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const SERVICE_TYPES: readonly ServiceType[] = [
  'ClusterIP',
  'NodePort',
  'LoadBalancer',
  'ExternalName',
];

export interface ServicePortDraft {
  readonly name: string;
  readonly protocol: Protocol;
  readonly port: number;
  readonly nodePort: number | null;
}

/** A Service before allocation: null clusterIP / nodePort / healthCheckNodePort are to be assigned. */
export interface ServiceDraft extends Omit<Service, 'clusterIP' | 'ports' | 'healthCheckNodePort'> {
  readonly clusterIP: string | null;
  readonly ports: readonly ServicePortDraft[];
  readonly healthCheckNodePort: number | null;
  /** spec.allocateLoadBalancerNodePorts (default true): false leaves LoadBalancer ports without node ports. */
  readonly allocateLoadBalancerNodePorts: boolean;
}

export function metadataOf(obj: JsonObject, at: FieldPath): { namespace: string; name: string } {
  const meta = objectAt(obj['metadata'], at.child('metadata')) ?? {};
  const nameAt = at.child('metadata').child('name');
  const name = required(stringAt(meta['name'], nameAt) || undefined, nameAt);
  const namespace =
    stringAt(meta['namespace'], at.child('metadata').child('namespace')) || 'default';
  checkName(namespace, at.child('metadata').child('namespace'), 'label');
  return { namespace, name };
}

function decodePorts(spec: JsonObject, at: FieldPath, type: ServiceType): ServicePortDraft[] {
  const list = arrayAt(spec['ports'], at);
  const ports = list.map((raw, i) => {
    const p = at.child(i);
    const obj = objectAt(raw, p) ?? {};
    const name = stringAt(obj['name'], p.child('name')) ?? '';
    if (name !== '') checkName(name, p.child('name'), 'label');
    if (name === '' && list.length > 1)
      p.child('name').fail('Required value: a Service with several ports must name each');
    const port = required(intAt(obj['port'], p.child('port'), 1, 65535), p.child('port'));
    const nodePort = intAt(obj['nodePort'], p.child('nodePort'), 1, 65535) ?? null;
    if (nodePort !== null && type !== 'NodePort' && type !== 'LoadBalancer') {
      p.child('nodePort').fail(`Forbidden: may not be used when \`type\` is '${type}'`);
    }
    const protocol = enumAt(obj['protocol'], p.child('protocol'), PROTOCOLS, 'TCP');
    return { name, protocol, port, nodePort };
  });
  const seen = new Set<string>();
  ports.forEach((port, i) => {
    if (seen.has(port.name)) at.child(i).child('name').fail(`Duplicate value: "${port.name}"`);
    seen.add(port.name);
  });
  return ports;
}

function decodeClusterIP(spec: JsonObject, at: FieldPath): string | null {
  const raw = stringAt(spec['clusterIP'], at);
  if (raw === undefined || raw === '') return null;
  if (raw === 'None' || isIPv6Text(raw)) return raw;
  return required(
    parseIPv4(raw),
    at,
    `Invalid value: "${raw}": must be a valid IP address or "None"`,
  );
}

function decodeIPList(v: JsonObject[string] | undefined, at: FieldPath): string[] {
  return arrayAt(v, at).map((raw, i) => {
    const text = stringAt(raw, at.child(i)) ?? '';
    if (isIPv6Text(text)) return text;
    return required(
      parseIPv4(text),
      at.child(i),
      `Invalid value: "${text}": must be a valid IP address`,
    );
  });
}

function decodeSourceRanges(spec: JsonObject, at: FieldPath): string[] {
  return arrayAt(spec['loadBalancerSourceRanges'], at).map((raw, i) => {
    // kube-proxy trims the ranges (proxyutil.MapCIDRsByIPFamily) for backward compatibility.
    const text = (stringAt(raw, at.child(i)) ?? '').trim();
    if (isIPv6Text(text)) return text;
    return required(parseCIDRv4(text), at.child(i), `Invalid value: "${text}": must be a CIDR`)
      .text;
  });
}

function decodeIngress(obj: JsonObject, at: FieldPath): LoadBalancerIngress[] {
  const status = objectAt(obj['status'], at.child('status')) ?? {};
  const lbAt = at.child('status').child('loadBalancer');
  const lb = objectAt(status['loadBalancer'], lbAt) ?? {};
  const list = arrayAt(lb['ingress'], lbAt.child('ingress'));
  const out: LoadBalancerIngress[] = [];
  list.forEach((raw, i) => {
    const ing = objectAt(raw, lbAt.child('ingress').child(i)) ?? {};
    const ipAt = lbAt.child('ingress').child(i).child('ip');
    const text = stringAt(ing['ip'], ipAt) ?? '';
    if (text === '') return;
    const valid = isIPv6Text(text) ? text : parseIPv4(text);
    const ip = required(valid, ipAt, `Invalid value: "${text}": must be a valid IP address`);
    const modeAt = lbAt.child('ingress').child(i).child('ipMode');
    out.push({ ip, ipMode: enumAt(ing['ipMode'], modeAt, ['VIP', 'Proxy'] as const, 'VIP') });
  });
  return out;
}

function decodeAffinity(
  spec: JsonObject,
  at: FieldPath,
): { kind: 'None' | 'ClientIP'; seconds: number } {
  const kind = enumAt(
    spec['sessionAffinity'],
    at.child('sessionAffinity'),
    ['None', 'ClientIP'] as const,
    'None',
  );
  const cfgAt = at.child('sessionAffinityConfig');
  const cfg = objectAt(spec['sessionAffinityConfig'], cfgAt) ?? {};
  const client = objectAt(cfg['clientIP'], cfgAt.child('clientIP')) ?? {};
  const tAt = cfgAt.child('clientIP').child('timeoutSeconds');
  const seconds = intAt(client['timeoutSeconds'], tAt, 1, 86400) ?? DEFAULT_AFFINITY_SECONDS;
  return { kind, seconds };
}

export function decodeService(obj: JsonObject, doc: string): ServiceDraft {
  const root = new FieldPath(doc, '');
  const { namespace, name } = metadataOf(obj, root);
  const specAt = root.child('spec');
  const spec = objectAt(obj['spec'], specAt) ?? {};
  const type = enumAt(spec['type'], specAt.child('type'), SERVICE_TYPES, 'ClusterIP');
  const clusterIP = decodeClusterIP(spec, specAt.child('clusterIP'));
  const ports = decodePorts(spec, specAt.child('ports'), type);
  if (ports.length === 0 && clusterIP !== 'None' && type !== 'ExternalName') {
    specAt.child('ports').fail('Required value');
  }
  const externalIPs = decodeIPList(spec['externalIPs'], specAt.child('externalIPs'));
  const etpAt = specAt.child('externalTrafficPolicy');
  const externalish = type === 'NodePort' || type === 'LoadBalancer' || externalIPs.length > 0;
  const etp = enumAt(
    spec['externalTrafficPolicy'],
    etpAt,
    ['Cluster', 'Local'] as const,
    'Cluster',
  );
  if (etp === 'Local' && !externalish) {
    etpAt.fail('Invalid value: "Local": may only be set for externally-accessible services');
  }
  const itpAt = specAt.child('internalTrafficPolicy');
  const internalTrafficPolicy = enumAt(
    spec['internalTrafficPolicy'],
    itpAt,
    ['Cluster', 'Local'] as const,
    'Cluster',
  );
  const affinity = decodeAffinity(spec, specAt);
  const hcAt = specAt.child('healthCheckNodePort');
  const hc = intAt(spec['healthCheckNodePort'], hcAt, 1, 65535) ?? null;
  if (hc !== null && !(type === 'LoadBalancer' && etp === 'Local')) {
    hcAt.fail(
      'Invalid value: may only be set when `type` is "LoadBalancer" and `externalTrafficPolicy` is "Local"',
    );
  }
  return {
    namespace,
    name,
    type,
    clusterIP,
    ports,
    externalIPs,
    externalTrafficPolicy: etp,
    internalTrafficPolicy,
    sessionAffinity: affinity.kind,
    affinityTimeoutSeconds: affinity.seconds,
    loadBalancerSourceRanges: decodeSourceRanges(spec, specAt.child('loadBalancerSourceRanges')),
    loadBalancerIngress: decodeIngress(obj, root),
    healthCheckNodePort: hc,
    allocateLoadBalancerNodePorts:
      boolAt(
        spec['allocateLoadBalancerNodePorts'],
        specAt.child('allocateLoadBalancerNodePorts'),
      ) ?? true,
  };
}
