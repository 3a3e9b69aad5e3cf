// Who listens decides what a client gets, as on Linux: a SYN to a port without a listening
// socket is answered with RST (nc: Connection refused, curl: (7)), a datagram with ICMP port
// unreachable. The messages were taken from netcat-openbsd 1.219, curl 7.88.1 and Python 3.11
// in throwaway network namespaces.
import { describe, expect, it } from 'vitest';
import { createHostShell, lastProbeTrace } from '../../index.ts';
import { twoHosts } from './twoHosts.ts';

const NS = [
  'ip netns add a',
  'ip netns exec a ip link set lo up',
  'ip netns exec a ip addr add 10.20.0.1/24 dev lo',
].join('\n');

function shell() {
  const sh = createHostShell();
  expect(sh.run(NS).exit).toBe(0);
  return sh;
}

const inA = (cmd: string) => `ip netns exec a ${cmd}`;

describe('TCP without a listener', () => {
  it('is refused by the stack: nc and curl report it with their exit codes', () => {
    const sh = shell();
    expect(sh.run(inA('nc -zv 127.0.0.1 22'))).toMatchObject({
      exit: 1,
      stdout: '',
      stderr: 'nc: connect to 127.0.0.1 port 22 (tcp) failed: Connection refused\n',
    });
    expect(sh.run(inA('nc -z 127.0.0.1 22'))).toMatchObject({ exit: 1, stderr: '' });
    expect(sh.run(inA('curl -sS -m 1 127.0.0.1:23'))).toMatchObject({
      exit: 7,
      stderr:
        "curl: (7) Failed to connect to 127.0.0.1 port 23 after 0 ms: Couldn't connect to server\n",
    });
    expect(
      lastProbeTrace(sh).some(
        (e) => e.type === 'deliver' && /no socket for port 23: RST/.test(e.to),
      ),
    ).toBe(true);
  });

  it('reads the port as netcat-openbsd 1.219 does: 1 to 65535 or a service name', () => {
    // Measured in a throwaway namespace: nc -zv -w1 127.0.0.1 0|99999|http|+22|abc, rc 1 each.
    const sh = shell();
    const refused = (port: number) =>
      `nc: connect to 127.0.0.1 port ${port} (tcp) failed: Connection refused\n`;
    const cases: [string, string][] = [
      ['0', 'nc: port number too small: 0\n'],
      ['99999', 'nc: port number too large: 99999\n'],
      ['abc', 'nc: port number invalid: abc\n'],
      ['http', refused(80)],
      ['+22', refused(22)],
    ];
    for (const [port, stderr] of cases)
      expect(sh.run(inA(`nc -zv 127.0.0.1 ${port}`)), port).toMatchObject({
        exit: 1,
        stdout: '',
        stderr,
      });
    expect(sh.run(inA('nc -zv 127.0.0.1 1-3')).stderr).toMatch(/not simulated/);
  });

  it('connects once a server listens, with the port’s service name', () => {
    const sh = shell();
    expect(sh.run(inA('nc -lk 8080 &'))).toMatchObject({ exit: 0, stdout: '[1] 4243\n' });
    expect(sh.run(inA('nc -zv 127.0.0.1 8080'))).toMatchObject({
      exit: 0,
      stderr: 'Connection to 127.0.0.1 8080 port [tcp/http-alt] succeeded!\n',
    });
    expect(sh.run(inA('curl 10.20.0.1:8080')).exit).toBe(0);
    expect(sh.run('kill %1').exit).toBe(0);
    expect(sh.run(inA('nc -z 127.0.0.1 8080')).exit).toBe(1);
  });
});

describe('UDP', () => {
  it('meets ICMP port unreachable without a listener; nc -zu stays silent', () => {
    const sh = shell();
    // netcat-openbsd tests a UDP port only with -v, and then fails without a message.
    expect(sh.run(inA('nc -zvu 127.0.0.1 5354'))).toMatchObject({ exit: 1, stderr: '' });
    expect(
      lastProbeTrace(sh).some((e) => e.type === 'deliver' && /ICMP port unreachable/.test(e.to)),
    ).toBe(true);
    expect(sh.run(inA('nc -zu 127.0.0.1 5354'))).toMatchObject({ exit: 0, stderr: '' });
    sh.run(inA('nc -lu 5353 &'));
    expect(sh.run(inA('nc -zvu 127.0.0.1 5353'))).toMatchObject({
      exit: 0,
      stderr: 'Connection to 127.0.0.1 5353 port [udp/mdns] succeeded!\n',
    });
  });
});

