// tcpdump -n over the last probing command, against tcpdump 4.99.3 on Debian 12: the expected
// lines are those it printed in throwaway namespaces (10.0.0.1 and 10.0.0.2 on a veth pair,
// REJECT rules in 10.0.0.2's INPUT, `nc -u` / `nc -z` / ping from 10.0.0.1), with the
// simulator's ports, payload lengths and timestamps.
import { describe, expect, it } from 'vitest';
import { createHostShell } from '../../index.ts';
import { twoHosts } from './twoHosts.ts';

function two(rules: readonly string[] = []) {
  return twoHosts([
    'ip link set lo up',
    ...rules.map((r) => `ip netns exec b iptables -A INPUT ${r}`),
  ]);
}

/** The packet lines of the capture, timestamps left out. */
function lines(sh: ReturnType<typeof createHostShell>, cmd: string): string[] {
  return sh
    .run(cmd)
    .stdout.split('\n')
    .filter((l) => l !== '')
    .map((l) => l.slice('00:00:00.000012 '.length));
}

describe('ICMP destination unreachable names the quoted packet', () => {
  // Measured, e.g.: `IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 7003 unreachable, length 38`
  const cases: [string, string, string][] = [
    [
      '-p udp --dport 7001 -j REJECT --reject-with icmp-net-unreachable',
      'nc -zvu 10.0.0.2 7001',
      'ICMP net 10.0.0.2 unreachable',
    ],
    [
      '-p udp --dport 7001 -j REJECT --reject-with icmp-host-unreachable',
      'nc -zvu 10.0.0.2 7001',
      'ICMP host 10.0.0.2 unreachable',
    ],
    [
      '-p udp --dport 7003 -j REJECT',
      'nc -zvu 10.0.0.2 7003',
      'ICMP 10.0.0.2 udp port 7003 unreachable',
    ],
    [
      '-p udp --dport 7001 -j REJECT --reject-with icmp-proto-unreachable',
      'nc -zvu 10.0.0.2 7001',
      'ICMP 10.0.0.2 protocol 17 unreachable',
    ],
    [
      '-p udp --dport 7001 -j REJECT --reject-with icmp-net-prohibited',
      'nc -zvu 10.0.0.2 7001',
      'ICMP net 10.0.0.2 unreachable - admin prohibited',
    ],
    [
      '-p udp --dport 7001 -j REJECT --reject-with icmp-host-prohibited',
      'nc -zvu 10.0.0.2 7001',
      'ICMP host 10.0.0.2 unreachable - admin prohibited',
    ],
    [
      '-p udp --dport 7001 -j REJECT --reject-with icmp-admin-prohibited',
      'nc -zvu 10.0.0.2 7001',
      'ICMP host 10.0.0.2 unreachable - admin prohibited filter',
    ],
  ];
  // nc -zvu writes 1-byte datagrams: the error quotes 20 + 8 + 1 bytes (measured `ICMP
  // 10.0.0.2 udp port 5001 unreachable, length 37`).
  for (const [rule, probe, text] of cases) {
    it(text, () => {
      const sh = two([rule]);
      sh.run(probe);
      expect(lines(sh, 'tcpdump -n -i v0')[1]).toBe(`IP 10.0.0.2 > 10.0.0.1: ${text}, length 37`);
    });
  }

  it('a TCP port quotes the SYN', () => {
    // Measured: `ICMP 10.0.0.2 tcp port 7100 unreachable, length 68`.
    const sh = two(['-p tcp --dport 7100 -j REJECT']);
    expect(sh.run('nc -zv 10.0.0.2 7100').exit).toBe(1);
    expect(lines(sh, 'tcpdump -n -i v0')).toEqual([
      'IP 10.0.0.1.40001 > 10.0.0.2.7100: Flags [S], length 0',
      'IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 tcp port 7100 unreachable, length 68',
    ]);
  });
});

describe('tcpdump -i any', () => {
  // Measured: `eth0  Out IP 10.0.0.1 > 10.0.0.2: ICMP echo request, …`, `eth0  In  IP …`,
  // and loopback traffic once, as `lo    In`; stderr starts with `tcpdump: data link type
  // LINUX_SLL2`.
  it('prints the interface and the direction of each packet', () => {
    const sh = two();
    sh.run('ping -c 1 10.0.0.2');
    const r = sh.run('tcpdump -n -i any');
    expect(lines(sh, 'tcpdump -n -i any')).toEqual([
      'v0    Out IP 10.0.0.1 > 10.0.0.2: ICMP echo request, length 64',
      'v0    In  IP 10.0.0.2 > 10.0.0.1: ICMP echo reply, length 64',
    ]);
    expect(r.stderr).toContain(
      'tcpdump: data link type LINUX_SLL2\ntcpdump: verbose output suppressed, use -v[v]... for full protocol decode\nlistening on any, link-type LINUX_SLL2 (Linux cooked v2), snapshot length 262144 bytes\n',
    );
    sh.run('ping -c 1 127.0.0.1');
    expect(lines(sh, 'tcpdump -n -i any')).toEqual([
      'lo    In  IP 127.0.0.1 > 127.0.0.1: ICMP echo request, length 64',
      'lo    In  IP 127.0.0.1 > 127.0.0.1: ICMP echo reply, length 64',
    ]);
    expect(lines(sh, 'ip netns exec b tcpdump -n -i any')).toEqual([]);
  });
});

