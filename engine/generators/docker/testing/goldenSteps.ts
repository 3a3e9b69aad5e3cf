/**
 * The capture steps of shared/fixtures/docker/nft (README table) as commands for the simulator,
 * and the normalisation that makes a recording comparable: comment lines dropped, counters
 * zeroed, each br-<12 hex> replaced by br-<network name> (from the recording's own state files
 * on one side, from the simulator's networks on the other).
 */
import type { DockerState } from '../state.ts';

export interface GoldenStep {
  readonly name: string;
  readonly run: readonly (readonly string[])[];
  /** Whether this step stops the daemon instead. */
  readonly stop?: boolean;
}

const IMG = 'oracle-busybox:latest';

export const GOLDEN_STEPS: readonly GoldenStep[] = [
  { name: '01-daemon-start', run: [['dockerd', '--iptables=true']] },
  {
    name: '02-net-frontend',
    run: [['docker', 'network', 'create', '--subnet', '10.10.0.0/24', 'frontend']],
  },
  {
    name: '03-net-backend',
    run: [['docker', 'network', 'create', '--subnet', '10.20.0.0/24', 'backend']],
  },
  {
    name: '04-net-isolated-noicc',
    run: [
      [
        'docker',
        'network',
        'create',
        '--opt',
        'com.docker.network.bridge.enable_icc=false',
        'isolated',
      ],
    ],
  },
  { name: '05-net-internal', run: [['docker', 'network', 'create', '--internal', 'internalnet']] },
  {
    name: '06a-run-web-8080',
    run: [
      [
        'docker',
        'run',
        '-d',
        '--name',
        'web',
        '-p',
        '8080:80',
        IMG,
        'httpd',
        '-f',
        '-p',
        '80',
        '-h',
        '/www',
      ],
    ],
  },
  {
    name: '06b-run-localhost-9090',
    run: [
      [
        'docker',
        'run',
        '-d',
        '--name',
        'weblocal',
        '-p',
        '127.0.0.1:9090:90',
        IMG,
        'httpd',
        '-f',
        '-p',
        '90',
        '-h',
        '/www',
      ],
    ],
  },
  {
    name: '06c-run-udp-5353',
    run: [['docker', 'run', '-d', '--name', 'dns', '-p', '5353:53/udp', IMG, 'sleep', '100000']],
  },
  {
    name: '06d-run-range-7000-7001',
    run: [
      [
        'docker',
        'run',
        '-d',
        '--name',
        'range',
        '-p',
        '7000-7001:7000-7001',
        IMG,
        'sleep',
        '100000',
      ],
    ],
  },
  {
    name: '06e-run-frontend-8081',
    run: [
      [
        'docker',
        'run',
        '-d',
        '--name',
        'fe',
        '--network',
        'frontend',
        '-p',
        '8081:80',
        IMG,
        'httpd',
        '-f',
        '-p',
        '80',
        '-h',
        '/www',
      ],
    ],
  },
  {
    name: '06f-run-isolated',
    run: [
      ['docker', 'run', '-d', '--name', 'iso', '--network', 'isolated', IMG, 'sleep', '100000'],
    ],
  },
  {
    name: '06g-run-internal',
    run: [
      ['docker', 'run', '-d', '--name', 'int', '--network', 'internalnet', IMG, 'sleep', '100000'],
    ],
  },
  {
    name: '07a-rm-containers',
    run: [['docker', 'rm', '-f', 'web', 'weblocal', 'dns', 'range', 'fe', 'iso', 'int']],
  },
  { name: '07b-rm-net-frontend', run: [['docker', 'network', 'rm', 'frontend']] },
  { name: '07c-rm-net-backend', run: [['docker', 'network', 'rm', 'backend']] },
  { name: '07d-rm-net-isolated', run: [['docker', 'network', 'rm', 'isolated']] },
  { name: '07e-rm-net-internal', run: [['docker', 'network', 'rm', 'internalnet']] },
  { name: '08-daemon-stopped', run: [], stop: true },
];

/** Bridge name → network name, read from a recording's `# docker network ls` section. */
export function recordedBridgeNames(stateTexts: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const text of stateTexts) {
    for (const m of text.matchAll(/^([A-Za-z0-9_.-]+)\tbridge\t([0-9a-f]{12})$/gm)) {
      if (m[1] !== 'bridge') map.set(`br-${m[2]}`, `br-<${m[1]}>`);
    }
  }
  return map;
}

export function simulatedBridgeNames(state: DockerState): Map<string, string> {
  const map = new Map<string, string>();
  for (const n of state.networks) {
    const br = n.bridge?.config.bridgeName;
    if (br !== undefined && br.startsWith('br-')) map.set(br, `br-<${n.name}>`);
  }
  return map;
}

export function normaliseSave(text: string, bridges: ReadonlyMap<string, string>): string {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.replace(/\[\d+:\d+\]$/, '[0:0]'))
    .map((l) => l.replace(/br-[0-9a-f]{12}/g, (b) => bridges.get(b) ?? 'br-<unknown>'))
    .join('\n');
}