describe('a listener bound to one address', () => {
  it('accepts only connections to that address', () => {
    const sh = shell();
    sh.run(inA('nc -lk 10.20.0.1 22 &'));
    expect(sh.run(inA('nc -zv 127.0.0.1 22')).stderr).toBe(
      'nc: connect to 127.0.0.1 port 22 (tcp) failed: Connection refused\n',
    );
    expect(sh.run(inA('nc -zv 10.20.0.1 22')).stderr).toBe(
      'Connection to 10.20.0.1 22 port [tcp/ssh] succeeded!\n',
    );
  });
  it('cannot bind an address the namespace does not have', () => {
    const sh = shell();
    expect(sh.run(inA('nc -l 10.1.1.1 80 &')).stderr).toBe(
      'nc: Cannot assign requested address\n[1]+  Exit 1                  ip netns exec a nc -l 10.1.1.1 80\n',
    );
    expect(sh.run(inA('python3 -m http.server 80 --bind 10.1.1.1 &')).stderr).toMatch(
      /^OSError: \[Errno 99\] Cannot assign requested address\n/,
    );
    // A name is not resolved; an IPv6 address would be served (AF_INET6), which is not simulated.
    expect(sh.run(inA('python3 -m http.server 80 -b web &')).stderr).toMatch(
      /^socket\.gaierror: \[Errno -2\] Name or service not known\n/,
    );
    expect(sh.run(inA('python3 -m http.server 80 -b ::1 &')).stderr).toMatch(
      /^packetpath: 'python3 -m http.server -b ::1 \(IPv6\)' is not simulated\n/,
    );
  });
});

describe('nc -lu without -k locks onto its first peer', () => {
  // Measured with netcat-openbsd 1.219 in throwaway namespaces: `nc -lu 9000` received the
  // first sender's datagram and connect()ed to it (ss: ESTAB 10.0.0.2:9000 10.0.0.1:5001);
  // a datagram from another host, or from the same host on another port, met ICMP port
  // unreachable; the first peer's next datagram was received. `nc -lku` stayed UNCONN on
  // 0.0.0.0 and received from everyone. A second `nc -zvu` (a fresh source port) exited 1
  // without a message.
  it('the second check from a fresh port meets ICMP port unreachable', () => {
    const sh = shell();
    sh.run(inA('nc -lu 5353 &'));
    expect(sh.run(inA('nc -zvu 10.20.0.1 5353'))).toMatchObject({
      exit: 0,
      stderr: 'Connection to 10.20.0.1 5353 port [udp/mdns] succeeded!\n',
    });
    expect(sh.run(inA('ss -uanp')).stdout).toBe(
      'State Recv-Q Send-Q Local Address:Port Peer Address:Port Process                      \n' +
        'ESTAB 0      0          10.20.0.1:5353    10.20.0.1:40001 users:(("nc",pid=4243,fd=3))\n',
    );
    expect(sh.run(inA('ss -lun')).stdout).toBe(
      'State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n',
    );
    expect(sh.run(inA('nc -zvu 10.20.0.1 5353'))).toMatchObject({ exit: 1, stderr: '' });
    expect(
      lastProbeTrace(sh).some((e) => e.type === 'deliver' && /ICMP port unreachable/.test(e.to)),
    ).toBe(true);
    // The process keeps running, connected: only `kill` ends it.
    expect(sh.run('jobs').stdout).toBe(
      '[1]+  Running                 ip netns exec a nc -lu 5353 &\n',
    );
  });

  it('nc -lku does not lock: every sender is received', () => {
    const sh = shell();
    sh.run(inA('nc -lku 5354 &'));
    for (let i = 0; i < 3; i++) expect(sh.run(inA('nc -zvu 127.0.0.1 5354')).exit).toBe(0);
    expect(sh.run(inA('ss -uanH')).stdout).toBe('UNCONN 0      0      0.0.0.0:5354 0.0.0.0:*\n');
  });

  it('ss -u without -l shows the connected socket without a State column', () => {
    const sh = shell();
    sh.run(inA('nc -lu 5353 &'));
    sh.run(inA('nc -zvu 127.0.0.1 5353'));
    // connect() took the source address of the route to the peer (ip4_datagram_connect).
    expect(sh.run(inA('ss -un')).stdout).toBe(
      'Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n' +
        '0      0          127.0.0.1:5353    127.0.0.1:40001       \n',
    );
  });
});

