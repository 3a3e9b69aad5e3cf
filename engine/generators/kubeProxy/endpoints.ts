/**
 * Endpoints per service port as kube-proxy's EndpointSliceCache builds them
 * (pkg/proxy/endpointslicecache.go) and how CategorizeEndpoints (pkg/proxy/topology.go) picks
 * the usable ones. Topology hints are not read: this is exact for a node without a
 * topology.kubernetes.io/zone label and the PreferSameTrafficDistribution gate off, where
 * kube-proxy ignores hints too.
 */
import { endpointChainName } from './chainNames.ts';
import type { EndpointSlice } from './objects.ts';
import {
  servicePortKey,
  servicePortNameString,
  usesClusterEndpoints,
  usesLocalEndpoints,
  type ServicePortInfo,
} from './serviceInfo.ts';

export interface EndpointInfo {
  readonly ip: string;
  readonly port: number;
  /** "IP:port" (net.JoinHostPort), the endpoint's String(). */
  readonly text: string;
  readonly isLocal: boolean;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly chainName: string;
}

function byText(a: EndpointInfo, b: EndpointInfo): number {
  return a.text < b.text ? -1 : a.text > b.text ? 1 : 0;
}

function addSlice(
  slice: EndpointSlice,
  nodeName: string,
  map: Map<string, Map<string, EndpointInfo>>,
): void {
  for (const port of slice.ports) {
    if (port.port === null) continue; // kube-proxy skips a nil port (upstream notes it may one day mean "all ports").
    const nameString = servicePortNameString(slice.namespace, slice.serviceName, port.name);
    const key = servicePortKey(nameString, port.protocol);
    const set = map.get(key) ?? new Map<string, EndpointInfo>();
    map.set(key, set);
    for (const ep of slice.endpoints) {
      const ip = ep.addresses[0]!;
      const text = `${ip}:${port.port}`;
      const terminating = ep.terminating ?? false;
      // A duplicate IP:port is replaced unless the newcomer is terminating.
      if (set.has(text) && terminating) continue;
      set.set(text, {
        ip,
        port: port.port,
        text,
        isLocal: nodeName !== '' && ep.nodeName === nodeName,
        ready: ep.ready ?? true,
        serving: ep.serving ?? true,
        terminating,
        chainName: endpointChainName(nameString, port.protocol.toLowerCase(), text),
      });
    }
  }
}

/** Endpoints by servicePortKey, sorted by "IP:port" text (byEndpoint). IPv4 slices only. */
export function buildEndpointsMap(
  slices: Iterable<EndpointSlice>,
  nodeName: string,
): Map<string, EndpointInfo[]> {
  const sets = new Map<string, Map<string, EndpointInfo>>();
  const ordered = [...slices].filter((s) => s.addressType === 'IPv4');
  ordered.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const slice of ordered) addSlice(slice, nodeName, sets);
  const out = new Map<string, EndpointInfo[]>();
  for (const [key, set] of sets) if (set.size > 0) out.set(key, [...set.values()].sort(byText));
  return out;
}

export interface Categorized {
  readonly clusterEndpoints: readonly EndpointInfo[];
  readonly localEndpoints: readonly EndpointInfo[];
  readonly allReachable: readonly EndpointInfo[];
  readonly hasAnyEndpoints: boolean;
}

function localEndpointsOf(endpoints: readonly EndpointInfo[]): {
  local: EndpointInfo[];
  any: boolean;
  terminatingOnly: boolean;
} {
  const readyLocal = endpoints.filter((ep) => ep.isLocal && ep.ready);
  const any = endpoints.some((ep) => ep.ready || (ep.serving && ep.terminating));
  if (readyLocal.length > 0) return { local: readyLocal, any, terminatingOnly: false };
  const servingLocal = endpoints.filter((ep) => ep.isLocal && ep.serving && ep.terminating);
  return { local: servingLocal, any, terminatingOnly: servingLocal.length > 0 };
}

/** CategorizeEndpoints: Ready endpoints, else Serving-Terminating ones, per policy. */
export function categorizeEndpoints(
  endpoints: readonly EndpointInfo[],
  info: ServicePortInfo,
): Categorized {
  let clusterEndpoints: EndpointInfo[] = [];
  let hasAnyEndpoints = false;
  if (usesClusterEndpoints(info)) {
    clusterEndpoints = endpoints.filter((ep) => ep.ready);
    if (clusterEndpoints.length === 0)
      clusterEndpoints = endpoints.filter((ep) => ep.serving && ep.terminating);
    hasAnyEndpoints = clusterEndpoints.length > 0;
  }
  if (!usesLocalEndpoints(info)) {
    return {
      clusterEndpoints,
      localEndpoints: [],
      allReachable: clusterEndpoints,
      hasAnyEndpoints,
    };
  }
  const { local, any, terminatingOnly } = localEndpointsOf(endpoints);
  hasAnyEndpoints = hasAnyEndpoints || any;
  if (!usesClusterEndpoints(info)) {
    return { clusterEndpoints, localEndpoints: local, allReachable: local, hasAnyEndpoints };
  }
  if (!terminatingOnly) {
    return {
      clusterEndpoints,
      localEndpoints: local,
      allReachable: clusterEndpoints,
      hasAnyEndpoints,
    };
  }
  // kube-proxy merges the two lists through a Go map (random order); sorted here.
  const merged = new Map<string, EndpointInfo>();
  for (const ep of [...clusterEndpoints, ...local]) merged.set(ep.text, ep);
  return {
    clusterEndpoints,
    localEndpoints: local,
    allReachable: [...merged.values()].sort(byText),
    hasAnyEndpoints,
  };
}
