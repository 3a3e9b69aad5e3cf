/**
 * Issue 5's acceptance: for every step of shared/fixtures/docker/nft (copied to fixtures/nft),
 * the iptables-save after the same commands — dockerd's argv run through the engine's real
 * iptables command — equals the recording, bridge names normalised to br-<network name>.
 * The same steps recorded here with the same oracle tool under --userland-proxy=false and with
 * ip_forward=1, bridge-nf-call-iptables=0 preset (fixtures/nft-*) are checked the same way.
 *
 * Each step is asserted twice: table by table (the rules dockerd wrote, plus the two sysctls
 * the recordings track) and as the whole iptables-save text, which also depends on the order
 * iptables-nft-save prints tables in (filter before nat).
 */
import { describe, expect, it } from 'vitest';
import { createDockerState, runDocker, runDockerd, stopDockerd } from './index.ts';
import { engineHost } from './testing/engineHost.ts';
import {
  GOLDEN_STEPS,
  normaliseSave,
  recordedBridgeNames,
  simulatedBridgeNames,
} from './testing/goldenSteps.ts';

const saves = import.meta.glob('./fixtures/*/*.iptables-save.txt', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const states = import.meta.glob('./fixtures/*/*.state.txt', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const VARIANTS = [
  { dir: 'nft', dockerd: [], sysctls: {} },
  { dir: 'nft-userland-proxy-false', dockerd: ['--userland-proxy=false'], sysctls: {} },
  {
    dir: 'nft-preset-forward',
    dockerd: [],
    sysctls: { 'net.ipv4.ip_forward': '1', 'net.bridge.bridge-nf-call-iptables': '0' },
  },
] as const;

/** The `*table … COMMIT` blocks of a normalised save, by table name. */
function tables(save: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of save.split(/(?=^\*)/m)) out[block.split('\n')[0] ?? ''] = block.trimEnd();
  return out;
}

/** The sysctls every recording's state file lists that dockerd may change. */
function keySysctls(state: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of ['net.ipv4.ip_forward', 'net.bridge.bridge-nf-call-iptables']) {
    const m = new RegExp(`^${key.replace(/\./g, '\\.')} = (\\S+)$`, 'm').exec(state);
    if (m?.[1] !== undefined) out[key] = m[1];
  }
  return out;
}

for (const v of VARIANTS) {
  describe(`dockerd 20.10 golden steps through the engine’s iptables (${v.dir})`, () => {
    const host = engineHost(v.sysctls);
    const state = createDockerState({ host, seed: 11 });
    const file = (step: string, kind: string): string =>
      (kind === 'state' ? states : saves)[`./fixtures/${v.dir}/${step}.${kind}.txt`] ?? '';
    const recorded = recordedBridgeNames(GOLDEN_STEPS.map((s) => file(s.name, 'state')));
    const seen = new Map<string, string>();
    const got = new Map<string, string>();
    const want = (step: string): string => normaliseSave(file(step, 'iptables-save'), recorded);

    for (const step of GOLDEN_STEPS) {
      it(`${step.name}: every table's rules (and key sysctls) equal the recording`, () => {
        for (const argv of step.run) {
          const [cmd, ...rest] = argv as [string, ...string[]];
          const r =
            cmd === 'dockerd' ? runDockerd(state, [...rest, ...v.dockerd]) : runDocker(state, rest);
          expect(r.stderr).toBe('');
          expect(r.exit).toBe(0);
        }
        if (step.stop) stopDockerd(state);
        for (const [k, b] of simulatedBridgeNames(state)) seen.set(k, b);
        got.set(step.name, normaliseSave(host.save(), seen));
        expect(tables(got.get(step.name) ?? '')).toEqual(tables(want(step.name)));
        const sysctls = keySysctls(file(step.name, 'state'));
        for (const [key, value] of Object.entries(sysctls))
          expect([key, host.readSysctl(key)]).toEqual([key, value]);
      });

      it(`${step.name}: the iptables-save text equals the recording`, () => {
        expect(got.get(step.name)).toBe(want(step.name));
      });
    }
  });
}
