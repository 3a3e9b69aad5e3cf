/**
 * Issue 5: packets through the generated rules behave as the kernel did in the recordings
 * shared/fixtures/kernel/06 and 08 (copied to fixtures/kernel). The generator runs the same
 * Docker setup (c1 publishing 8080->80, c2 without ports; 08 with --icc=false); its ruleset
 * must equal the one the scenario loaded on the real kernel, and the scenario, with the host's
 * rules replaced by the generated ones, is replayed through the engine's packet path and judged
 * against the kernel's answers by the engine's own recording check.
 */
import { describe, expect, it } from 'vitest';
import { checkRecordings } from '../../scenario/recordingCheck.ts';
import { createDockerState, runDocker, runDockerd } from './index.ts';
import { engineHost } from './testing/engineHost.ts';

const files = import.meta.glob('./fixtures/kernel/*.json', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const SETUPS = [
  { name: '06-docker-default', dockerd: [] as string[] },
  { name: '08-docker-icc-off-brnf1', dockerd: ['--icc=false'] },
];

/** The generated iptables-save, comments and counters dropped, as scenario `iptables` lines. */
function generatedRules(dockerd: readonly string[]): string[] {
  const host = engineHost();
  const state = createDockerState({ host, seed: 3 });
  expect(runDockerd(state, [...dockerd]).exit).toBe(0);
  expect(runDocker(state, ['run', '-d', '--name', 'c1', '-p', '8080:80', 'img']).exit).toBe(0);
  expect(runDocker(state, ['run', '-d', '--name', 'c2', 'img']).exit).toBe(0);
  return host
    .save()
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]$/, '[0:0]'));
}

function byTable(lines: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  let table = '';
  for (const l of lines) {
    if (l.startsWith('*')) table = l;
    (out[table] ??= []).push(l);
  }
  return out;
}

type Scenario = { namespaces: { host: { iptables: string[] } } };

const replay: Record<string, string> = {};
for (const s of SETUPS) {
  const scenario = JSON.parse(files[`./fixtures/kernel/${s.name}.json`] ?? '{}') as Scenario;
  const rules = generatedRules(s.dockerd);
  describe(`${s.name}: the generator's rules`, () => {
    it('equal the ruleset the kernel ran with', () => {
      expect(byTable(rules)).toEqual(byTable(scenario.namespaces.host.iptables));
    });
  });
  scenario.namespaces.host.iptables = rules;
  replay[`generated/${s.name}.json`] = JSON.stringify(scenario);
  replay[`generated/${s.name}.expected.json`] =
    files[`./fixtures/kernel/${s.name}.expected.json`] ?? '';
}

describe('the kernel recordings replayed with the generated rules', () => {
  checkRecordings(replay);
});