describe('nc -zu', () => {
  it('without -v sends nothing and succeeds; with -v it sends', () => {
    // Measured: tcpdump saw no datagram for `nc -zu 10.0.0.2 9004` (exit 0).
    const sh = shell();
    expect(sh.run(inA('nc -zu 127.0.0.1 5354'))).toMatchObject({ exit: 0, stderr: '' });
    expect(sh.run(inA('tcpdump -n -i lo')).stdout).toBe('');
    expect(sh.run(inA('nc -zvu 127.0.0.1 5354')).exit).toBe(1);
    expect(sh.run(inA('tcpdump -n -i lo')).stdout).not.toBe('');
  });

  it('-v fails only on ICMP port unreachable, not on other ICMP errors', () => {
    // Measured: REJECT --reject-with icmp-proto-unreachable or icmp-net-unreachable in the
    // peer's INPUT: nc -zvu printed `succeeded!` (Debian's udptest counts ECONNREFUSED only);
    // plain REJECT (port unreachable): exit 1, no message.
    const sh = shell();
    sh.run(
      inA('iptables -A INPUT -p udp --dport 7004 -j REJECT --reject-with icmp-proto-unreachable'),
    );
    sh.run(inA('iptables -A INPUT -p udp --dport 7003 -j REJECT'));
    expect(sh.run(inA('nc -zvu 10.20.0.1 7004'))).toMatchObject({
      exit: 0,
      stderr: 'Connection to 10.20.0.1 7004 port [udp/afs3-kaserver] succeeded!\n',
    });
    expect(sh.run(inA('nc -zvu 10.20.0.1 7003'))).toMatchObject({ exit: 1, stderr: '' });
  });

  it('fails at connect() without a route, with or without -v', () => {
    // Measured: nc -zvu 203.0.113.9 53 with no default route; an unreachable route.
    const sh = shell();
    expect(sh.run(inA('nc -zvu 203.0.113.9 53'))).toMatchObject({
      exit: 1,
      stderr: 'nc: connect to 203.0.113.9 port 53 (udp) failed: Network is unreachable\n',
    });
    expect(sh.run(inA('nc -zu 203.0.113.9 53'))).toMatchObject({ exit: 1, stderr: '' });
    sh.run(inA('ip route add unreachable 198.51.100.0/24'));
    expect(sh.run(inA('nc -zvu 198.51.100.9 53')).stderr).toBe(
      'nc: connect to 198.51.100.9 port 53 (udp) failed: No route to host\n',
    );
  });
});

describe('servers', () => {
  it('nc -l without -k ends after its first connection', () => {
    const sh = shell();
    sh.run(inA('nc -l 9000 &'));
    expect(sh.run(inA('nc -z 127.0.0.1 9000'))).toMatchObject({
      exit: 0,
      stderr: '[1]+  Done                    ip netns exec a nc -l 9000\n',
    });
    expect(sh.run(inA('nc -z 127.0.0.1 9000')).exit).toBe(1);
  });

  it('say that they must run in the background', () => {
    const sh = shell();
    expect(sh.run('nc -l 80')).toMatchObject({
      exit: 1,
      stderr:
        "packetpath: 'nc -l' waits for connections and would block this terminal; run it in the background: nc -l 80 &\n",
    });
    expect(sh.run('python3 -m http.server').exit).toBe(1);
    expect(sh.run('python3 script.py').stderr).toBe(
      "packetpath: 'python3 script.py (only python3 -m http.server is simulated)' is not simulated\n",
    );
    expect(sh.run('nc -l')).toMatchObject({ exit: 1, stderr: 'nc: missing port number\n' });
    expect(sh.run('nc -lz 80')).toMatchObject({ stderr: 'nc: cannot use -z and -l\n' });
  });

  it('python3 -m http.server announces itself and keeps its port (no SO_REUSEPORT)', () => {
    const sh = shell();
    expect(sh.run(inA('python3 -m http.server &')).stdout).toBe(
      '[1] 4243\nServing HTTP on 0.0.0.0 port 8000 (http://0.0.0.0:8000/) ...\n',
    );
    expect(sh.run(inA('python3 -m http.server 8000 -b 127.0.0.1 &')).stderr).toMatch(
      /^OSError: \[Errno 98\] Address already in use\n/,
    );
    expect(sh.run(inA('nc -lk 8000 &')).stderr).toMatch(/^nc: Address already in use\n/);
    // netcat-openbsd sets SO_REUSEPORT: two of them share a port.
    sh.run(inA('nc -lk 7000 &'));
    expect(sh.run(inA('nc -lk 7000 &')).stderr).toBe('');
    expect(sh.run(inA('python3 -m http.server abc &')).stderr).toBe(
      "usage: server.py [-h] [--cgi] [-b ADDRESS] [-d DIRECTORY] [-p VERSION] [port]\nserver.py: error: argument port: invalid int value: 'abc'\n[4]+  Exit 2                  ip netns exec a python3 -m http.server abc\n",
    );
  });

  it('belong to their namespace: one deleted and added again has none', () => {
    const sh = shell();
    sh.run(inA('nc -lk 22 &'));
    sh.run(`ip netns del a\n${NS}`);
    expect(sh.run(inA('nc -z 127.0.0.1 22')).exit).toBe(1);
  });
});

