/**
 * The recorded dockerd steps against the generator with the FakeIptables test double: checks
 * the generator's argv order and positions. The same steps run against the engine's real
 * iptables command in golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { createDockerState, runDocker, runDockerd, stopDockerd } from './index.ts';
import { fakeHost } from './testing/fakeHost.ts';
import {
  GOLDEN_STEPS,
  normaliseSave,
  recordedBridgeNames,
  simulatedBridgeNames,
} from './testing/goldenSteps.ts';

const saves = import.meta.glob('./fixtures/nft/*.iptables-save.txt', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;
const states = import.meta.glob('./fixtures/nft/*.state.txt', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

describe('dockerd 20.10 golden steps (FakeIptables double)', () => {
  const host = fakeHost();
  const state = createDockerState({ host, seed: 7 });
  const recordedNames = recordedBridgeNames(Object.values(states));
  const seen = new Map<string, string>();
  for (const step of GOLDEN_STEPS) {
    it(step.name, () => {
      for (const argv of step.run) {
        const [cmd, ...rest] = argv as [string, ...string[]];
        const r = cmd === 'dockerd' ? runDockerd(state, rest) : runDocker(state, rest);
        expect(r.stderr).toBe('');
        expect(r.exit).toBe(0);
      }
      if (step.stop) stopDockerd(state);
      for (const [k, v] of simulatedBridgeNames(state)) seen.set(k, v);
      const want = normaliseSave(
        saves[`./fixtures/nft/${step.name}.iptables-save.txt`] ?? '',
        recordedNames,
      );
      expect(normaliseSave(host.iptablesOf().save(), seen)).toBe(want);
    });
  }
});
