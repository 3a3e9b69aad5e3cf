/**
 * docker command lines replayed against a recording of the real daemon and client (20.10.24,
 * fixtures/nft-cli-steps): error texts, exit codes, outputs and the ruleset after every line.
 *
 * Two things the real daemon does not do deterministically are compared as sets, not as
 * sequences: the order of a container's port rules when it publishes several unrelated ports
 * (nat.SortPortMap starts from Go map order and its Less is not a strict order), and the order
 * `docker port` lists them (Go map iteration). Times and generated names are masked.
 */
import { describe, expect, it } from 'vitest';
import { words } from './testing/words.ts';
import {
  createDockerState,
  runDocker,
  runDockerd,
  stopDockerd,
  type DockerState,
} from './index.ts';
import type { CommandResult } from '../../shell/types.ts';
import { engineHost, type EngineHost } from './testing/engineHost.ts';
import { normaliseSave, simulatedBridgeNames } from './testing/goldenSteps.ts';

const files = import.meta.glob('./fixtures/nft-cli-steps*/*.txt', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

interface Recorded {
  id: string;
  line: string;
  exit: number;
  stdout: string;
  stderr: string;
}

/**
 * The recordings, the daemon flags they were made with, and the first line from which a
 * container publishing several unrelated ports exists (see the header).
 */
const RECORDINGS = [
  { dir: 'nft-cli-steps', dockerd: [], unorderedFrom: 20 },
  {
    dir: 'nft-cli-steps-icc-masq-off',
    dockerd: ['--icc=false', '--ip-masq=false'],
    unorderedFrom: Infinity,
  },
  { dir: 'nft-cli-steps-restart', dockerd: [], unorderedFrom: Infinity },
  { dir: 'nft-cli-steps-output', dockerd: [], unorderedFrom: Infinity },
  { dir: 'nft-cli-steps-iptables-off', dockerd: ['--iptables=false'], unorderedFrom: Infinity },
] as const;

const RECORD =
  /^### (\d+) docker (.*)\nexit=(\d+)\n--- stdout\n([\s\S]*?)--- stderr\n([\s\S]*?)(?=^### |(?![\s\S]))/gm;
function parseRecording(text: string): Recorded[] {
  return [...text.matchAll(RECORD)].map((m) => ({
    id: m[1] ?? '',
    line: m[2] ?? '',
    exit: Number(m[3]),
    stdout: m[4] ?? '',
    stderr: m[5] ?? '',
  }));
}

function mask(text: string): string {
  return text
    .replace(/"Created": "[^"]*"/g, '"Created": <time>')
    .replace(/\d+ seconds? ago|Less than a second ago|About a minute ago/g, '<t> ago')
    .replace(/ {2,}/g, '  ')
    .replace(/^[0-9a-f]{12}\b/gm, '<id12>')
    .replace(/[0-9a-f]{64}/g, '<id>')
    .replace(/Up (Less than a second|\d+ seconds?)/g, 'Up <t>')
    .replace(/(Less than a second|\d+ seconds?) ago/g, '<t> ago')
    .replace(/^[a-z]+_[a-z]+\t/gm, '<generated name>\t');
}

/** network inspect with the random parts out: ids, times, and Containers keyed by random id. */
function inspected(json: string): unknown {
  const nets = JSON.parse(json) as Record<string, unknown>[];
  return nets.map((n) => ({
    ...n,
    Id: '<id>',
    Created: '<time>',
    Containers: Object.values(n.Containers as Record<string, Record<string, unknown>>)
      .map((c): Record<string, unknown> => ({ ...c, EndpointID: '<id>' }))
      .sort((a, b) => String(a.Name).localeCompare(String(b.Name))),
  }));
}

function tables(save: string, unordered: boolean): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const block of save.split(/(?=^\*)/m)) {
    const lines = block.trimEnd().split('\n');
    out[lines[0] ?? ''] = unordered ? [...lines].sort() : lines;
  }
  return out;
}

/**
 * A docker command line, or one of the recording script's own steps: `nsx iptables …` (a rule
 * typed in the daemon's namespace) and `restart_dockerd` (SIGTERM, then dockerd again).
 */
function replayLine(
  state: DockerState,
  host: EngineHost,
  line: string,
  dockerd: readonly string[],
): CommandResult {
  const nsx = /; nsx iptables (.*)$/.exec(line);
  if (nsx?.[1] !== undefined) return host.iptables(words(nsx[1]));
  if (line.endsWith('; restart_dockerd')) {
    stopDockerd(state);
    return runDockerd(state, [...dockerd]);
  }
  return runDocker(state, words(line));
}

for (const rec0 of RECORDINGS) {
  const file = (name: string): string => files[`./fixtures/${rec0.dir}/${name}`] ?? '';
  describe(`docker CLI lines replayed against the real 20.10 daemon (${rec0.dir})`, () => {
    const host = engineHost();
    let clock = 1_700_000_000_000;
    const state = createDockerState({ host, seed: 11, now: () => clock });
    runDockerd(state, [...rec0.dockerd]);

    for (const rec of parseRecording(file('commands.txt'))) {
      it(`${rec.id} docker ${rec.line}`, () => {
        clock += 1000;
        const r = replayLine(state, host, rec.line, rec0.dockerd);
        const unordered = Number(rec.id) >= rec0.unorderedFrom;
        expect(r.exit).toBe(rec.exit);
        expect(mask(r.stderr)).toBe(mask(rec.stderr));
        if (rec.line.startsWith('network inspect')) {
          expect(inspected(r.stdout)).toEqual(inspected(rec.stdout));
        } else if (rec.line.startsWith('port ')) {
          expect(r.stdout.split('\n').sort()).toEqual(rec.stdout.split('\n').sort());
        } else {
          expect(mask(r.stdout)).toBe(mask(rec.stdout));
        }
        const names = new Map<string, string>();
        for (const l of file(`${rec.id}.networks.txt`).split('\n')) {
          const [name, , id] = l.split('\t');
          if (id !== undefined && name !== 'bridge') names.set(`br-${id}`, `br-<${name}>`);
        }
        const want = normaliseSave(file(`${rec.id}.iptables-save.txt`), names);
        const got = normaliseSave(host.save(), simulatedBridgeNames(state));
        expect(tables(got, unordered)).toEqual(tables(want, unordered));
      });
    }
  });
}
