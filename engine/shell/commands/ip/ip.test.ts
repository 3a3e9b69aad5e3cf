import { describe, expect, it } from 'vitest';
import { createHostShell } from '../../index.ts';

/** Runs lines in a fresh host and returns the last line's result. */
function last(text: string) {
  const r = createHostShell().runLines(text);
  return r[r.length - 1]!;
}

const BRIDGE_SETUP = [
  'ip link add br0 type bridge',
  'ip link add veth0 type veth peer name veth1',
  'ip link set veth0 master br0',
  'ip addr add 10.0.0.1/24 dev br0',
  'ip link set br0 up',
  'ip link set veth0 up',
].join('\n');

describe('ip (formats measured on iproute2 6.1, Linux 6.18)', () => {
  it('shows a fresh host: lo only, up as the recordings set it', () => {
    expect(last('ip addr').stdout).toBe(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n' +
        '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n' +
        '    inet 127.0.0.1/8 scope host lo\n' +
        '       valid_lft forever preferred_lft forever\n' +
        '    inet6 ::1/128 scope host \n' +
        '       valid_lft forever preferred_lft forever\n',
    );
    expect(last('ip route')).toMatchObject({ exit: 0, stdout: '' });
    expect(last('ip route show table local').stdout).toBe(
      'local 127.0.0.0/8 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'local 127.0.0.1 dev lo proto kernel scope host src 127.0.0.1 \n' +
        'broadcast 127.255.255.255 dev lo proto kernel scope link src 127.0.0.1 \n',
    );
  });

  it('lists routes in the fib trie order: by key, the longer prefix first at one key', () => {
    // Measured in a throwaway namespace (iproute2 6.1): the same routes added in this order.
    const added = ['10.0.0.0/8', '10.0.0.0/16', '10.0.0.0/24', '10.1.0.0/16', '9.0.0.0/8']
      .concat('10.0.0.0/12', '10.0.0.0/16 dev d0 metric 5')
      .map((p) => `ip route add ${p.includes(' dev ') ? p : `${p} dev d0`}`);
    const setup = [
      'ip link add d0 type veth peer name d1',
      'ip link set d0 up',
      'ip link set d1 up',
      'ip addr add 10.9.0.1/24 dev d0',
      ...added,
    ].join('\n');
    expect(last(`${setup}\nip route`).stdout).toBe(
      '9.0.0.0/8 dev d0 scope link \n' +
        '10.0.0.0/24 dev d0 scope link \n' +
        '10.0.0.0/16 dev d0 scope link \n' +
        '10.0.0.0/16 dev d0 scope link metric 5 \n' +
        '10.0.0.0/12 dev d0 scope link \n' +
        '10.0.0.0/8 dev d0 scope link \n' +
        '10.1.0.0/16 dev d0 scope link \n' +
        '10.9.0.0/24 dev d0 proto kernel scope link src 10.9.0.1 \n',
    );
  });

  it('prints a bridge without carrier, its veth port and the M-DOWN peer as Linux does', () => {
    const out = last(`${BRIDGE_SETUP}\nip link`).stdout.split('\n');
    expect(out[2]).toMatch(
      /^2: br0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN mode DEFAULT group default qlen 1000$/,
    );
    expect(out[4]).toBe(
      '3: veth1@veth0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000',
    );
    expect(out[6]).toBe(
      '4: veth0@veth1: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue master br0 state LOWERLAYERDOWN mode DEFAULT group default qlen 1000',
    );
    expect(last(`${BRIDGE_SETUP}\nip route`).stdout).toBe(
      '10.0.0.0/24 dev br0 proto kernel scope link src 10.0.0.1 linkdown \n',
    );
    expect(last(`${BRIDGE_SETUP}\nip -br addr`).stdout).toBe(
      'lo               UNKNOWN        127.0.0.1/8 ::1/128 \n' +
        'br0              DOWN           10.0.0.1/24 \n' +
        'veth1@veth0      DOWN           \n' +
        'veth0@veth1      LOWERLAYERDOWN \n',
    );
  });

  it('answers ip route get like the kernel', () => {
    expect(last(`${BRIDGE_SETUP}\nip route get 10.0.0.9`).stdout).toBe(
      '10.0.0.9 dev br0 src 10.0.0.1 uid 0 \n    cache \n',
    );
    expect(last('ip route get 127.0.0.1').stdout).toBe(
      'local 127.0.0.1 dev lo src 127.0.0.1 uid 0 \n    cache <local> \n',
    );
    expect(last('ip route get 8.8.8.8')).toMatchObject({
      exit: 2,
      stderr: 'RTNETLINK answers: Network is unreachable\n',
    });
  });

  it('gives iproute2’s errors and exit codes', () => {
    expect(last('ip link add br0 type bridge\nip link add br0 type bridge')).toMatchObject({
      exit: 2,
      stderr: 'RTNETLINK answers: File exists\n',
    });
    expect(last('ip link set nodev up')).toMatchObject({
      exit: 1,
      stderr: 'Cannot find device "nodev"\n',
    });
    expect(last('ip addr add 10.0.0.1/24 dev lo\nip addr add 10.0.0.1/24 dev lo')).toMatchObject({
      exit: 2,
      stderr: 'Error: ipv4: Address already assigned.\n',
    });
    expect(last('ip addr add 300.1.1.1/24 dev lo')).toMatchObject({
      exit: 1,
      stderr: 'Error: any valid prefix is expected rather than "300.1.1.1/24".\n',
    });
    expect(last('ip addr add 1.2.3.4/24')).toMatchObject({
      exit: 1,
      stderr: 'Not enough information: "dev" argument is required.\n',
    });
    expect(last('ip route add default via 192.0.2.1')).toMatchObject({
      exit: 2,
      stderr: 'Error: Nexthop has invalid gateway.\n',
    });
    expect(last('ip route del 10.8.0.0/16')).toMatchObject({
      exit: 2,
      stderr: 'RTNETLINK answers: No such process\n',
    });
    expect(last('ip foo')).toMatchObject({
      exit: 1,
      stderr: 'Object "foo" is unknown, try "ip help".\n',
    });
    expect(last('ip link add x type foo')).toMatchObject({
      exit: 2,
      stderr: 'Error: Unknown device type.\n',
    });
    expect(last('ip addr del 10.0.0.1/24 dev lo')).toMatchObject({
      exit: 2,
      stderr: 'Error: ipv4: Address not found.\n',
    });
    expect(last('ip link set lo master nobr')).toMatchObject({
      exit: 255,
      stderr: 'Error: argument "nobr" is wrong: Device does not exist\n\n',
    });
    expect(last('ip addr show dev nodev')).toMatchObject({
      exit: 1,
      stderr: 'Device "nodev" does not exist.\n',
    });
    expect(last('ip xfrm state')).toMatchObject({
      exit: 1,
      stderr: "packetpath: 'ip xfrm' is not simulated\n",
    });
  });

  it('adds routes with via, metric and proto, listed in prefix order', () => {
    const r = last(
      'ip link add v0 type veth peer name v1\nip link set v0 up\nip link set v1 up\nip addr add 10.1.0.1/24 brd + dev v0\n' +
        'ip route add 10.2.0.0/24 dev v0 proto static metric 5\nip route add blackhole 10.3.0.0/16\n' +
        'ip route add default via 10.1.0.254\nip route',
    );
    expect(r.stdout).toBe(
      'default via 10.1.0.254 dev v0 \n' +
        '10.1.0.0/24 dev v0 proto kernel scope link src 10.1.0.1 \n' +
        '10.2.0.0/24 dev v0 proto static scope link metric 5 \n' +
        'blackhole 10.3.0.0/16 \n',
    );
    expect(
      last(
        'ip link add v0 type veth peer name v1\nip addr add 10.1.0.1/24 brd + dev v0\nip -4 addr show v0',
      ).stdout,
    ).toBe(
      '3: v0@v1: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN group default qlen 1000\n' +
        '    inet 10.1.0.1/24 brd 10.1.0.255 scope global v0\n' +
        '       valid_lft forever preferred_lft forever\n',
    );
  });

  it('moves a veth end into a namespace and runs commands there', () => {
    const sh = createHostShell();
    sh.run(`${BRIDGE_SETUP}\nip netns add c1\nip link set veth1 netns c1`);
    sh.run(
      'ip netns exec c1 ip addr add 10.0.0.2/24 dev veth1\nip -n c1 link set veth1 up\nip -n c1 route add default via 10.0.0.1',
    );
    expect(sh.run('ip netns list').stdout).toBe('c1 (id: 0)\n');
    expect(sh.run('ip -n c1 route').stdout).toBe(
      'default via 10.0.0.1 dev veth1 \n10.0.0.0/24 dev veth1 proto kernel scope link src 10.0.0.2 \n',
    );
    expect(sh.run('ip -n c1 link show veth1').stdout).toMatch(
      /^3: veth1@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> .* state UP mode DEFAULT .*\n {4}link\/ether \S+ brd ff:ff:ff:ff:ff:ff link-netnsid 0\n$/,
    );
    expect(sh.run('ip link show veth0').stdout).toMatch(/link-netns c1\n$/);
    expect(sh.run('ip netns exec c1 sysctl net.ipv4.ip_forward').stdout).toBe(
      'net.ipv4.ip_forward = 0\n',
    );
    expect(sh.run('ip netns add c1')).toMatchObject({
      exit: 1,
      stderr: 'Cannot create namespace file "/run/netns/c1": File exists\n',
    });
    expect(sh.run('ip netns exec nope true')).toMatchObject({
      exit: 255,
      stderr: 'Cannot open network namespace "nope": No such file or directory\n',
    });
    sh.run('ip netns del c1');
    expect(sh.run('ip link show veth0')).toMatchObject({
      exit: 1,
      stderr: 'Device "veth0" does not exist.\n',
    });
  });

  it('creates a veth end in `netns NS` given before `type`, the peer in its own or here', () => {
    // Measured with iproute2 6.1 in namespaces pp-h5-a/b/c (MAC addresses differ):
    //   ip netns exec c ip link add va netns a type veth peer name vb netns b
    //   ip netns exec c ip link; ip -n a link; ip -n b link
    //   ip netns exec c ip link add vx netns a type veth peer name vy
    //   ip netns exec c ip link; ip -n a link show vx
    //   ip netns exec c ip link add vz netns nosuch type veth peer name vw   (exit 255)
    //   ip netns exec c ip link add va netns a type veth peer name vq       (exit 2)
    const sh = createHostShell();
    sh.run('ip netns add a\nip netns add b\nip netns add c');
    const run = (line: string) => {
      const r = sh.run(line);
      return { ...r, stdout: r.stdout.replace(/link\/ether \S+/g, 'link/ether MAC') };
    };
    const lo =
      '1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n' +
      '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
    const veth = (n: number, name: string, peerIndex: number, peerNs: string) =>
      `${n}: ${name}@if${peerIndex}: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default qlen 1000\n` +
      `    link/ether MAC brd ff:ff:ff:ff:ff:ff link-netns ${peerNs}\n`;
    expect(run('ip netns exec c ip link add va netns a type veth peer name vb netns b')).toEqual(
      expect.objectContaining({ exit: 0, stdout: '', stderr: '' }),
    );
    expect(run('ip netns exec c ip link').stdout).toBe(lo);
    expect(run('ip -n a link').stdout).toBe(lo + veth(2, 'va', 2, 'b'));
    expect(run('ip -n b link').stdout).toBe(lo + veth(2, 'vb', 2, 'a'));
    expect(run('ip netns exec c ip link add vx netns a type veth peer name vy').exit).toBe(0);
    expect(run('ip netns exec c ip link').stdout).toBe(lo + veth(2, 'vy', 3, 'a'));
    expect(run('ip -n a link show vx').stdout).toBe(veth(3, 'vx', 2, 'c'));
    expect(run('ip netns exec c ip link add vz netns nosuch type veth peer name vw')).toEqual(
      expect.objectContaining({
        exit: 255,
        stderr: 'Error: argument "nosuch" is wrong: Invalid "netns" value\n\n',
      }),
    );
    expect(run('ip netns exec c ip link add va netns a type veth peer name vq')).toEqual(
      expect.objectContaining({ exit: 2, stderr: 'RTNETLINK answers: File exists\n' }),
    );
  });

  it('a name, netns or type keyword last on the line is incomplete and creates nothing', () => {
    // iproute2 NEXT_ARG() -> incomplete_command(): the message on stderr, exit(-1).
    for (const line of [
      'ip link add veth0 type veth peer name veth1 netns',
      'ip link add veth0 type veth peer name',
      'ip link add vx netns',
      'ip link add vx type',
      'ip link add name',
    ]) {
      const sh = createHostShell();
      expect(sh.run(line), line).toMatchObject({
        exit: 255,
        stdout: '',
        stderr: 'Command line is not complete. Try option "help"\n',
      });
      expect(sh.run('ip link').stdout, line).toMatch(/^1: lo: [^\n]*\n[^\n]*\n$/);
    }
  });
});
