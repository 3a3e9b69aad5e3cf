/**
 * Differential test: the same command lines through `packetpath exec --json` and through the
 * real iproute2/procps in a throwaway network and mount namespace (`unshare --net --mount`, with
 * a private /run/netns; nothing touches the root namespace), comparing exit code, stdout and stderr with random MAC addresses
 * normalised. Runs where the machine allows it (root, unshare, ip); skipped elsewhere.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../main.ts';

const LINES = [
  'ip link add br0 type bridge',
  'bridge fdb show',
  'ip link add br0 type bridge',
  'ip link add veth0 type veth peer name veth1',
  'bridge fdb show',
  'ip link set veth0 master br0',
  'bridge fdb show',
  'ip addr add 10.0.0.1/24 dev br0',
  'ip -4 addr',
  'ip link',
  'ip route',
  'ip link set br0 up',
  'bridge fdb show',
  'ip link set veth0 up',
  'ip link set veth1 up',
  'ip -4 addr show br0',
  'ip link show veth0',
  'ip -br link',
  'ip route',
  'ip route show table local',
  'ip route get 10.0.0.5',
  'ip route get 127.0.0.1',
  'ip route get 192.0.2.1',
  'ip route add 198.51.100.0/24 via 10.0.0.254 metric 50',
  'ip route add 203.0.113.0/24 via 192.0.2.1',
  'ip route',
  'ip route del 198.51.100.0/24',
  'ip route del 198.51.100.0/24',
  'ip addr add 10.0.0.1/24 dev br0',
  'ip addr add 10.0.0.1/24 dev nodev',
  'ip addr del 10.9.9.9/24 dev br0',
  'ip link set nodev up',
  'ip link add x type nosuchtype',
  'ip foo',
  'bridge link',
  'sysctl net.ipv4.ip_forward',
  'sysctl -w net.ipv4.ip_forward=1',
  'sysctl net.ipv4.conf.br0.forwarding net.ipv4.conf.all.accept_redirects',
  'sysctl -w net.ipv4.ip_forward=abc',
  'sysctl net.ipv4.nope',
  'sysctl net.ipv4.conf.lo',
  'cat /proc/sys/net/ipv4/ip_forward',
  'sysctl net.ipv4.conf.default',
  'sysctl -n net.ipv4.ip_local_port_range',
  'sysctl -w net.ipv4.ip_local_port_range="1000 2000"',
  'sysctl -w net.ipv4.ip_local_port_range="20000 30000"',
  'sysctl -w net.bridge.bridge-nf-call-iptables=0',
  'cat /proc/sys/net/bridge/bridge-nf-call-iptables',
  'sysctl net.netfilter.nf_conntrack_tcp_loose',
  'sysctl -e net.nope',
  'sysctl -N net.ipv4.ip_forward',
  'sysctl -q -w net.ipv4.ip_forward=0',
  'sysctl net.ipv4.ip_forward net.ipv4.conf.all.forwarding net.ipv4.conf.br0.rp_filter',
  'sysctl -w net.ipv4.conf.all.rp_filter=2 net.ipv4.conf.br0.route_localnet=1',
  'ip link del veth0',
  // (a bridge's carrier after its last port goes is reported with a kernel-timing-dependent
  // delay, so the bridge itself is not shown here)
  'ip link show veth1',
  'ip netns add c1',
  'ip netns add c1',
  'ip netns list',
  'ip -n c1 link',
  'ip link add veth2 type veth peer name eth0 netns c1',
  'ip netns list',
  'ip link show veth2',
  'ip -n c1 link',
  'ip link set veth2 up',
  'ip -n c1 link set lo up',
  'ip -n c1 link set eth0 up',
  'ip -n c1 addr add 10.0.0.2/24 dev eth0',
  'ip netns exec c1 ip -4 addr',
  'ip -n c1 route add default via 10.0.0.1',
  'ip -n c1 route',
  'ip netns exec c1 sysctl net.ipv4.ip_forward',
  'ip netns exec c1 ip route get 10.0.0.1',
  'ip link add veth3 type veth peer name veth4',
  'ip link set veth4 netns c1',
  'ip -n c1 link show veth4',
  'ip link set veth3 name v3 mtu 9000',
  'ip link show v3',
  'ip link set v3 up',
  'ip link set v3 name v33',
  'ip netns exec nope true',
  'ip -n nope link',
];

function canRun(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = spawnSync('unshare', ['--net', '--mount', 'ip', 'link'], { encoding: 'utf8' });
  return probe.status === 0;
}

/**
 * Carrier and operstate reach userspace asynchronously (linkwatch, delayed further under load):
 * wait before each line that shows state, so the real side is measured settled.
 */
function settle(line: string): string {
  return / (add|set|del|delete) /.test(` ${line} `) ? '' : 'sleep 0.5; ';
}

/** Each line in one fresh namespace, lo up as the simulator's host has it. */
function realRun(lines: readonly string[]): { exit: number; stdout: string; stderr: string }[] {
  const dir = mkdtempSync(join(tmpdir(), 'pp-shell-diff-'));
  try {
    // A private mount namespace with its own /run/netns: `ip netns add` names vanish with it.
    const script = [
      'mkdir -p /run/netns',
      'mount -t tmpfs tmpfs /run/netns',
      'ip link set lo up',
      ...lines.map(
        (l, i) => `${settle(l)}${l} >${dir}/o${i} 2>${dir}/e${i}; echo $? >${dir}/r${i}`,
      ),
    ].join('\n');
    const r = spawnSync('unshare', ['--net', '--mount', 'sh', '-c', script], {
      encoding: 'utf8',
      timeout: 120000,
    });
    if (r.status !== 0) throw new Error(`unshare failed: ${r.stderr}`);
    return lines.map((_, i) => ({
      exit: Number(readFileSync(join(dir, `r${i}`), 'utf8')),
      stdout: readFileSync(join(dir, `o${i}`), 'utf8'),
      stderr: readFileSync(join(dir, `e${i}`), 'utf8'),
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function simulated(lines: readonly string[]) {
  let out = '';
  await main(['exec', '--json'], {
    stdout: (s) => void (out += s),
    stderr: () => undefined,
    readStdin: async () => lines.join('\n') + '\n',
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { exit: number; stdout: string; stderr: string });
}

const MAC = /\b(?!00:00:00:00:00:00|ff:ff:ff:ff:ff:ff)([0-9a-f]{2}:){5}[0-9a-f]{2}\b/g;
const norm = (r: { exit: number; stdout: string; stderr: string }) => ({
  exit: r.exit,
  stdout: r.stdout.replace(MAC, 'MAC'),
  stderr: r.stderr,
});

describe.skipIf(!canRun())(
  'exec against the real kernel (iproute2, procps) in a throwaway namespace',
  () => {
    it('prints what the real tools print, line by line', async () => {
      const real = realRun(LINES);
      const sim = await simulated(LINES);
      const diffs = LINES.map((line, i) => ({
        line,
        real: norm(real[i]!),
        sim: norm(sim[i]!),
      })).filter((d) => JSON.stringify(d.real) !== JSON.stringify(d.sim));
      expect(diffs).toEqual([]);
    }, 180000);
  },
);
