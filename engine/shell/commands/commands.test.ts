import { describe, expect, it } from 'vitest';
import { createHostShell, lastProbeTrace } from '../index.ts';
import { emptyRuleset, runIptablesRestore } from '../../commands/iptables/index.ts';

function lines(text: string) {
  return createHostShell().runLines(text);
}
function last(text: string) {
  const r = lines(text);
  return r[r.length - 1]!;
}

describe('sysctl (procps-ng 4.0.2, as measured)', () => {
  it('reads, writes and keeps the kernel couplings of ip_forward', () => {
    expect(last('sysctl net.ipv4.ip_forward').stdout).toBe('net.ipv4.ip_forward = 0\n');
    expect(last('sysctl -w net.ipv4.ip_forward=2').stdout).toBe('net.ipv4.ip_forward = 2\n');
    expect(
      last(
        'sysctl net.ipv4.ip_forward=1 >/dev/null; sysctl -n net.ipv4.conf.lo.forwarding net.ipv4.conf.all.accept_redirects',
      ).stdout,
    ).toBe('1\n0\n');
    expect(last('sysctl -N net.ipv4.ip_forward').stdout).toBe('net.ipv4.ip_forward\n');
    expect(last('sysctl net/ipv4/ip_forward').stdout).toBe('net.ipv4.ip_forward = 0\n');
    expect(last('sysctl -n net.ipv4.ip_local_port_range').stdout).toBe('32768\t60999\n');
  });
  it('answers errors with procps’ text and exit codes', () => {
    expect(last('sysctl net.ipv4.foo')).toMatchObject({
      exit: 1,
      stderr: 'sysctl: cannot stat /proc/sys/net/ipv4/foo: No such file or directory\n',
    });
    expect(last('sysctl -e net.ipv4.foo')).toMatchObject({ exit: 0, stderr: '' });
    expect(last('sysctl -w net.ipv4.ip_forward=abc')).toMatchObject({
      exit: 1,
      stderr: 'sysctl: setting key "net.ipv4.ip_forward": Invalid argument\n',
    });
    expect(last('sysctl -w net.ipv4.ip_forward=99999999999')).toMatchObject({ exit: 1 });
    expect(last('sysctl -w net.ipv4.ip_local_port_range="1000 2000"')).toMatchObject({ exit: 1 });
    expect(last('sysctl -w net.ipv4.ip_forward')).toMatchObject({
      exit: 1,
      stderr: 'sysctl: command line(0): invalid syntax, continuing...\n',
    });
    expect(last('sysctl')).toMatchObject({ exit: 1, stdout: '' });
    expect(last('sysctl --system')).toMatchObject({
      exit: 1,
      stderr: "packetpath: 'sysctl --system' is not simulated\n",
    });
  });
  it('lists the net keys of a new namespace with -a and loads -p files', () => {
    const all = last('sysctl -a').stdout;
    expect(all).toContain('net.bridge.bridge-nf-call-iptables = 1\n');
    expect(all).toContain('net.ipv4.conf.lo.accept_source_route = 1\n');
    expect(all).toContain('net.ipv4.conf.all.rp_filter = 0\n');
    expect(last('echo "net.ipv4.ip_forward = 1" > f.conf; sysctl -p f.conf').stdout).toBe(
      'net.ipv4.ip_forward = 1\n',
    );
    expect(last('sysctl -p nope.conf')).toMatchObject({
      exit: 1,
      stderr: 'sysctl: cannot open "nope.conf": No such file or directory\n',
    });
  });
  it('reaches the engine: the packet path sees what sysctl wrote', () => {
    const sh = createHostShell();
    sh.run('sysctl -w net.ipv4.ip_forward=1');
    expect(sh.world.host.netns.sysctls.get('net.ipv4.ip_forward')).toBe('1');
  });
});

describe('modprobe and lsmod', () => {
  it('loads known modules and refuses unknown ones as modprobe does', () => {
    expect(last('modprobe br_netfilter')).toMatchObject({ exit: 0, stdout: '' });
    expect(last('modprobe nope')).toMatchObject({
      exit: 1,
      stderr:
        'modprobe: FATAL: Module nope not found in directory /lib/modules/6.18.0-packetpath\n',
    });
    expect(last('lsmod | grep ^br_netfilter').stdout).toBe('br_netfilter           36864  0\n');
    expect(last('lsmod').stdout.split('\n')[0]).toBe('Module                  Size  Used by');
  });
});