describe('Docker’s published ports', () => {
  it('reach the container’s assumed server through DNAT, and docker-proxy on the host', () => {
    const sh = createHostShell();
    sh.run('ip link set lo up\ndockerd\ndocker run -d -p 8080:80 -p 127.0.0.1:9090:90 nginx');
    // Images are not run: a server is assumed in the container on each published port.
    expect(sh.run('curl -m 1 172.17.0.2:80').exit).toBe(0);
    expect(sh.run('curl -m 1 172.17.0.2:81').exit).toBe(7);
    // OUTPUT's DNAT skips 127.0.0.0/8: docker-proxy's listener on 0.0.0.0:8080 takes it.
    expect(sh.run('nc -z 127.0.0.1 8080').exit).toBe(0);
    expect(sh.run('nc -z 127.0.0.1 9090').exit).toBe(0);
    // The 127.0.0.1-only binding has no listener on the bridge's address.
    expect(sh.run('nc -z 172.17.0.1 9090').exit).toBe(1);
  });

  it('hold the port on the host: nothing else can bind it (docker-proxy sets no SO_REUSEPORT)', () => {
    // Measured next to docker-proxy 20.10.24 on 0.0.0.0:8080/tcp and 0.0.0.0:5353/udp.
    const sh = createHostShell();
    sh.run('dockerd\ndocker run -d -p 8080:80 -p 5353:53/udp nginx');
    expect(sh.run('nc -lk 8080 &').stderr).toMatch(/^nc: Address already in use\n/);
    expect(sh.run('nc -lu 5353 &').stderr).toMatch(/^nc: Address already in use\n/);
    expect(sh.run('python3 -m http.server 8080 &').stderr).toMatch(
      /^OSError: \[Errno 98\] Address already in use\n/,
    );
    expect(sh.run('nc -lk 8081 &').stderr).toBe('');
  });
});

describe('closing', () => {
  // Measured: client 10.0.0.1 in one namespace with `iptables -A OUTPUT -m conntrack --ctstate
  // NEW -j ACCEPT`, nc -lk 8080 in another; nc -z, then conntrack -L in the client's namespace.
  const client = () => twoHosts(['iptables -A OUTPUT -m conntrack --ctstate NEW -j ACCEPT']);

  it('ends with FIN both ways: conntrack keeps the entry in TIME_WAIT', () => {
    const sh = client();
    sh.run('ip netns exec b nc -lk 8080 &\nnc -z 10.0.0.2 8080');
    expect(sh.run('conntrack -L').stdout).toMatch(
      /^tcp {6}6 119 TIME_WAIT src=10\.0\.0\.1 dst=10\.0\.0\.2 sport=\d+ dport=8080 src=10\.0\.0\.2 dst=10\.0\.0\.1 sport=8080 dport=\d+ \[ASSURED\] mark=0 use=1\n$/,
    );
  });

  it('leaves no entry when the only answer was a RST', () => {
    const sh = client();
    sh.run('nc -z 10.0.0.2 8081');
    expect(sh.run('conntrack -L')).toMatchObject({
      stdout: '',
      stderr: 'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n',
    });
  });
});
