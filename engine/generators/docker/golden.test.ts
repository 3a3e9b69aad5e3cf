/**
 * Issue 5's acceptance: for every step of shared/fixtures/docker/nft (copied to fixtures/nft),
 * the iptables-save after the same commands — dockerd's argv run through the engine's real
 * iptables command — equals the recording, bridge names normalised to br-<network name>.
 * Each step is asserted twice: table by table (the rules dockerd wrote) and as the whole
 * iptables-save text (which also needs iptables-nft-save's table order: filter before nat).
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

/** The `*table … COMMIT` blocks of a normalised save, by table name. */
function tables(save: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const block of save.split(/(?=^\*)/m)) out[block.split('\n')[0] ?? ''] = block.trimEnd();
  return out;
}

describe('dockerd 20.10 golden steps through the engine’s iptables', () => {
  const host = engineHost();
  const state = createDockerState({ host, seed: 11 });
  const recorded = recordedBridgeNames(Object.values(states));
  const seen = new Map<string, string>();
  const got = new Map<string, string>();
  const want = (step: string): string =>
    normaliseSave(saves[`./fixtures/nft/${step}.iptables-save.txt`] ?? '', recorded);

  for (const step of GOLDEN_STEPS) {
    it(`${step.name}: every table's rules equal the recording`, () => {
      for (const argv of step.run) {
        const [cmd, ...rest] = argv as [string, ...string[]];
        const r = cmd === 'dockerd' ? runDockerd(state, rest) : runDocker(state, rest);
        expect(r.stderr).toBe('');
        expect(r.exit).toBe(0);
      }
      if (step.stop) stopDockerd(state);
      for (const [k, v] of simulatedBridgeNames(state)) seen.set(k, v);
      got.set(step.name, normaliseSave(host.save(), seen));
      expect(tables(got.get(step.name) ?? '')).toEqual(tables(want(step.name)));
    });

    it(`${step.name}: the iptables-save text equals the recording`, () => {
      expect(got.get(step.name)).toBe(want(step.name));
    });
  }
});
