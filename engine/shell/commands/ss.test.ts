// ss -l as iproute2 6.1 prints it through a pipe (compact columns), measured in a network
// namespace with `nc -lk 10.20.0.1 22`, `nc -lk 8080` and `nc -lu 5353` running (the PIDs
// differ; the order of sockets on different ports follows the kernel's hash there).
import { describe, expect, it } from 'vitest';
import { createHostShell } from '../index.ts';
import { twoHosts } from './probe/twoHosts.ts';

function machine() {
  const sh = createHostShell();
  sh.run(
    [
      'ip netns add a',
      'ip netns exec a ip link set lo up',
      'ip netns exec a ip addr add 10.20.0.1/24 dev lo',
      'ip netns exec a nc -lk 8080 &',
      'ip netns exec a nc -lk 10.20.0.1 22 &',
      'ip netns exec a nc -lu 5353 &',
    ].join('\n'),
  );
  return sh;
}

describe('ss', () => {
  it('-ltn: listening TCP sockets, numeric', () => {
    expect(machine().run('ip netns exec a ss -ltn').stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
        'LISTEN 0      1          10.20.0.1:22        0.0.0.0:*          \n' +
        'LISTEN 0      1            0.0.0.0:8080      0.0.0.0:*          \n',
    );
  });

  it('-ltnp adds the process; -lunp shows UDP sockets as UNCONN', () => {
    const sh = machine();
    expect(sh.run('ip netns exec a ss -ltnp').stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                      \n' +
        'LISTEN 0      1          10.20.0.1:22        0.0.0.0:*    users:(("nc",pid=4244,fd=3))\n' +
        'LISTEN 0      1            0.0.0.0:8080      0.0.0.0:*    users:(("nc",pid=4243,fd=3))\n',
    );
    expect(sh.run('ip netns exec a ss -lunp').stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                      \n' +
        'UNCONN 0      0            0.0.0.0:5353      0.0.0.0:*    users:(("nc",pid=4245,fd=3))\n',
    );
  });

  it('-ltun adds Netid; without -n ports are named; -H drops the header', () => {
    const sh = machine();
    expect(sh.run('ip netns exec a ss -ltun').stdout).toBe(
      'Netid State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
        'udp   UNCONN 0      0            0.0.0.0:5353      0.0.0.0:*          \n' +
        'tcp   LISTEN 0      1          10.20.0.1:22        0.0.0.0:*          \n' +
        'tcp   LISTEN 0      1            0.0.0.0:8080      0.0.0.0:*          \n',
    );
    expect(sh.run('ip netns exec a ss -lt').stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port     Peer Address:PortProcess\n' +
        'LISTEN 0      1          10.20.0.1:ssh           0.0.0.0:*          \n' +
        'LISTEN 0      1            0.0.0.0:http-alt      0.0.0.0:*          \n',
    );
    expect(sh.run('ip netns exec a ss -ltnH').stdout).toBe(
      'LISTEN 0      1      10.20.0.1:22   0.0.0.0:*\n' +
        'LISTEN 0      1        0.0.0.0:8080 0.0.0.0:*\n',
    );
  });

  it('shows only the namespace it runs in, and nothing once the server is killed', () => {
    const sh = machine();
    expect(sh.run('ss -ltn').stdout).toBe(
      'State Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n',
    );
    sh.run('kill %1 %2');
    expect(sh.run('ip netns exec a ss -ltnH').stdout).toBe('');
  });

  it('says what it does not simulate', () => {
    expect(machine().run('ss -l').stderr).toBe(
      "packetpath: 'ss without -t or -u (only TCP and UDP sockets are simulated)' is not simulated\n",
    );
    expect(machine().run('ss -ltn sport = :22').exit).toBe(1);
  });
});

