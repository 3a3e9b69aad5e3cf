// What the kube-proxy-scale benches (trace, iptables) load and compare against: the file the
// engine's own kube-proxy generator writes for the shared cluster (kubeCluster.ts), as
// iptables-save would list it, and the real `iptables-restore --test` of a file.
import { spawnSync } from 'node:child_process';
import { JUMP_CHAINS, jumpRuleArgs } from '../engine/generators/kubeProxy/jumps.ts';
import { syncProxyRules } from '../engine/generators/kubeProxy/proxier.ts';
import { BUILTIN_CHAINS, isTableName } from '../engine/netfilter/model.ts';
import { cluster } from './kubeCluster.ts';

/** kube-proxy's restore text plus the built-in chains and the jump rules it inserts at start-up. */
function saveFile(restoreText: string): string[] {
  const out: string[] = [];
  let table = '';
  for (const line of restoreText.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1);
      out.push(line);
      if (isTableName(table)) for (const c of BUILTIN_CHAINS[table]) out.push(`:${c} ACCEPT [0:0]`);
      continue;
    }
    if (line.startsWith('-A') && out[out.length - 1]!.startsWith(':')) {
      for (const j of JUMP_CHAINS.filter((x) => x.table === table)) {
        const args = jumpRuleArgs(j).map((a) => (/\s/.test(a) ? `"${a}"` : a));
        out.push(`-A ${j.srcChain} ${args.join(' ')}`);
      }
    }
    if (line !== '') out.push(line);
  }
  return out;
}

/**
 * The lines of the 10,000-service file (about 110k); the cluster objects behind it are
 * garbage once this returns.
 */
export function kubeProxySaveLines(): string[] {
  const { services, slices } = cluster();
  return saveFile(syncProxyRules({ services, endpointSlices: slices }).restoreText);
}

/**
 * The real `iptables-restore --test` of `text` in a throwaway network namespace (never the
 * root one): the best wall time in ms of `runs` runs; undefined without root or iptables, or
 * when the tool refuses the file.
 */
export function realRestoreTest(text: string, runs: number): number | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (spawnSync('sh', ['-c', 'command -v iptables-restore']).status !== 0) return undefined;
  const ns = `pp-${process.pid}-bench`;
  if (spawnSync('ip', ['netns', 'add', ns]).status !== 0) return undefined;
  try {
    let best = Infinity;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const r = spawnSync('ip', ['netns', 'exec', ns, 'iptables-restore', '--test'], {
        input: text,
        timeout: 120_000,
      });
      if (r.status !== 0) return undefined;
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  } finally {
    spawnSync('ip', ['netns', 'del', ns]);
  }
}