describe('tcpdump options and filters', () => {
  it('takes bundled options anywhere, a filter and -c', () => {
    const sh = two(['-p tcp --dport 7100 -j REJECT']);
    sh.run('nc -z 10.0.0.2 7100');
    expect(lines(sh, 'tcpdump -nni v0 icmp')).toEqual([
      'IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 tcp port 7100 unreachable, length 68',
    ]);
    expect(lines(sh, 'tcpdump tcp -n -i v0')).toEqual([
      'IP 10.0.0.1.40001 > 10.0.0.2.7100: Flags [S], length 0',
    ]);
    const r = sh.run('tcpdump -n -i v0 -c 1');
    expect(r.stdout.split('\n')).toHaveLength(2);
    expect(r.stderr).toMatch(/\n1 packet captured\n1 packet received by filter\n/);
    expect(lines(sh, "tcpdump -n -i v0 'port 80 or udp'")).toEqual([]);
  });

  it('reports a bad filter or option as tcpdump does (measured)', () => {
    const sh = two();
    expect(sh.run('tcpdump -n -i v0 port')).toMatchObject({
      exit: 1,
      stdout: '',
      stderr: "tcpdump: can't parse filter expression: syntax error\n",
    });
    expect(sh.run('tcpdump -n -i v0 port 99999').stderr).toBe(
      'tcpdump: illegal port number 99999 > 65535\n',
    );
    expect(sh.run('tcpdump -n -c 0 -i v0')).toMatchObject({
      exit: 1,
      stderr: 'tcpdump: invalid packet count 0\n',
    });
    expect(sh.run('tcpdump -n -i').stderr).toMatch(
      /^tcpdump: option requires an argument -- 'i'\ntcpdump version 4\.99\.3\n/,
    );
    expect(sh.run('tcpdump -n -i v0 arp').stderr).toBe(
      "packetpath: 'arp in a tcpdump filter' is not simulated\n",
    );
  });
});

describe('a closed TCP connection', () => {
  // Measured: `nc -zv 10.0.0.2 8080` against `nc -l 8080`, tcpdump -n -i eth0 on the client:
  //   IP 10.0.0.1.34880 > 10.0.0.2.8080: Flags [S], seq …, length 0
  //   IP 10.0.0.2.8080 > 10.0.0.1.34880: Flags [S.], seq …, length 0
  //   IP 10.0.0.1.34880 > 10.0.0.2.8080: Flags [.], ack 1, …, length 0
  //   IP 10.0.0.1.34880 > 10.0.0.2.8080: Flags [F.], seq 1, ack 1, …, length 0
  //   IP 10.0.0.2.8080 > 10.0.0.1.34880: Flags [F.], seq 1, ack 2, …, length 0
  //   IP 10.0.0.1.34880 > 10.0.0.2.8080: Flags [.], ack 2, …, length 0
  it('ends with the client’s FIN, the server’s FIN and the last ACK, on both ends', () => {
    const sh = two();
    sh.run('ip netns exec b nc -lk 8080 &');
    expect(sh.run('nc -z 10.0.0.2 8080').exit).toBe(0);
    const expected = [
      'IP 10.0.0.1.40001 > 10.0.0.2.8080: Flags [S], length 0',
      'IP 10.0.0.2.8080 > 10.0.0.1.40001: Flags [S.], length 0',
      'IP 10.0.0.1.40001 > 10.0.0.2.8080: Flags [.], length 0',
      'IP 10.0.0.1.40001 > 10.0.0.2.8080: Flags [F.], length 0',
      'IP 10.0.0.2.8080 > 10.0.0.1.40001: Flags [F.], length 0',
      'IP 10.0.0.1.40001 > 10.0.0.2.8080: Flags [.], length 0',
    ];
    expect(lines(sh, 'tcpdump -n -i v0')).toEqual(expected);
    expect(lines(sh, 'ip netns exec b tcpdump -n -i v1')).toEqual(expected);
  });
});

describe('the counts at the end', () => {
  // Measured: one ping to 127.0.0.1 under `tcpdump -nn -i lo icmp` (and -i any) ends with
  // "2 packets captured / 4 packets received by filter": lo's outgoing copies pass the kernel
  // filter and libpcap drops them in user space.
  it('counts a loopback packet twice as received by filter; a veth packet once', () => {
    const sh = createHostShell();
    sh.run('ip link set lo up');
    sh.run('ping -c1 127.0.0.1');
    for (const iface of ['lo', 'any'])
      expect(sh.run(`tcpdump -nn -i ${iface} icmp`).stderr, iface).toMatch(
        /\n2 packets captured\n4 packets received by filter\n0 packets dropped by kernel\n$/,
      );
    expect(sh.run('tcpdump -nn -i lo -c 1').stderr).toMatch(
      /\n1 packet captured\n2 packets received by filter\n/,
    );
    const veth = two();
    veth.run('ping -c1 10.0.0.2');
    expect(veth.run('tcpdump -nn -i v0 icmp').stderr).toMatch(
      /\n2 packets captured\n2 packets received by filter\n/,
    );
  });
});