describe('ss and Docker’s published ports', () => {
  // Measured: docker-proxy 20.10.24 started as dockerd starts it (-proto tcp -host-ip 0.0.0.0
  // -host-port 8080 …, and -host-ip ::) in a namespace, then ss -ltnp / -lunp there:
  //   LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*    users:(("docker-proxy",pid=2353,fd=4))
  //   LISTEN 0      4096            [::]:8080         [::]:*    users:(("docker-proxy",pid=2351,fd=4))
  //   UNCONN 0      0            0.0.0.0:5353      0.0.0.0:*    users:(("docker-proxy",pid=2352,fd=4))
  // IPv4 sockets come before IPv6 ones, UDP before TCP (ss -ltnu).
  function docker(flags = '') {
    const sh = createHostShell();
    sh.run(`dockerd ${flags}\ndocker run -d --name web -p 8080:80 -p 5353:53/udp nginx`);
    return sh;
  }

  it('lists docker-proxy on 0.0.0.0 and [::] for each published port', () => {
    const sh = docker();
    expect(sh.run('ss -ltnp').stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess                                \n' +
        'LISTEN 0      4096         0.0.0.0:8080      0.0.0.0:*    users:(("docker-proxy",pid=4243,fd=4))\n' +
        'LISTEN 0      4096            [::]:8080         [::]:*    users:(("docker-proxy",pid=4244,fd=4))\n',
    );
    expect(sh.run('ss -lunH').stdout).toBe(
      'UNCONN 0      0      0.0.0.0:5353 0.0.0.0:*\n' +
        'UNCONN 0      0         [::]:5353    [::]:*\n',
    );
    expect(sh.run('ss -ltun4H').stdout).toBe(
      'udp UNCONN 0      0      0.0.0.0:5353 0.0.0.0:*\n' +
        'tcp LISTEN 0      4096   0.0.0.0:8080 0.0.0.0:*\n',
    );
    expect(sh.run('ss -lt6H').stdout).toBe('LISTEN 0      4096   [::]:http-alt [::]:*\n');
    // The PID stays with the process.
    expect(sh.run('ss -ltnp').stdout).toContain('pid=4243,fd=4');
    // Only on the host: a namespace has its own sockets.
    sh.run('ip netns add a');
    expect(sh.run('ip netns exec a ss -ltnH').stdout).toBe('');
  });

  it('with --userland-proxy=false dockerd holds the port itself, IPv4 only', () => {
    const sh = docker('--userland-proxy=false');
    expect(sh.run('ss -ltnH').stdout).toBe('LISTEN 0      4096   0.0.0.0:8080 0.0.0.0:*\n');
  });

  it('forgets a port once the container is removed', () => {
    const sh = docker();
    sh.run('docker rm -f web');
    expect(sh.run('ss -ltunH').stdout).toBe('');
  });
});

describe('ss and closed connections', () => {
  // Measured after `nc -zv 10.0.0.2 8080` against `nc -l 8080`, in the client's namespace:
  //   $ ss -tan
  //   State     Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
  //   TIME-WAIT 0      0           10.0.0.1:34880     10.0.0.2:8080
  it('the closing side keeps the connection in TIME-WAIT for 60 s; -a shows it', () => {
    const sh = twoHosts(['ip netns exec b nc -lk 8080 &']);
    sh.run('nc -z 10.0.0.2 8080');
    expect(sh.run('ss -tan').stdout).toBe(
      'State     Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess\n' +
        'TIME-WAIT 0      0           10.0.0.1:40001     10.0.0.2:8080       \n',
    );
    // ss's default filter (connected sockets) leaves TIME-WAIT out; the server closed.
    expect(sh.run('ss -tnH').stdout).toBe('');
    expect(sh.run('ip netns exec b ss -tanH').stdout).toBe(
      'LISTEN 0      1      0.0.0.0:8080 0.0.0.0:*\n',
    );
    // Each probe takes 3 s of the engine's clock: 20 more and the 60 s are over.
    for (let i = 0; i < 19; i++) sh.run('nc -z 10.0.0.2 8081');
    expect(sh.run('ss -tanH').stdout).toContain('10.0.0.1:40001');
    sh.run('nc -z 10.0.0.2 8081');
    expect(sh.run('ss -tanH').stdout).toBe('');
  });
});
