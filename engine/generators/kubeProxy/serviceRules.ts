/**
 * The rules kube-proxy writes for one service port (the loop body of syncProxyRules and
 * writeServiceToEndpointRules in pkg/proxy/iptables/proxier.go), in the same order.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_MARK_MASQ,
  KUBE_NODEPORTS,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
  NFACCT_LOCALHOST_NODEPORT,
  chainLine,
  type SyncState,
} from './buffers.ts';
import type { Categorized, EndpointInfo } from './endpoints.ts';
import { cidrContains, parseCIDRv4 } from './ip.ts';
import { kubeProxyProbability } from './probability.ts';
import { planService, type ServicePlan } from './servicePlan.ts';
import type { ServicePortInfo } from './serviceInfo.ts';

type Ctx = { readonly s: SyncState; readonly info: ServicePortInfo; readonly plan: ServicePlan };

function proto(info: ServicePortInfo): string[] {
  return ['-m', info.proto, '-p', info.proto];
}

function captureClusterIP({ s, info, plan }: Ctx): void {
  const match = [...proto(info), '-d', info.clusterIP, '--dport', String(info.port)];
  if (plan.hasInternalEndpoints) {
    const comment = `"${info.nameString} cluster IP"`;
    s.natRules.write(
      '-A',
      KUBE_SERVICES,
      '-m',
      'comment',
      '--comment',
      comment,
      match,
      '-j',
      plan.internalTrafficChain,
    );
  } else if (plan.internalFilter) {
    const f = plan.internalFilter;
    s.filterRules.write(
      '-A',
      KUBE_SERVICES,
      '-m',
      'comment',
      '--comment',
      f.comment,
      match,
      '-j',
      f.target,
    );
  }
}

function externalReject({ s, plan }: Ctx, match: readonly string[]): void {
  const f = plan.externalFilter;
  if (f)
    s.filterRules.write(
      '-A',
      KUBE_EXTERNAL_SERVICES,
      '-m',
      'comment',
      '--comment',
      f.comment,
      match,
      '-j',
      f.target,
    );
}

function captureExternalIPs(ctx: Ctx): void {
  const { s, info, plan } = ctx;
  for (const ip of info.externalIPs) {
    const match = [...proto(info), '-d', ip, '--dport', String(info.port)];
    if (plan.hasEndpoints) {
      const comment = `"${info.nameString} external IP"`;
      s.natRules.write(
        '-A',
        KUBE_SERVICES,
        '-m',
        'comment',
        '--comment',
        comment,
        match,
        '-j',
        info.chains.external,
      );
    }
    if (!plan.hasExternalEndpoints) externalReject(ctx, match);
  }
}

function captureLoadBalancer(ctx: Ctx): void {
  const { s, info, plan } = ctx;
  for (const ip of info.loadBalancerVIPs) {
    const match = [...proto(info), '-d', ip, '--dport', String(info.port)];
    if (plan.hasEndpoints) {
      const comment = `"${info.nameString} loadbalancer IP"`;
      s.natRules.write(
        '-A',
        KUBE_SERVICES,
        '-m',
        'comment',
        '--comment',
        comment,
        match,
        '-j',
        plan.loadBalancerTrafficChain,
      );
    }
    if (plan.usesFWChain) {
      const comment = `"${info.nameString} traffic not accepted by ${info.chains.firewall}"`;
      s.filterRules.write(
        '-A',
        KUBE_PROXY_FIREWALL,
        '-m',
        'comment',
        '--comment',
        comment,
        match,
        '-j',
        'DROP',
      );
    }
  }
  if (!plan.hasExternalEndpoints) {
    for (const ip of info.loadBalancerVIPs)
      externalReject(ctx, [...proto(info), '-d', ip, '--dport', String(info.port)]);
  }
}

function captureNodePort(ctx: Ctx): void {
  const { s, info, plan } = ctx;
  if (info.nodePort === 0) return;
  const comment = ['-m', 'comment', '--comment', info.nameString];
  const dport = ['--dport', String(info.nodePort)];
  if (plan.hasEndpoints) {
    if (s.config.localhostNodePorts && s.config.nfacct) {
      const nfacct = ['-m', 'nfacct', '--nfacct-name', NFACCT_LOCALHOST_NODEPORT];
      s.natRules.write(
        '-A',
        KUBE_NODEPORTS,
        comment,
        proto(info),
        '-d',
        '127.0.0.0/8',
        dport,
        nfacct,
        '-j',
        info.chains.external,
      );
    }
    s.natRules.write('-A', KUBE_NODEPORTS, comment, proto(info), dport, '-j', info.chains.external);
  }
  if (!plan.hasExternalEndpoints) {
    externalReject(ctx, ['-m', 'addrtype', '--dst-type', 'LOCAL', ...proto(info), ...dport]);
  }
}

function captureHealthCheck({ s, info }: Ctx): void {
  if (info.healthCheckNodePort === 0) return;
  const comment = `"${info.nameString} health check node port"`;
  const port = String(info.healthCheckNodePort);
  s.filterRules.write(
    '-A',
    KUBE_NODEPORTS,
    '-m',
    'comment',
    '--comment',
    comment,
    '-m',
    'tcp',
    '-p',
    'tcp',
    '--dport',
    port,
    '-j',
    'ACCEPT',
  );
}

function internalMasquerade({ s, info, plan }: Ctx): void {
  if (!plan.hasInternalEndpoints) return;
  const args = [
    '-m',
    'comment',
    '--comment',
    `"${info.nameString} cluster IP"`,
    ...proto(info),
    '-d',
    info.clusterIP,
    '--dport',
    String(info.port),
  ];
  if (s.config.masqueradeAll) {
    s.natRules.write('-A', plan.internalTrafficChain, args, '-j', KUBE_MARK_MASQ);
  } else if (s.config.localCIDR) {
    // Off-cluster traffic to a service VIP is masqueraded (detect-local: ! -s clusterCIDR).
    s.natRules.write(
      '-A',
      plan.internalTrafficChain,
      args,
      '!',
      '-s',
      s.config.localCIDR.text,
      '-j',
      KUBE_MARK_MASQ,
    );
  }
}

function externalChain({ s, info, plan }: Ctx): void {
  if (!plan.usesExternalTrafficChain) return;
  const ext = info.chains.external;
  s.natChains.write(chainLine(ext));
  s.activeNatChains.add(ext);
  const name = info.nameString;
  if (!info.externalPolicyLocal) {
    s.natRules.write(
      '-A',
      ext,
      '-m',
      'comment',
      '--comment',
      `"masquerade traffic for ${name} external destinations"`,
      '-j',
      KUBE_MARK_MASQ,
    );
  } else {
    if (s.config.localCIDR) {
      s.natRules.write(
        '-A',
        ext,
        '-m',
        'comment',
        '--comment',
        `"pod traffic for ${name} external destinations"`,
        '-s',
        s.config.localCIDR.text,
        '-j',
        info.chains.cluster,
      );
    }
    s.natRules.write(
      '-A',
      ext,
      '-m',
      'comment',
      '--comment',
      `"masquerade LOCAL traffic for ${name} external destinations"`,
      '-m',
      'addrtype',
      '--src-type',
      'LOCAL',
      '-j',
      KUBE_MARK_MASQ,
    );
    s.natRules.write(
      '-A',
      ext,
      '-m',
      'comment',
      '--comment',
      `"route LOCAL traffic for ${name} external destinations"`,
      '-m',
      'addrtype',
      '--src-type',
      'LOCAL',
      '-j',
      info.chains.cluster,
    );
  }
  if (plan.hasExternalEndpoints) s.natRules.write('-A', ext, '-j', plan.externalPolicyChain);
}

function firewallChain({ s, info, plan }: Ctx): void {
  if (!plan.usesFWChain) return;
  const fw = info.chains.firewall;
  s.natChains.write(chainLine(fw));
  s.activeNatChains.add(fw);
  const args = ['-A', fw, '-m', 'comment', '--comment', `"${info.nameString} loadbalancer IP"`];
  let allowFromNode = false;
  for (const range of info.loadBalancerSourceRanges) {
    s.natRules.write(args, '-s', range, '-j', info.chains.external);
    const cidr = parseCIDRv4(range);
    if (cidr && cidrContains(cidr, s.config.nodeIP)) allowFromNode = true;
  }
  // A VIP added as a local address loops node traffic back with the VIP as source.
  if (allowFromNode) {
    for (const ip of info.loadBalancerVIPs)
      s.natRules.write(args, '-s', ip, '-j', info.chains.external);
  }
  s.natRules.write(
    '-A',
    fw,
    '-m',
    'comment',
    '--comment',
    `"other traffic to ${info.nameString} will be dropped by KUBE-PROXY-FIREWALL"`,
  );
}

function endpointComment(s: SyncState, text: string): string[] {
  return s.largeClusterMode ? [] : ['-m', 'comment', '--comment', text];
}

/** writeServiceToEndpointRules: affinity checks first, then the random spread. */
function serviceToEndpointRules(
  s: SyncState,
  info: ServicePortInfo,
  chain: string,
  eps: readonly EndpointInfo[],
): void {
  s.natChains.write(chainLine(chain));
  s.activeNatChains.add(chain);
  if (info.sessionAffinityClientIP) {
    for (const ep of eps) {
      const recent = [
        '-m',
        'recent',
        '--name',
        ep.chainName,
        '--rcheck',
        '--seconds',
        String(info.stickyMaxAgeSeconds),
        '--reap',
      ];
      s.natRules.write(
        '-A',
        chain,
        endpointComment(s, `"${info.nameString} -> ${ep.text}"`),
        recent,
        '-j',
        ep.chainName,
      );
    }
  }
  eps.forEach((ep, i) => {
    const comment = endpointComment(s, `"${info.nameString} -> ${ep.text}"`);
    const stat =
      i < eps.length - 1
        ? [
            '-m',
            'statistic',
            '--mode',
            'random',
            '--probability',
            kubeProxyProbability(eps.length - i),
          ]
        : [];
    s.natRules.write('-A', chain, comment, stat, '-j', ep.chainName);
  });
}

