/**
 * A small in-memory cluster: what `kubectl apply -f` stores (Services with their allocated
 * cluster IPs and node ports, EndpointSlices) and the rules kube-proxy on one node writes for
 * it. The simulated shell builds `kubectl apply` on this; `packetpath kube-proxy` uses it with
 * loose ranges to read objects taken from any cluster.
 */
import { allocateService, inUseBy, type Ranges } from './allocate.ts';
import type { KubeProxyConfig } from './config.ts';
import { parseCIDRv4 } from './ip.ts';
import { parseManifest, type Manifest } from './manifest.ts';
import type { EndpointSlice, Service } from './objects.ts';
import { syncProxyRules, type SyncResult } from './proxier.ts';

export interface Cluster {
  readonly services: Map<string, Service>;
  readonly endpointSlices: Map<string, EndpointSlice>;
  readonly ranges: Ranges;
  /** NAT chains written by the last generate(): the next one deletes the stale ones (-X). */
  lastNatChains: ReadonlySet<string>;
}

export interface ClusterOptions {
  /** --service-cluster-ip-range (kubeadm default 10.96.0.0/12). */
  readonly serviceCIDR?: string;
  /** --service-node-port-range (default 30000-32767). */
  readonly nodePortRange?: readonly [number, number];
  /** false: accept given IPs and ports outside the ranges (default true). */
  readonly strict?: boolean;
}

export function createCluster(options: ClusterOptions = {}): Cluster {
  const serviceCIDR = parseCIDRv4(options.serviceCIDR ?? '10.96.0.0/12');
  if (!serviceCIDR) throw new RangeError(`serviceCIDR: not an IPv4 CIDR: ${options.serviceCIDR}`);
  const [nodePortMin, nodePortMax] = options.nodePortRange ?? [30000, 32767];
  return {
    services: new Map(),
    endpointSlices: new Map(),
    ranges: { serviceCIDR, nodePortMin, nodePortMax, strict: options.strict ?? true },
    lastNatChains: new Set(),
  };
}

const key = (namespace: string, name: string): string => `${namespace}/${name}`;

/**
 * Applies every Service and EndpointSlice in `text` (YAML or JSON) all-or-nothing, as
 * `kubectl apply -f` would, and returns kubectl's lines ("service/web created"...).
 * Throws ManifestError, naming the document and field, on bad input; the cluster is unchanged.
 */
export function applyManifest(cluster: Cluster, text: string): string[] {
  return applyParsed(cluster, parseManifest(text));
}

/** applyManifest for a manifest already parsed (to report its ignored documents first). */
export function applyParsed(cluster: Cluster, manifest: Manifest): string[] {
  const services = new Map(cluster.services);
  const slices = new Map(cluster.endpointSlices);
  const out: string[] = [];
  for (const draft of manifest.services) {
    const k = key(draft.namespace, draft.name);
    const previous = services.get(k);
    const others = [...services].filter(([other]) => other !== k).map(([, svc]) => svc);
    const doc = `Service ${k}`;
    const svc = allocateService(draft, doc, cluster.ranges, inUseBy(others), previous);
    services.set(k, svc);
    out.push(
      `service/${draft.name} ${previous ? (JSON.stringify(previous) === JSON.stringify(svc) ? 'unchanged' : 'configured') : 'created'}`,
    );
  }
  for (const slice of manifest.endpointSlices) {
    const k = key(slice.namespace, slice.name);
    const previous = slices.get(k);
    slices.set(k, slice);
    const verb = previous
      ? JSON.stringify(previous) === JSON.stringify(slice)
        ? 'unchanged'
        : 'configured'
      : 'created';
    out.push(`endpointslice.discovery.k8s.io/${slice.name} ${verb}`);
  }
  replace(cluster.services, services);
  replace(cluster.endpointSlices, slices);
  return out;
}

function replace<V>(target: Map<string, V>, source: Map<string, V>): void {
  target.clear();
  for (const [k, v] of source) target.set(k, v);
}

/** `kubectl delete service|endpointslice NAME -n NS`; false when there was no such object. */
export function deleteObject(
  cluster: Cluster,
  kind: 'service' | 'endpointslice',
  namespace: string,
  name: string,
): boolean {
  const map = kind === 'service' ? cluster.services : cluster.endpointSlices;
  return map.delete(key(namespace, name));
}

/** The iptables-restore input kube-proxy writes for the cluster now (a full sync). */
export function generate(cluster: Cluster, config: Partial<KubeProxyConfig> = {}): SyncResult {
  const result = syncProxyRules({
    services: cluster.services.values(),
    endpointSlices: cluster.endpointSlices.values(),
    config,
    existingNatChains: cluster.lastNatChains,
  });
  cluster.lastNatChains = result.activeNatChains;
  return result;
}
