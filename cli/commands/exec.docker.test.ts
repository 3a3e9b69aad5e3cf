/**
 * The Docker capture steps of ../shared/fixtures/docker/nft (copied by the dockerd generator into
 * engine/generators/docker/fixtures/nft) replayed through `packetpath exec --json`: after each
 * step, iptables-save (comment lines dropped, bridge names normalised) equals the recording.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../main.ts';

const STEPS: readonly [string, string][] = [
  ['01-daemon-start', 'dockerd'],
  ['02-net-frontend', 'docker network create --subnet 10.10.0.0/24 frontend'],
  ['03-net-backend', 'docker network create --subnet 10.20.0.0/24 backend'],
  [
    '04-net-isolated-noicc',
    'docker network create --opt com.docker.network.bridge.enable_icc=false isolated',
  ],
  ['05-net-internal', 'docker network create --internal internalnet'],
  ['06a-run-web-8080', 'docker run -d --name web -p 8080:80 httpd'],
  ['06b-run-localhost-9090', 'docker run -d --name weblocal -p 127.0.0.1:9090:90 httpd'],
  ['06c-run-udp-5353', 'docker run -d --name dns -p 5353:53/udp httpd'],
  ['06d-run-range-7000-7001', 'docker run -d --name range -p 7000-7001:7000-7001 httpd'],
  ['06e-run-frontend-8081', 'docker run -d --name fe --network frontend -p 8081:80 httpd'],
  ['06f-run-isolated', 'docker run -d --name iso --network isolated httpd'],
  ['06g-run-internal', 'docker run -d --name int --network internalnet httpd'],
  ['07a-rm-containers', 'docker rm -f web weblocal dns range fe iso int'],
  ['07b-rm-net-frontend', 'docker network rm frontend'],
  ['07c-rm-net-backend', 'docker network rm backend'],
  ['07d-rm-net-isolated', 'docker network rm isolated'],
  ['07e-rm-net-internal', 'docker network rm internalnet'],
];

const FIXTURES = new URL('../../engine/generators/docker/fixtures/nft/', import.meta.url);
const canonical = (text: string) =>
  text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/br-[0-9a-f]{12}/g, 'br-X'));

describe('Docker capture steps through exec --json', () => {
  it('gives the recorded iptables-save after every step', async () => {
    let out = '';
    const input = STEPS.map(([, cmd]) => `${cmd}\niptables-save\n`).join('');
    await main(['exec', '--json'], {
      stdout: (s) => void (out += s),
      stderr: () => undefined,
      readStdin: async () => input,
    });
    const results = out
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { cmd: string; exit: number; stdout: string; stderr: string });
    expect(results).toHaveLength(STEPS.length * 2);
    STEPS.forEach(([step, cmd], i) => {
      const want = canonical(readFileSync(new URL(`${step}.iptables-save.txt`, FIXTURES), 'utf8'));
      expect({ step, cmd, exit: results[2 * i]!.exit }).toEqual({ step, cmd, exit: 0 });
      expect({ step, save: canonical(results[2 * i + 1]!.stdout) }).toEqual({ step, save: want });
    });
  });
});
