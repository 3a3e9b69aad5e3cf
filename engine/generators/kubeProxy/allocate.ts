/**
 * What the API server fills in when a Service is created: a cluster IP from the service CIDR
 * and node ports from the node-port range (pkg/registry/core/service). The real allocators
 * pick at random; this one takes the lowest free value so lessons are reproducible.
 */
import { FieldPath } from './fields.ts';
import type { ServiceDraft } from './decodeService.ts';
import { cidrContains, u32ToIPv4, type CIDR } from './ip.ts';
import type { Service } from './objects.ts';

export interface Ranges {
  readonly serviceCIDR: CIDR;
  readonly nodePortMin: number;
  readonly nodePortMax: number;
  /** false: accept any given IP or port (objects read back from an unknown cluster). */
  readonly strict: boolean;
}

export interface InUse {
  readonly ips: Set<string>;
  readonly nodePorts: Set<number>;
}

export function inUseBy(services: Iterable<Service>): InUse {
  const ips = new Set<string>();
  const nodePorts = new Set<number>();
  for (const svc of services) {
    ips.add(svc.clusterIP);
    for (const p of svc.ports) if (p.nodePort !== 0) nodePorts.add(p.nodePort);
    if (svc.healthCheckNodePort !== 0) nodePorts.add(svc.healthCheckNodePort);
  }
  return { ips, nodePorts };
}

function allocateIP(ranges: Ranges, used: InUse, at: FieldPath): string {
  const { network, prefix } = ranges.serviceCIDR;
  const size = prefix >= 31 ? 0 : 2 ** (32 - prefix);
  // The network and broadcast addresses are never handed out.
  for (let i = 1; i < size - 1; i++) {
    const ip = u32ToIPv4((network + i) >>> 0);
    if (!used.ips.has(ip)) return ip;
  }
  return at.fail(`failed to allocate a serviceIP: range is full`);
}

function checkIP(ip: string, ranges: Ranges, used: InUse, at: FieldPath): void {
  if (ip === 'None' || ip.includes(':')) return;
  if (used.ips.has(ip))
    at.fail(
      `Invalid value: "${ip}": failed to allocate IP ${ip}: provided IP is already allocated`,
    );
  if (ranges.strict && !cidrContains(ranges.serviceCIDR, ip)) {
    at.fail(
      `Invalid value: "${ip}": failed to allocate IP ${ip}: provided IP is not in the valid range. The range of valid IPs is ${ranges.serviceCIDR.text}`,
    );
  }
}

function nodePort(given: number | null, ranges: Ranges, used: InUse, at: FieldPath): number {
  if (given === null) {
    for (let p = ranges.nodePortMin; p <= ranges.nodePortMax; p++) {
      if (!used.nodePorts.has(p)) {
        used.nodePorts.add(p);
        return p;
      }
    }
    return at.fail('failed to allocate a nodePort: range is full');
  }
  if (used.nodePorts.has(given))
    at.fail(`Invalid value: ${given}: provided port is already allocated`);
  if (ranges.strict && (given < ranges.nodePortMin || given > ranges.nodePortMax)) {
    at.fail(
      `Invalid value: ${given}: provided port is not in the valid range. The range of valid ports is ${ranges.nodePortMin}-${ranges.nodePortMax}`,
    );
  }
  used.nodePorts.add(given);
  return given;
}

/** The Service as stored after creation or update; `previous` keeps its allocations. */
export function allocateService(
  draft: ServiceDraft,
  doc: string,
  ranges: Ranges,
  used: InUse,
  previous?: Service,
): Service {
  const spec = new FieldPath(doc, 'spec');
  let clusterIP = draft.clusterIP ?? previous?.clusterIP ?? null;
  if (previous && clusterIP !== previous.clusterIP)
    spec.child('clusterIP').fail('Invalid value: field is immutable');
  if (clusterIP === null)
    clusterIP =
      draft.type === 'ExternalName' ? '' : allocateIP(ranges, used, spec.child('clusterIP'));
  else if (!previous) checkIP(clusterIP, ranges, used, spec.child('clusterIP'));
  used.ips.add(clusterIP);
  const external = draft.type === 'NodePort' || draft.type === 'LoadBalancer';
  const allocates =
    draft.type === 'NodePort' ||
    (draft.type === 'LoadBalancer' && draft.allocateLoadBalancerNodePorts);
  const ports = draft.ports.map((p, i) => {
    const kept = previous?.ports.find(
      (q) => q.name === p.name && q.protocol === p.protocol,
    )?.nodePort;
    const given = p.nodePort ?? (kept ? kept : null);
    const at = spec.child('ports').child(i).child('nodePort');
    const np = external && (given !== null || allocates) ? nodePort(given, ranges, used, at) : 0;
    return { name: p.name, protocol: p.protocol, port: p.port, nodePort: np };
  });
  const needsHC = draft.type === 'LoadBalancer' && draft.externalTrafficPolicy === 'Local';
  const hcGiven = draft.healthCheckNodePort ?? (previous?.healthCheckNodePort || null);
  const healthCheckNodePort = needsHC
    ? nodePort(hcGiven, ranges, used, spec.child('healthCheckNodePort'))
    : 0;
  const { allocateLoadBalancerNodePorts: _allocate, ...fields } = draft;
  return { ...fields, clusterIP, ports, healthCheckNodePort };
}
