/**
 * No input escapes as an exception: random command lines built from docker's own vocabulary
 * (valid and invalid) always come back as { exit, stdout, stderr } with a docker exit code.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { session } from './testing/session.ts';
import { engineHost } from './testing/engineHost.ts';
import { createDockerState, runDocker, runDockerd } from './index.ts';

const WORDS = [
  'run',
  'ps',
  'rm',
  'stop',
  'start',
  'kill',
  'port',
  'network',
  'create',
  'ls',
  'inspect',
  'connect',
  'disconnect',
  '-d',
  '-f',
  '-a',
  '-q',
  '--name',
  'web',
  'db',
  '--network',
  'frontend',
  'bridge',
  'host',
  'none',
  '-p',
  '8080:80',
  '99999:80',
  '127.0.0.1:9090:90',
  '7000-7001:7000-7001',
  '53/udp',
  '::80',
  '--subnet',
  '10.10.0.0/24',
  '10.10.0.0/33',
  '--gateway',
  '10.10.0.1',
  '--internal',
  '-o',
  'com.docker.network.bridge.enable_icc=false',
  'nginx',
  '--',
  '-',
  '--rm',
  '-it',
  '--frob',
  '=',
  '',
  'sh',
  '-c',
];

describe('docker CLI robustness', () => {
  it('random command lines never throw and use docker exit codes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }), {
          minLength: 1,
          maxLength: 12,
        }),
        (lines) => {
          const s = session();
          s.sh('dockerd');
          for (const words of lines) {
            const r = s.sh(['docker', ...words].join(' '));
            expect([0, 1, 125]).toContain(r.exit);
            expect(typeof r.stdout).toBe('string');
            if (r.exit !== 0) expect(r.stderr.endsWith('\n')).toBe(true);
          }
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe('rules removed by hand under the daemon (engine iptables)', () => {
  it('docker commands answer with the daemon error instead of throwing, and roll back', () => {
    const host = engineHost();
    const state = createDockerState({ host, seed: 5 });
    runDockerd(state, []);
    runDocker(state, ['run', '-d', '--name', 'web', '-p', '8080:80', 'nginx']);
    for (const argv of [
      ['-F'],
      ['-t', 'nat', '-F'],
      ['-X', 'DOCKER-USER'],
      ['-X', 'DOCKER-ISOLATION-STAGE-1'],
    ]) {
      expect(host.iptables(argv).exit).toBe(0);
    }
    expect(runDocker(state, ['rm', '-f', 'web']).exit).toBe(0);
    const r = runDocker(state, ['network', 'create', 'net1']);
    expect(r.exit).toBe(1);
    expect(r.stderr).toMatch(/^Error response from daemon: Failed to Setup IP tables: /);
    expect(runDocker(state, ['network', 'ls']).stdout).not.toContain(' net1 ');
    expect(state.ipam.pools).toHaveLength(1);
  });
});