const TWO_HOSTS = [
  'ip netns add c1',
  'ip link add br0 type bridge',
  'ip link add veth0 type veth peer name eth0 netns c1',
  'ip link set veth0 master br0',
  'ip addr add 10.0.0.1/24 dev br0',
  'ip link set br0 up',
  'ip link set veth0 up',
  'ip -n c1 addr add 10.0.0.2/24 dev eth0',
  'ip -n c1 link set eth0 up',
].join('\n');

describe('probes through the packet path', () => {
  it('pings with iputils’ lines and summary', () => {
    expect(last(`${TWO_HOSTS}\nping -c 2 10.0.0.2`)).toMatchObject({
      exit: 0,
      stdout:
        'PING 10.0.0.2 (10.0.0.2) 56(84) bytes of data.\n' +
        '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.042 ms\n' +
        '64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.044 ms\n\n' +
        '--- 10.0.0.2 ping statistics ---\n' +
        '2 packets transmitted, 2 received, 0% packet loss, time 1001ms\n' +
        'rtt min/avg/max/mdev = 0.042/0.043/0.044/0.001 ms\n',
    });
    expect(last('ping -c 1 198.51.100.1')).toMatchObject({
      exit: 2,
      stderr: 'ping: connect: Network is unreachable\n',
    });
    expect(last('ping 10.0.0.2')).toMatchObject({ exit: 1 });
  });

  it('prints the echo reply’s TTL as received: one less per router on the way back', () => {
    const routed = [
      TWO_HOSTS,
      'ip netns add c2',
      'ip link add br1 type bridge',
      'ip link add veth1 type veth peer name eth0 netns c2',
      'ip link set veth1 master br1',
      'ip addr add 10.1.0.1/24 dev br1',
      'ip link set br1 up',
      'ip link set veth1 up',
      'ip -n c2 addr add 10.1.0.2/24 dev eth0',
      'ip -n c2 link set eth0 up',
      'ip -n c1 route add default via 10.0.0.1',
      'ip -n c2 route add default via 10.1.0.1',
      'sysctl -qw net.ipv4.ip_forward=1',
    ].join('\n');
    expect(last(`${routed}\nip netns exec c1 ping -c 1 10.1.0.2`).stdout).toContain(
      '64 bytes from 10.1.0.2: icmp_seq=1 ttl=63 ',
    );
    expect(last(`${routed}\nping -c 1 10.0.0.2`).stdout).toContain(
      '64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 ',
    );
    expect(last(`${routed}\nping -c 1 10.1.0.1`).stdout).toContain(
      '64 bytes from 10.1.0.1: icmp_seq=1 ttl=64 ',
    );
  });
  it('drops pings that an iptables rule drops', () => {
    const r = last(
      `${TWO_HOSTS}\nip netns exec c1 iptables -A INPUT -p icmp -j DROP\nping -c 1 10.0.0.2`,
    );
    expect(r.exit).toBe(1);
    expect(r.stdout).toContain('1 packets transmitted, 0 received, 100% packet loss, time 0ms\n');
  });
  it('connects with curl and nc, and fails with their own messages', () => {
    const servers = 'ip netns exec c1 nc -lk 80 &\nip netns exec c1 nc -lk 22 &';
    expect(last(`${TWO_HOSTS}\n${servers}\ncurl 10.0.0.2`)).toMatchObject({ exit: 0 });
    const refused = `${TWO_HOSTS}\n${servers}\nip netns exec c1 iptables -A INPUT -p tcp --dport 80 -j REJECT --reject-with tcp-reset\n`;
    expect(last(`${refused}curl http://10.0.0.2/`)).toMatchObject({
      exit: 7,
      stderr:
        "curl: (7) Failed to connect to 10.0.0.2 port 80 after 0 ms: Couldn't connect to server\n",
    });
    expect(last(`${refused}nc -zv 10.0.0.2 80`)).toMatchObject({
      exit: 1,
      stderr: 'nc: connect to 10.0.0.2 port 80 (tcp) failed: Connection refused\n',
    });
    expect(last(`${TWO_HOSTS}\n${servers}\nnc -zv 10.0.0.2 22`)).toMatchObject({
      exit: 0,
      stderr: 'Connection to 10.0.0.2 22 port [tcp/ssh] succeeded!\n',
    });
    expect(last('curl http://example.com/')).toMatchObject({
      exit: 6,
      stderr: 'curl: (6) Could not resolve host: example.com\n',
    });
    const noServer =
      'ip link add d0 type dummy\nip addr add 192.0.2.1/24 dev d0\nip link set d0 up\ncurl -m 1 192.0.2.99';
    expect(last(noServer)).toMatchObject({
      exit: 28,
      stderr:
        'curl: (28) Failed to connect to 192.0.2.99 port 80 after 1000 ms: Timeout was reached\n',
    });
  });

  it('reaches a published container port through Docker’s DNAT from another namespace', () => {
    const sh = createHostShell();
    sh.run(
      'dockerd\ndocker run -d -p 8080:80 nginx\nip netns add lan\nip link add v0 type veth peer name v1 netns lan',
    );
    sh.run(
      'ip addr add 198.51.100.1/24 dev v0\nip link set v0 up\nip -n lan addr add 198.51.100.20/24 dev v1',
    );
    sh.run('ip -n lan link set v1 up\nip -n lan route add default via 198.51.100.1');
    expect(sh.run('ip netns exec lan curl 198.51.100.1:8080').exit).toBe(0);
    expect(sh.run('conntrack -L').stdout).toContain(
      'src=198.51.100.20 dst=198.51.100.1 sport=40001 dport=8080 src=172.17.0.2 dst=198.51.100.20 sport=80 dport=40001 [ASSURED]',
    );
  });
  it('lists and flushes conntrack entries the probes created', () => {
    const sh = createHostShell();
    sh.run(
      `${TWO_HOSTS}\nip netns exec c1 nc -lk 8080 &\niptables -A OUTPUT -m conntrack --ctstate NEW -j ACCEPT\ncurl 10.0.0.2:8080`,
    );
    const r = sh.run('conntrack -L');
    expect(r.stdout).toMatch(
      // curl closes with FIN both ways, so the entry stays in TIME_WAIT (120 s, printed less
      // one), as measured with curl 7.88.1 against nc -lk in two namespaces.
      /^tcp {6}6 119 TIME_WAIT src=10\.0\.0\.1 dst=10\.0\.0\.2 sport=\d+ dport=8080 src=10\.0\.0\.2 dst=10\.0\.0\.1 sport=8080 dport=\d+ \[ASSURED\] mark=0 use=1\n$/,
    );
    expect(r.stderr).toBe('conntrack v1.4.7 (conntrack-tools): 1 flow entries have been shown.\n');
    expect(sh.run('conntrack -F').stderr).toBe(
      'conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\n',
    );
    expect(sh.run('conntrack -L').stdout).toBe('');
  });
  it('shows the last probes’ packets in tcpdump', () => {
    const r = last(`${TWO_HOSTS}\nping -c 1 10.0.0.2\ntcpdump -n -i veth0`);
    expect(r.stdout).toMatch(/IP 10\.0\.0\.1 > 10\.0\.0\.2: ICMP echo request, length 64\n/);
    expect(r.stdout).toMatch(/IP 10\.0\.0\.2 > 10\.0\.0\.1: ICMP echo reply, length 64\n/);
    expect(last('tcpdump -n -i nope')).toMatchObject({ exit: 1 });
    const sh = createHostShell();
    sh.run(`${TWO_HOSTS}\nping -c 1 10.0.0.2`);
    expect(lastProbeTrace(sh).some((e) => e.type === 'route')).toBe(true);
  });
});