function endpointChains(s: SyncState, info: ServicePortInfo, eps: readonly EndpointInfo[]): void {
  for (const ep of eps) {
    s.natChains.write(chainLine(ep.chainName));
    s.activeNatChains.add(ep.chainName);
    const head = ['-A', ep.chainName, ...endpointComment(s, info.nameString)];
    // Hairpin: a pod reaching itself through the service is masqueraded.
    s.natRules.write(head, '-s', ep.ip, '-j', KUBE_MARK_MASQ);
    const affinity = info.sessionAffinityClientIP
      ? ['-m', 'recent', '--name', ep.chainName, '--set']
      : [];
    s.natRules.write(head, affinity, proto(info), '-j', 'DNAT', '--to-destination', ep.text);
  }
}

/** Everything syncProxyRules writes for one service port. */
export function writeServicePort(s: SyncState, info: ServicePortInfo, cat: Categorized): void {
  const ctx: Ctx = { s, info, plan: planService(info, cat) };
  captureClusterIP(ctx);
  captureExternalIPs(ctx);
  captureLoadBalancer(ctx);
  captureNodePort(ctx);
  captureHealthCheck(ctx);
  internalMasquerade(ctx);
  externalChain(ctx);
  firewallChain(ctx);
  if (ctx.plan.usesClusterPolicyChain)
    serviceToEndpointRules(s, info, info.chains.cluster, cat.clusterEndpoints);
  if (ctx.plan.usesLocalPolicyChain)
    serviceToEndpointRules(s, info, info.chains.local, cat.localEndpoints);
  endpointChains(s, info, cat.allReachable);
}
