/**
 * Whole rulesets for representative clusters. How the expected files were made:
 *
 * - golden/overall.restore.txt: the cluster of kube-proxy's own TestOverallIPTablesRules
 *   (pkg/proxy/iptables/proxier_test.go) with its fake proxier's settings (node test-node,
 *   detect-local 10.0.0.0/8, nfacct counters present, no --random-fully). Our output, put in
 *   that test's canonical order (sortRestore.ts) and with the fake's literal mark "0x4000",
 *   was compared line by line with the test's expected text and is identical; the file keeps
 *   kube-proxy's own write order (services sorted by name, since Go map order is random).
 * - golden/basic.restore.txt and edge.restore.txt: written from proxier.go's syncProxyRules by
 *   following each service through CategorizeEndpoints and the rule-writing branches (the
 *   reasons are in the YAML comments), then checked by feeding them, after kube-proxy's
 *   start-up commands (jumps.ts), to the real iptables-restore 1.8.9 (nf_tables) in a
 *   throwaway network namespace: it accepted them, and iptables-save printed
 *   golden/*.iptables-save.txt, kept as the expected `--save` output.
 */
import { describe, expect, it } from 'vitest';
import { applyManifest, createCluster, generate } from './cluster.ts';
import type { KubeProxyConfig } from './config.ts';
import { JUMP_CHAINS } from './jumps.ts';
import { iptablesSaveProbability } from './probability.ts';
import basicSave from './golden/basic.iptables-save.txt?raw';
import basicRestore from './golden/basic.restore.txt?raw';
import basicYaml from './golden/basic.yaml?raw';
import edgeSave from './golden/edge.iptables-save.txt?raw';
import edgeRestore from './golden/edge.restore.txt?raw';
import edgeYaml from './golden/edge.yaml?raw';
import overallRestore from './golden/overall.restore.txt?raw';
import overallYaml from './golden/overall.yaml?raw';

const OVERALL_CONFIG: Partial<KubeProxyConfig> = {
  nodeName: 'test-node',
  nodeIP: '192.168.0.2',
  clusterCIDR: '10.0.0.0/8',
  randomFully: false,
  nfacct: true,
};

const EDGE_CONFIG: Partial<KubeProxyConfig> = {
  masqueradeAll: true,
  clusterCIDR: null,
  localhostNodePorts: false,
  conntrackTCPLiberal: true,
};

function restoreFor(yaml: string, config: Partial<KubeProxyConfig> = {}): string {
  const cluster = createCluster({ strict: false });
  applyManifest(cluster, yaml);
  return generate(cluster, config).restoreText;
}

describe('kube-proxy iptables-restore input (golden files)', () => {
  it('reproduces the cluster of upstream TestOverallIPTablesRules', () => {
    expect(restoreFor(overallYaml, OVERALL_CONFIG)).toBe(overallRestore);
  });

  it('writes a kubeadm-style cluster with default settings', () => {
    expect(restoreFor(basicYaml)).toBe(basicRestore);
  });

  it('writes the less common paths (masquerade-all, source ranges, fallbacks)', () => {
    expect(restoreFor(edgeYaml, EDGE_CONFIG)).toBe(edgeRestore);
  });
});

function probabilities(text: string): string[] {
  return [...text.matchAll(/--probability (\S+)/g)].map((m) => m[1]!);
}

function jumpTargets(saveText: string, table: string, chain: string): string[] {
  const section = saveText.split(`*${table}\n`)[1]!.split('COMMIT')[0]!;
  return [...section.matchAll(new RegExp(`^-A ${chain} .*-j (\\S+)$`, 'gm'))].map((m) => m[1]!);
}

describe('what the real iptables-save printed after the restore', () => {
  it.each([
    ['basic', basicRestore, basicSave],
    ['edge', edgeRestore, edgeSave],
  ])('%s: every --probability comes back as iptables-save prints it', (_name, restore, save) => {
    const written = probabilities(restore);
    expect(written.length).toBeGreaterThan(0);
    // iptables-save sorts user chains by name, so compare as multisets.
    expect(written.map(iptablesSaveProbability).sort()).toEqual(probabilities(save).sort());
  });

  it('has the jumps from the built-in chains in the order prepending leaves them', () => {
    for (const [table, chain] of [
      ['filter', 'INPUT'],
      ['filter', 'FORWARD'],
      ['filter', 'OUTPUT'],
      ['nat', 'PREROUTING'],
      ['nat', 'OUTPUT'],
      ['nat', 'POSTROUTING'],
    ] as const) {
      const ensured = JUMP_CHAINS.filter((j) => j.table === table && j.srcChain === chain);
      const expected = ensured.map((j) => j.dstChain).reverse();
      expect(jumpTargets(basicSave, table, chain)).toEqual(expected);
    }
  });
});