describe('bridge', () => {
  it('shows the forwarding database and bridge ports, and sets hairpin', () => {
    const sh = createHostShell();
    sh.run(TWO_HOSTS);
    expect(sh.run('bridge fdb show dev veth0').stdout).toMatch(
      /^\S+ dev veth0 master br0 permanent\n33:33:00:00:00:01 dev veth0 self permanent\n01:00:5e:00:00:01 dev veth0 self permanent\n33:33:ff:\S+ dev veth0 self permanent\n$/,
    );
    sh.run('ping -c 1 10.0.0.2');
    expect(sh.run('bridge fdb show br br0').stdout).toMatch(
      /\S+ dev veth0 master br0 \n\S+ dev veth0 master br0 permanent\n/,
    );
    expect(sh.run('bridge link').stdout).toBe(
      '3: veth0@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 master br0 state forwarding priority 32 cost 2 \n',
    );
    expect(sh.run('bridge link set dev veth0 hairpin on').exit).toBe(0);
    expect(sh.world.host.netns.devices.get('veth0')!.hairpin).toBe(true);
  });
});

describe('iptables family and generators', () => {
  it('passes here-documents and pipes to iptables-restore byte for byte, and saves to files', () => {
    const input = '*filter\n:INPUT DROP [0:0]\n-A INPUT -s 10.0.0.1/32 -j ACCEPT\nCOMMIT\n';
    const direct = runIptablesRestore(emptyRuleset(), [], input);
    const viaHeredoc = last(`iptables-restore <<'EOF'\n${input}EOF`);
    const viaPipe = last(`cat <<'EOF' | iptables-restore\n${input}EOF`);
    expect({ exit: viaHeredoc.exit, stdout: viaHeredoc.stdout, stderr: viaHeredoc.stderr }).toEqual(
      direct,
    );
    expect({ exit: viaPipe.exit, stdout: viaPipe.stdout, stderr: viaPipe.stderr }).toEqual(direct);
    const saved = last(
      'iptables -A INPUT -s 10.0.0.1 -j ACCEPT\niptables-save > rules.v4\ncat rules.v4',
    );
    expect(saved.stdout).toContain('-A INPUT -s 10.0.0.1/32 -j ACCEPT\n');
    expect(last('iptables-save | grep -c COMMIT').stdout).toBe('0\n');
    expect(last('iptables -N X; iptables-save | grep -c COMMIT').stdout).toBe('1\n');
  });
  it('lists what iptables-nft made of the rules with nft list ruleset', () => {
    const r = last('iptables -A INPUT -s 10.0.0.1 -j ACCEPT\nnft list ruleset');
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('table ip filter {\n\tchain INPUT {\n');
    expect(r.stdout).toContain('ip saddr 10.0.0.1 counter packets 0 bytes 0 accept\n');
  });
  it('accepts the -nft and -legacy names and /usr/sbin paths', () => {
    expect(last('/usr/sbin/iptables-nft -A INPUT -j ACCEPT; iptables-legacy -S INPUT').stdout).toBe(
      '-P INPUT ACCEPT\n-A INPUT -j ACCEPT\n',
    );
    expect(last('ip6tables -S')).toMatchObject({
      exit: 1,
      stderr: "packetpath: 'ip6tables' is not simulated\n",
    });
  });
  it('runs dockerd and docker through the dockerd generator', () => {
    const sh = createHostShell();
    sh.run('dockerd');
    expect(sh.run('docker run -d --name web -p 8080:80 nginx').exit).toBe(0);
    expect(sh.run('iptables -t nat -S DOCKER').stdout).toContain(
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80\n',
    );
    expect(sh.run('sysctl net.ipv4.ip_forward').stdout).toBe('net.ipv4.ip_forward = 1\n');
    expect(sh.run('ip netns list').stdout).toBe('');
  });
  it('applies Services and EndpointSlices with kubectl and loads kube-proxy’s rules', () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: web, namespace: default}',
      'spec: {clusterIP: 10.96.0.10, ports: [{port: 80, protocol: TCP}]}',
    ].join('\n');
    const r = lines(
      `kubectl apply -f - <<'EOF'\n${manifest}\nEOF\niptables -t nat -S KUBE-SERVICES`,
    );
    expect(r[0]).toMatchObject({ exit: 0, stdout: 'service/web created\n' });
    expect(r[1]!.exit).toBe(0);
    expect(last('kubectl get pods')).toMatchObject({
      exit: 1,
      stderr: "packetpath: 'kubectl get' is not simulated\n",
    });
  });
});

