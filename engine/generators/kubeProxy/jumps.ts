/**
 * What kube-proxy does with plain iptables commands rather than iptables-restore, because it
 * must not replace the built-in chains: at start-up ipt.Monitor creates KUBE-PROXY-CANARY in
 * mangle, nat and filter, and every full sync runs EnsureChain + EnsureRule(Prepend) for
 * iptablesJumpChains and iptablesKubeletJumpChains (proxier.go), in this order. Prepend
 * inserts at position 1, so in a chain the jump ensured last ends up first.
 */
import {
  KUBE_EXTERNAL_SERVICES,
  KUBE_FIREWALL,
  KUBE_FORWARD,
  KUBE_NODEPORTS,
  KUBE_POSTROUTING,
  KUBE_PROXY_CANARY,
  KUBE_PROXY_FIREWALL,
  KUBE_SERVICES,
} from './buffers.ts';

export interface JumpChain {
  readonly table: 'filter' | 'nat';
  readonly dstChain: string;
  readonly srcChain: string;
  readonly comment: string;
  readonly extraArgs: readonly string[];
}

const NEW = ['-m', 'conntrack', '--ctstate', 'NEW'];

/** iptablesJumpChains followed by iptablesKubeletJumpChains. */
export const JUMP_CHAINS: readonly JumpChain[] = [
  {
    table: 'filter',
    dstChain: KUBE_EXTERNAL_SERVICES,
    srcChain: 'INPUT',
    comment: 'kubernetes externally-visible service portals',
    extraArgs: NEW,
  },
  {
    table: 'filter',
    dstChain: KUBE_EXTERNAL_SERVICES,
    srcChain: 'FORWARD',
    comment: 'kubernetes externally-visible service portals',
    extraArgs: NEW,
  },
  {
    table: 'filter',
    dstChain: KUBE_NODEPORTS,
    srcChain: 'INPUT',
    comment: 'kubernetes health check service ports',
    extraArgs: [],
  },
  {
    table: 'filter',
    dstChain: KUBE_SERVICES,
    srcChain: 'FORWARD',
    comment: 'kubernetes service portals',
    extraArgs: NEW,
  },
  {
    table: 'filter',
    dstChain: KUBE_SERVICES,
    srcChain: 'OUTPUT',
    comment: 'kubernetes service portals',
    extraArgs: NEW,
  },
  {
    table: 'filter',
    dstChain: KUBE_FORWARD,
    srcChain: 'FORWARD',
    comment: 'kubernetes forwarding rules',
    extraArgs: [],
  },
  {
    table: 'filter',
    dstChain: KUBE_PROXY_FIREWALL,
    srcChain: 'INPUT',
    comment: 'kubernetes load balancer firewall',
    extraArgs: NEW,
  },
  {
    table: 'filter',
    dstChain: KUBE_PROXY_FIREWALL,
    srcChain: 'OUTPUT',
    comment: 'kubernetes load balancer firewall',
    extraArgs: NEW,
  },
  {
    table: 'filter',
    dstChain: KUBE_PROXY_FIREWALL,
    srcChain: 'FORWARD',
    comment: 'kubernetes load balancer firewall',
    extraArgs: NEW,
  },
  {
    table: 'nat',
    dstChain: KUBE_SERVICES,
    srcChain: 'OUTPUT',
    comment: 'kubernetes service portals',
    extraArgs: [],
  },
  {
    table: 'nat',
    dstChain: KUBE_SERVICES,
    srcChain: 'PREROUTING',
    comment: 'kubernetes service portals',
    extraArgs: [],
  },
  {
    table: 'nat',
    dstChain: KUBE_POSTROUTING,
    srcChain: 'POSTROUTING',
    comment: 'kubernetes postrouting rules',
    extraArgs: [],
  },
  { table: 'filter', dstChain: KUBE_FIREWALL, srcChain: 'INPUT', comment: '', extraArgs: [] },
  { table: 'filter', dstChain: KUBE_FIREWALL, srcChain: 'OUTPUT', comment: '', extraArgs: [] },
];

/** Quotes an argument for a shell line only when it needs it (comments with spaces). */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:,!=+-]+$/.test(word) ? word : `"${word}"`;
}

/** The jump rule's arguments as EnsureRule passes them: extra args, comment, -j target. */
export function jumpRuleArgs(jump: JumpChain): string[] {
  const comment = jump.comment === '' ? [] : ['-m', 'comment', '--comment', jump.comment];
  return [...jump.extraArgs, ...comment, '-j', jump.dstChain];
}

/**
 * The iptables commands kube-proxy's start-up runs before its first iptables-restore, as
 * shell lines: canary chains, then per jump `-N` (EnsureChain) and `-I` (EnsureRule Prepend,
 * which first checks with -C and inserts only when the rule is missing).
 */
export function setupCommands(): string[] {
  const out: string[] = [];
  for (const table of ['mangle', 'nat', 'filter'])
    out.push(`iptables -t ${table} -N ${KUBE_PROXY_CANARY}`);
  const created = new Set<string>();
  for (const jump of JUMP_CHAINS) {
    const chainKey = `${jump.table} ${jump.dstChain}`;
    if (!created.has(chainKey)) out.push(`iptables -t ${jump.table} -N ${jump.dstChain}`);
    created.add(chainKey);
    out.push(
      `iptables -t ${jump.table} -I ${jump.srcChain} ${jumpRuleArgs(jump).map(shellWord).join(' ')}`,
    );
  }
  return out;
}
