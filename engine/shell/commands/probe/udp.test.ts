// nc -zvu against nc -lu, as on Linux. Recorded with netcat-openbsd 1.219, tcpdump 4.99.3,
// conntrack 1.4.7 and iptables 1.8.9 in throwaway namespaces (10.0.0.1 and 10.0.0.2 on a veth
// pair; conntrack enabled by a ctstate rule; a counting `-A OUTPUT -p udp` rule in 10.0.0.1):
//   b# nc -lu 5000 &          a# nc -zvu 10.0.0.2 5000     a# tcpdump -nni eth0
//   a# conntrack -L            a# iptables -L OUTPUT -v -n -x   b# ss -uanp
// udptest() writes "X" twice at once, then once a second for 3 s (-w S: S s); nc -lu prints
// what it reads (XXXXX) and answers nothing, so the flow stays [UNREPLIED]. Against a closed
// port the ICMP port unreachable fails the second write: one datagram, exit 1.
import { describe, expect, it } from 'vitest';
import { twoNamespaces } from './twoHosts.ts';

function two(rules: readonly string[] = []) {
  return twoNamespaces([
    'ip netns exec a iptables -A INPUT -m conntrack --ctstate RELATED,ESTABLISHED',
    'ip netns exec a iptables -A OUTPUT -p udp',
    ...rules.map((r) => `ip netns exec b iptables -A INPUT ${r}`),
  ]);
}

type Shell = ReturnType<typeof two>;

/** tcpdump's packet lines in a, without timestamps (the simulator's are not real times). */
function capture(sh: Shell): string[] {
  return sh
    .run('ip netns exec a tcpdump -n -i va')
    .stdout.split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/^\S+ /, ''));
}

const X = 'IP 10.0.0.1.40001 > 10.0.0.2.5000: UDP, length 1';

describe('nc -zvu against nc -lu', () => {
  it('sends five 1-byte datagrams that nothing answers', () => {
    const sh = two();
    sh.run('ip netns exec b nc -lu 5000 &');
    expect(sh.run('ip netns exec a nc -zvu 10.0.0.2 5000')).toMatchObject({
      exit: 0,
      stderr: 'Connection to 10.0.0.2 5000 port [udp/*] succeeded!\n',
    });
    expect(capture(sh)).toEqual([X, X, X, X, X]);
    // Measured: `udp 17 29 src=10.0.0.1 dst=10.0.0.2 sport=41438 dport=5000 [UNREPLIED] …`.
    expect(sh.run('ip netns exec a conntrack -L').stdout).toBe(
      'udp      17 29 src=10.0.0.1 dst=10.0.0.2 sport=40001 dport=5000 [UNREPLIED] src=10.0.0.2 dst=10.0.0.1 sport=5000 dport=40001 mark=0 use=1\n',
    );
    // Measured: `5 145 17 -- * * 0.0.0.0/0 0.0.0.0/0` (5 x 29 bytes).
    expect(sh.run('ip netns exec a iptables -L OUTPUT -v -n -x').stdout).toContain(
      '       5      145            17   --  *      *       0.0.0.0/0            0.0.0.0/0',
    );
    // nc -lu connect()ed to its first peer.
    expect(sh.run('ip netns exec b ss -uan').stdout).toContain(
      'ESTAB 0      0           10.0.0.2:5000     10.0.0.1:40001',
    );
  });

  it('nc -lku answers nothing either, and keeps listening', () => {
    const sh = two();
    sh.run('ip netns exec b nc -lku 5000 &');
    expect(sh.run('ip netns exec a nc -zvu 10.0.0.2 5000').exit).toBe(0);
    expect(capture(sh)).toEqual([X, X, X, X, X]);
    expect(sh.run('ip netns exec a conntrack -L').stdout).toContain('[UNREPLIED]');
    expect(sh.run('ip netns exec b ss -uan').stdout).toContain('UNCONN');
  });

  it('-w S writes for S seconds: -w 1 three datagrams, -w 0 two', () => {
    const sh = two();
    sh.run('ip netns exec b nc -lku 5000 &');
    expect(sh.run('ip netns exec a nc -zvu -w 1 10.0.0.2 5000').exit).toBe(0);
    expect(capture(sh)).toHaveLength(3);
    expect(sh.run('ip netns exec a nc -zvu -w0 10.0.0.2 5000').exit).toBe(0);
    expect(capture(sh)).toHaveLength(2);
  });

  it('rejects a bad -w as netcat does', () => {
    const sh = two();
    const nc = (w: string) => sh.run(`ip netns exec a nc -zvu -w ${w} 10.0.0.2 5000`);
    expect(nc('abc')).toMatchObject({ exit: 1, stderr: 'nc: timeout invalid: abc\n' });
    expect(nc('-1')).toMatchObject({ exit: 1, stderr: 'nc: timeout too small: -1\n' });
    expect(nc('99999999999')).toMatchObject({
      exit: 1,
      stderr: 'nc: timeout too large: 99999999999\n',
    });
  });
});

describe('nc -zvu and ICMP errors', () => {
  it('a closed port: one datagram, its port unreachable, exit 1 without a message', () => {
    const sh = two();
    expect(sh.run('ip netns exec a nc -zvu 10.0.0.2 5001')).toMatchObject({
      exit: 1,
      stderr: '',
    });
    expect(capture(sh)).toEqual([
      'IP 10.0.0.1.40001 > 10.0.0.2.5001: UDP, length 1',
      'IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 udp port 5001 unreachable, length 37',
    ]);
    expect(sh.run('ip netns exec a conntrack -L').stdout).toContain('dport=5001 [UNREPLIED]');
  });

  // Measured: a fatal error other than ECONNREFUSED fails the next write (nothing sent) and is
  // cleared; udptest goes on: datagrams at 0, 1 and 3 s. A net unreachable is not fatal and
  // never reaches the socket: all five go.
  it('icmp-proto-unreachable: three datagrams, each answered; success', () => {
    const sh = two(['-p udp --dport 7001 -j REJECT --reject-with icmp-proto-unreachable']);
    expect(sh.run('ip netns exec a nc -zvu 10.0.0.2 7001').exit).toBe(0);
    const pair = [
      'IP 10.0.0.1.40001 > 10.0.0.2.7001: UDP, length 1',
      'IP 10.0.0.2 > 10.0.0.1: ICMP 10.0.0.2 protocol 17 unreachable, length 37',
    ];
    expect(capture(sh)).toEqual([...pair, ...pair, ...pair]);
  });

  it('icmp-net-unreachable: five datagrams, each answered; success', () => {
    const sh = two(['-p udp --dport 7002 -j REJECT --reject-with icmp-net-unreachable']);
    expect(sh.run('ip netns exec a nc -zvu 10.0.0.2 7002').exit).toBe(0);
    expect(capture(sh)).toHaveLength(10);
  });
});