describe('text tools', () => {
  it('grep, head, tail and wc behave like GNU coreutils/grep for the common options', () => {
    const input = "printf '' ; echo -e 'a1\\nb2\\nA3\\nc(4)'";
    expect(last(`${input} | grep -i a`).stdout).toBe('a1\nA3\n');
    expect(last(`${input} | grep -v a`).stdout).toBe('b2\nA3\nc(4)\n');
    expect(last(`${input} | grep -n 'c(4)'`).stdout).toBe('4:c(4)\n');
    expect(last(`${input} | grep -E '^(a|b)'`).stdout).toBe('a1\nb2\n');
    expect(last(`${input} | grep -c .`).stdout).toBe('4\n');
    expect(last(`${input} | head -n 2`).stdout).toBe('a1\nb2\n');
    expect(last(`${input} | tail -1`).stdout).toBe('c(4)\n');
    expect(last(`${input} | wc -l`).stdout).toBe('4\n');
    expect(last("echo aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab | grep -E '(a+)+$'")).toMatchObject({
      exit: 1,
      stdout: '',
    });
    expect(last("echo aab | grep -E '(a|aa)*b'").stderr).toMatch(/is not simulated/);
    expect(last("printf 'b\\na\\nb\\nB\\n' | sort | uniq -c").stdout).toBe(
      '      1 B\n      1 a\n      2 b\n',
    );
    expect(last("printf '10\\n9\\n' | sort -rn").stdout).toBe('10\n9\n');
    expect(last('echo x | tee f >/dev/null; cat f').stdout).toBe('x\n');
    expect(last('ls')).toMatchObject({ exit: 1, stderr: "packetpath: 'ls' is not simulated\n" });
    expect(last('grep x nofile')).toMatchObject({
      exit: 2,
      stderr: 'grep: nofile: No such file or directory\n',
    });
  });
});
