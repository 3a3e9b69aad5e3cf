/**
 * syncProxyRules of kube-proxy's iptables proxier (pkg/proxy/iptables/proxier.go) as a pure
 * function: Services and EndpointSlices in, the iptables-restore input it hands to
 * `iptables-restore --noflush --counters` out. This is a full sync (start-up, or the hourly
 * one); partial syncs leave unchanged services' chains out of the text.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  LARGE_CLUSTER_ENDPOINTS,
  LineBuffer,
  NFACCT_INVALID,
  chainLine,
  type SyncState,
} from './buffers.ts';
import { resolveConfig, type KubeProxyConfig } from './config.ts';
import { buildEndpointsMap, categorizeEndpoints } from './endpoints.ts';
import type { EndpointSlice, Service } from './objects.ts';
import { buildServicePorts, servicePortKey } from './serviceInfo.ts';
import { writeServicePort } from './serviceRules.ts';

const SERVICE_CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-SEP-', 'KUBE-FW-', 'KUBE-EXT-'];

/** isServiceChainName: the chains kube-proxy owns and deletes when stale. */
export function isServiceChainName(chain: string): boolean {
  return SERVICE_CHAIN_PREFIXES.some((p) => chain.startsWith(p));
}

export interface SyncInput {
  readonly services: Iterable<Service>;
  readonly endpointSlices: Iterable<EndpointSlice>;
  readonly config?: Partial<KubeProxyConfig>;
  /** NAT chains that exist before the sync (from iptables-save); stale service chains get -X. */
  readonly existingNatChains?: Iterable<string>;
}

export interface SyncResult {
  /** The exact iptables-restore input. */
  readonly restoreText: string;
  /** NAT chains the sync wrote (service, endpoint, external, firewall chains). */
  readonly activeNatChains: ReadonlySet<string>;
}

function writePreamble(s: SyncState): void {
  for (const c of [
    KUBE_SERVICES,
    KUBE_EXTERNAL_SERVICES,
    KUBE_FORWARD,
    KUBE_NODEPORTS,
    KUBE_PROXY_FIREWALL,
  ]) {
    s.filterChains.write(chainLine(c));
  }
  for (const c of [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ])
    s.natChains.write(chainLine(c));
  const mark = s.config.masqueradeMark;
  s.natRules.write(
    '-A',
    KUBE_POSTROUTING,
    '-m',
    'mark',
    '!',
    '--mark',
    `${mark}/${mark}`,
    '-j',
    'RETURN',
  );
  // Clear the mark so a packet that re-traverses the stack is not masqueraded twice.
  s.natRules.write('-A', KUBE_POSTROUTING, '-j', 'MARK', '--xor-mark', mark);
  const masq = [
    '-A',
    KUBE_POSTROUTING,
    '-m',
    'comment',
    '--comment',
    '"kubernetes service traffic requiring SNAT"',
    '-j',
    'MASQUERADE',
  ];
  s.natRules.write(masq, s.config.randomFully ? ['--random-fully'] : []);
  s.natRules.write('-A', KUBE_MARK_MASQ, '-j', 'MARK', '--or-mark', mark);
  if (s.config.localhostNodePorts) {
    // route_localnet opens 127.0.0.0/8 to the network (issue 90259); this rule closes it.
    s.filterChains.write(chainLine(KUBE_FIREWALL));
    s.filterRules.write(
      '-A',
      KUBE_FIREWALL,
      '-m',
      'comment',
      '--comment',
      '"block incoming localnet connections"',
      '-d',
      '127.0.0.0/8',
      '!',
      '-s',
      '127.0.0.0/8',
      '-m',
      'conntrack',
      '!',
      '--ctstate',
      'RELATED,ESTABLISHED,DNAT',
      '-j',
      'DROP',
    );
  }
}

function writeStaleChainDeletes(s: SyncState, existing: Iterable<string>): void {
  const stale = [...existing]
    .filter((c) => isServiceChainName(c) && !s.activeNatChains.has(c))
    .sort();
  for (const chain of stale) {
    s.natChains.write(chainLine(chain));
    s.natRules.write('-X', chain);
  }
}

function writeTail(s: SyncState): void {
  const destinations = ['-m', 'addrtype', '--dst-type', 'LOCAL'];
  if (!s.config.localhostNodePorts) destinations.push('!', '-d', '127.0.0.0/8');
  const comment = '"kubernetes service nodeports; NOTE: this must be the last rule in this chain"';
  s.natRules.write(
    '-A',
    KUBE_SERVICES,
    '-m',
    'comment',
    '--comment',
    comment,
    destinations,
    '-j',
    KUBE_NODEPORTS,
  );
  if (!s.config.conntrackTCPLiberal) {
    const nfacct = s.config.nfacct ? ['-m', 'nfacct', '--nfacct-name', NFACCT_INVALID] : [];
    s.filterRules.write(
      '-A',
      KUBE_FORWARD,
      '-m',
      'conntrack',
      '--ctstate',
      'INVALID',
      nfacct,
      '-j',
      'DROP',
    );
  }
  const mark = `${s.config.masqueradeMark}/${s.config.masqueradeMark}`;
  s.filterRules.write(
    '-A',
    KUBE_FORWARD,
    '-m',
    'comment',
    '--comment',
    '"kubernetes forwarding rules"',
    '-m',
    'mark',
    '--mark',
    mark,
    '-j',
    'ACCEPT',
  );
  s.filterRules.write(
    '-A',
    KUBE_FORWARD,
    '-m',
    'comment',
    '--comment',
    '"kubernetes forwarding conntrack rule"',
    '-m',
    'conntrack',
    '--ctstate',
    'RELATED,ESTABLISHED',
    '-j',
    'ACCEPT',
  );
}

/** One full syncProxyRules. */
export function syncProxyRules(input: SyncInput): SyncResult {
  const config = resolveConfig(input.config);
  const ports = buildServicePorts(input.services);
  const endpointsMap = buildEndpointsMap(input.endpointSlices, config.nodeName);
  let totalEndpoints = 0;
  for (const info of ports)
    totalEndpoints += endpointsMap.get(servicePortKey(info.nameString, info.protocol))?.length ?? 0;
  const s: SyncState = {
    config,
    filterChains: new LineBuffer(),
    filterRules: new LineBuffer(),
    natChains: new LineBuffer(),
    natRules: new LineBuffer(),
    activeNatChains: new Set(),
    largeClusterMode: totalEndpoints > LARGE_CLUSTER_ENDPOINTS,
  };
  writePreamble(s);
  for (const info of ports) {
    const eps = endpointsMap.get(servicePortKey(info.nameString, info.protocol)) ?? [];
    writeServicePort(s, info, categorizeEndpoints(eps, info));
  }
  writeStaleChainDeletes(s, input.existingNatChains ?? []);
  writeTail(s);
  const parts = [
    '*filter',
    s.filterChains.lines.join('\n'),
    s.filterRules.lines.join('\n'),
    'COMMIT',
    '*nat',
    s.natChains.lines.join('\n'),
    s.natRules.lines.join('\n'),
    'COMMIT',
  ];
  const restoreText = `${parts.filter((p) => p !== '').join('\n')}\n`;
  return { restoreText, activeNatChains: s.activeNatChains };
}
