/**
 * Manifest text (YAML, several `---` documents, or JSON; a `kind: List` or a top-level array
 * is unpacked) to the Services and EndpointSlices in it. Other kinds are returned as ignored:
 * kube-proxy does not watch them.
 */
import { parseAllDocuments } from 'yaml';
import { decodeEndpointSlice } from './decodeEndpointSlice.ts';
import { decodeService, type ServiceDraft } from './decodeService.ts';
import { ManifestError, isObject, type Json, type JsonObject } from './fields.ts';
import type { EndpointSlice } from './objects.ts';

export interface Manifest {
  readonly services: readonly ServiceDraft[];
  readonly endpointSlices: readonly EndpointSlice[];
  /** "document 3 (Deployment web)" for each object kube-proxy does not read. */
  readonly ignored: readonly string[];
}

interface RawObject {
  readonly label: string;
  readonly obj: JsonObject;
}

function unpack(value: Json, label: string, out: RawObject[]): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => unpack(item, `${label} item ${i + 1}`, out));
    return;
  }
  if (!isObject(value)) throw new ManifestError(`${label}: not a Kubernetes object`);
  if (
    value['kind'] === 'List' ||
    (typeof value['kind'] === 'string' && value['kind'].endsWith('List'))
  ) {
    const items = value['items'] ?? [];
    if (!Array.isArray(items)) throw new ManifestError(`${label}: items: must be a list`);
    items.forEach((item, i) => unpack(item, `${label} item ${i + 1}`, out));
    return;
  }
  out.push({ label, obj: value });
}

/**
 * Parses every document; throws ManifestError naming the document and field on bad input.
 * YAML 1.1, as kubectl reads manifests (sigs.k8s.io/yaml on go-yaml): `ready: yes` is true.
 */
function rawObjects(text: string): RawObject[] {
  const out: RawObject[] = [];
  parseAllDocuments(text, { version: '1.1' }).forEach((doc, i) => {
    const label = `document ${i + 1}`;
    if ('errors' in doc && doc.errors.length > 0) {
      const first = doc.errors[0]!;
      throw new ManifestError(`${label}: YAML: ${first.message.split('\n')[0]}`);
    }
    unpack(doc.toJS({ maxAliasCount: 100 }) as Json, label, out);
  });
  return out;
}

function objectName(obj: JsonObject): string {
  const meta = obj['metadata'];
  return isObject(meta) && typeof meta['name'] === 'string' ? ` ${meta['name']}` : '';
}

export function parseManifest(text: string): Manifest {
  const services: ServiceDraft[] = [];
  const endpointSlices: EndpointSlice[] = [];
  const ignored: string[] = [];
  for (const { label, obj } of rawObjects(text)) {
    const kind = obj['kind'];
    const apiVersion = obj['apiVersion'];
    if (typeof kind !== 'string' || kind === '')
      throw new ManifestError(`${label}: kind: Required value`);
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      throw new ManifestError(`${label} (${kind}): apiVersion: Required value`);
    }
    const where = `${label} (${kind}${objectName(obj)})`;
    if (kind === 'Service' && apiVersion === 'v1') services.push(decodeService(obj, where));
    else if (kind === 'EndpointSlice' && apiVersion === 'discovery.k8s.io/v1') {
      endpointSlices.push(decodeEndpointSlice(obj, where));
    } else if (kind === 'Service' || kind === 'EndpointSlice') {
      throw new ManifestError(`${where}: apiVersion: unsupported "${apiVersion}" for ${kind}`);
    } else ignored.push(where);
  }
  return { services, endpointSlices, ignored };
}
