/**
 * No input escapes as an exception: random command lines built from docker's own vocabulary
 * (valid and invalid) always come back as { exit, stdout, stderr } with a docker exit code.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { session } from './testing/session.ts';

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
