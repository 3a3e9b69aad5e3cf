// The simulated shell: time per command over a typical lesson session (target < 16 ms, one
// frame), and 100k random command lines (valid and invalid) where no exception may escape and
// no line may take 100 ms or more.
import fc from 'fast-check';
import type { BenchFigure } from './run.ts';
import { createHostShell } from '../engine/shell/index.ts';

const LESSON = [
  'help',
  'ip addr',
  'ip route',
  'sysctl net.ipv4.ip_forward',
  'echo 1 > /proc/sys/net/ipv4/ip_forward',
  'cat /proc/sys/net/ipv4/ip_forward',
  'sysctl -w net.bridge.bridge-nf-call-iptables=1',
  'modprobe br_netfilter',
  'lsmod | grep br_netfilter',
  'iptables -S',
  'iptables -P FORWARD DROP',
  'iptables -N DOCKER',
  'iptables -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  "iptables -A INPUT -m comment --comment 'kube-system/kube-dns:dns cluster IP' -j ACCEPT",
  'iptables -t nat -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
  'iptables -t nat -A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
  'iptables -L -n -v --line-numbers',
  'iptables-save',
  'iptables-save > rules.v4',
  'iptables -F',
  'iptables-restore < rules.v4',
  'iptables-restore <<EOF\n*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp --dport 22 -j ACCEPT\nCOMMIT\nEOF',
  'iptables-save | grep -c DOCKER',
  'history',
  'nope',
];

const VOCAB = [
  'iptables',
  'iptables-save',
  'iptables-restore',
  'ip',
  'sysctl',
  'cat',
  'echo',
  'grep',
  'ping',
  'curl',
  'conntrack',
  'bridge',
  'tcpdump',
  'docker',
  'kubectl',
  'addr',
  'route',
  'add',
  'del',
  '-A',
  '-I',
  '-D',
  '-t',
  'nat',
  'filter',
  'INPUT',
  'FORWARD',
  '-j',
  'ACCEPT',
  'DROP',
  '-p',
  'tcp',
  'udp',
  '--dport',
  '80',
  '-s',
  '10.0.0.1/24',
  '-m',
  'conntrack',
  '--ctstate',
  'NEW',
  '!',
  '-w',
  'net.ipv4.ip_forward=1',
  ';',
  '&&',
  '||',
  '|',
  '>',
  '<<EOF',
  'EOF',
  "'",
  '"',
  '\\',
  '$',
  '$(',
  '#',
  '(',
  '2>&1',
  '*filter',
  'COMMIT',
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

export default async (): Promise<BenchFigure[]> => {
  const lesson: number[] = [];
  for (let round = 0; round < 20; round++) {
    const shell = createHostShell();
    for (const line of LESSON) {
      const t = performance.now();
      shell.run(line);
      lesson.push(performance.now() - t);
    }
  }
  lesson.sort((a, b) => a - b);

  const lines = fc.sample(
    fc
      .array(fc.oneof(fc.constantFrom(...VOCAB), fc.string({ maxLength: 8 })), { maxLength: 16 })
      .map((w) => w.join(' ')),
    { numRuns: 100_000, seed: 2026 },
  );
  let escaped = 0;
  let worst = 0;
  let shell = createHostShell();
  lines.forEach((line, i) => {
    if (i % 1000 === 0) shell = createHostShell(); // a fresh host now and then keeps rulesets lesson-sized
    const t = performance.now();
    try {
      shell.run(line);
    } catch {
      escaped++;
    }
    worst = Math.max(worst, performance.now() - t);
  });

  return [
    {
      name: 'lesson session: median per command',
      value: percentile(lesson, 0.5),
      unit: 'ms',
      target: { max: 16 },
    },
    {
      name: 'lesson session: p99 per command',
      value: percentile(lesson, 0.99),
      unit: 'ms',
      target: { max: 16 },
    },
    {
      name: '100k random lines: exceptions escaping run()',
      value: escaped,
      unit: 'count',
      target: { max: 0 },
    },
    { name: '100k random lines: slowest line', value: worst, unit: 'ms', target: { max: 100 } },
  ];
};
