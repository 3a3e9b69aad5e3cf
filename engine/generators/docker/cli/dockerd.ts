/**
 * `dockerd [--iptables=B] [--userland-proxy=B] [--icc=B] [--ip-masq=B] [--ip-forward=B]`:
 * starts the simulated daemon (as if run in the background; its log is not reproduced).
 * Flags that only concern storage or the API socket are accepted and have no network effect.
 */
import type { CommandResult } from '../../../shell/types.ts';
import { startDaemon } from '../daemon.ts';
import { IptablesError } from '../iptablesCalls.ts';
import type { DaemonConfig, DockerState } from '../state.ts';
import { err, out } from './common.ts';
import { parseFlags, type FlagSpec } from './flags.ts';

const NETWORK_BOOLS = ['iptables', 'userland-proxy', 'icc', 'ip-masq', 'ip-forward'] as const;
const NO_EFFECT = [
  'data-root',
  'exec-root',
  'pidfile',
  'host',
  'storage-driver',
  'config-file',
  'log-level',
  'group',
];
const UNMODELLED = [
  'bip',
  'fixed-cidr',
  'default-address-pool',
  'ipv6',
  'ip6tables',
  'ip',
  'mtu',
  'bridge',
  'live-restore',
  'default-gateway',
];

const SPECS: FlagSpec[] = [
  ...NETWORK_BOOLS.map((long): FlagSpec => ({ long, kind: 'bool' })),
  ...NO_EFFECT.map((long): FlagSpec => ({
    long,
    ...(long === 'host' ? { short: 'H' } : long === 'group' ? { short: 'G' } : {}),
    kind: 'list',
  })),
  ...UNMODELLED.map((long): FlagSpec => ({
    long,
    kind: long === 'ipv6' || long === 'ip6tables' || long === 'live-restore' ? 'bool' : 'list',
  })),
  { long: 'debug', short: 'D', kind: 'bool' },
  { long: 'layout', kind: 'string' },
];

export function runDockerd(state: DockerState, argv: readonly string[]): CommandResult {
  // Booleans default to true: parse from a baseline where they are set.
  const r = parseFlags(NETWORK_BOOLS.map((b) => `--${b}=true`).concat(argv), SPECS, true);
  if (!r.ok) return err(`${r.error}\nSee 'dockerd --help'.`);
  const f = r.flags;
  if (f.args.length > 0) {
    return err(
      `"dockerd" accepts no arguments.\nSee 'dockerd --help'.\n\nUsage:  dockerd [OPTIONS]\n\nA self-sufficient runtime for containers.`,
    );
  }
  const unmodelled = UNMODELLED.find((u) => f.lists.has(u) || f.bools.has(u));
  if (unmodelled !== undefined)
    return err(`packetpath: 'dockerd --${unmodelled}' is not simulated`);
  const layout = f.strings.get('layout');
  if (layout !== undefined && layout !== 'classic') {
    return err(
      `packetpath: 'dockerd --layout=${layout}' (Docker 28's rule layout) is not simulated yet; the classic 20.10–27 layout is`,
    );
  }
  if (state.daemon !== undefined) {
    return err(
      'failed to start daemon: pid file found, ensure docker is not running or delete /var/run/docker.pid',
    );
  }
  const config: DaemonConfig = {
    iptables: f.bools.has('iptables'),
    userlandProxy: f.bools.has('userland-proxy'),
    icc: f.bools.has('icc'),
    ipMasq: f.bools.has('ip-masq'),
    ipForward: f.bools.has('ip-forward'),
    layout: 'classic',
  };
  try {
    startDaemon(state, config);
  } catch (e) {
    if (e instanceof IptablesError)
      return err(`failed to start daemon: Error initializing network controller: ${e.message}`);
    throw e;
  }
  return out('');
}
