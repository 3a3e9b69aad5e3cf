/**
 * A discovery.k8s.io/v1 EndpointSlice manifest to the fields kube-proxy reads
 * (pkg/proxy/endpointslicecache.go), validated and defaulted as the API server does
 * (SetDefaults_EndpointPort: name "" and protocol TCP when absent).
 */
import { PROTOCOLS, metadataOf } from './decodeService.ts';
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
import { isIPv6Text, parseIPv4 } from './ip.ts';
import type { Endpoint, EndpointPort, EndpointSlice } from './objects.ts';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';

function decodePorts(v: JsonObject[string] | undefined, at: FieldPath): EndpointPort[] {
  return arrayAt(v, at).map((raw, i) => {
    const p = at.child(i);
    const obj = objectAt(raw, p) ?? {};
    const name = stringAt(obj['name'], p.child('name')) ?? '';
    if (name !== '') checkName(name, p.child('name'), 'label');
    return {
      name,
      port: intAt(obj['port'], p.child('port'), 1, 65535) ?? null,
      protocol: enumAt(obj['protocol'], p.child('protocol'), PROTOCOLS, 'TCP'),
    };
  });
}

function decodeAddress(raw: JsonObject[string], at: FieldPath, addressType: string): string {
  const text = stringAt(raw, at) ?? '';
  if (addressType === 'FQDN') return text;
  if (addressType === 'IPv6') {
    if (!isIPv6Text(text)) at.fail(`Invalid value: "${text}": must be a valid IPv6 address`);
    return text;
  }
  return required(parseIPv4(text), at, `Invalid value: "${text}": must be a valid IPv4 address`);
}

function decodeEndpoints(
  v: JsonObject[string] | undefined,
  at: FieldPath,
  addressType: string,
): Endpoint[] {
  return arrayAt(v, at).map((raw, i) => {
    const e = at.child(i);
    const obj = objectAt(raw, e) ?? {};
    const list = arrayAt(obj['addresses'], e.child('addresses'));
    if (list.length === 0) e.child('addresses').fail('Required value');
    if (list.length > 100) e.child('addresses').fail('Too many: must have at most 100 items');
    const addresses = list.map((a, j) =>
      decodeAddress(a, e.child('addresses').child(j), addressType),
    );
    const condAt = e.child('conditions');
    const cond = objectAt(obj['conditions'], condAt) ?? {};
    return {
      addresses,
      ready: boolAt(cond['ready'], condAt.child('ready')),
      serving: boolAt(cond['serving'], condAt.child('serving')),
      terminating: boolAt(cond['terminating'], condAt.child('terminating')),
      nodeName: stringAt(obj['nodeName'], e.child('nodeName')) ?? null,
    };
  });
}

export function decodeEndpointSlice(obj: JsonObject, doc: string): EndpointSlice {
  const root = new FieldPath(doc, '');
  const { namespace, name } = metadataOf(obj, root);
  const labelsAt = root.child('metadata').child('labels');
  const meta = objectAt(obj['metadata'], root.child('metadata')) ?? {};
  const labels = objectAt(meta['labels'], labelsAt) ?? {};
  const label = stringAt(labels[SERVICE_NAME_LABEL], labelsAt.child(SERVICE_NAME_LABEL));
  // kube-proxy: "no kubernetes.io/service-name label set on endpoint slice" (endpointSliceCacheKeys).
  const problem = `no ${SERVICE_NAME_LABEL} label set on endpoint slice: ${name}`;
  const serviceName = required(label || undefined, labelsAt, problem);
  const typeAt = root.child('addressType');
  if (obj['addressType'] === undefined || obj['addressType'] === null)
    typeAt.fail('Required value');
  const addressType = enumAt(obj['addressType'], typeAt, ['IPv4', 'IPv6', 'FQDN'] as const, 'IPv4');
  return {
    namespace,
    name,
    serviceName,
    addressType,
    ports: decodePorts(obj['ports'], root.child('ports')),
    endpoints: decodeEndpoints(obj['endpoints'], root.child('endpoints'), addressType),
  };
}
