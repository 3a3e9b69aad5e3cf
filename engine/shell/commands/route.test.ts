// route (net-tools 2.10) against the real tool: the expected texts below are what
// `ip netns exec pp-h3-a route …` printed on Linux 6.x (Debian 12) in a throwaway namespace
// holding the same routes (ip route add …, as SETUP runs them).
import { describe, expect, it } from 'vitest';
import { createHostShell } from '../index.ts';

const SETUP = [
  'ip netns add a',
  'ip netns add b',
  'ip link add pa type veth peer name pb',
  'ip link set pa netns a',
  'ip link set pb netns b',
  'ip -n a link set pa name eth0',
  'ip -n b link set pb name eth0',
  'ip -n a addr add 10.0.0.1/24 dev eth0',
  'ip -n a link set lo up',
  'ip -n a link set eth0 up',
  'ip -n b link set eth0 up',
  'ip -n a route add default via 10.0.0.2',
  'ip -n a route add 203.0.113.7 via 10.0.0.2',
  'ip -n a route add 198.51.100.0/24 via 10.0.0.2 metric 50',
  'ip -n a route add blackhole 192.0.2.0/24',
  'ip -n a route add unreachable 192.0.2.128/25',
  'ip -n a route add prohibit 10.9.0.0/16',
  'ip -n a route add 10.8.0.0/16 dev eth0 metric 7',
  'ip -n a route add 10.7.0.0/16 dev lo',
  'ip -n a route add 10.0.0.0/8 via 10.0.0.2',
  'ip -n a route add 10.0.0.0/16 via 10.0.0.2',
  'ip -n a route add 198.51.100.0/24 via 10.0.0.2 metric 10',
  'ip -n a route add 198.51.100.0/24 via 10.0.0.2 metric 5',
  'ip -n a route add 127.0.0.0/8 via 10.0.0.2',
  'ip -n a route add 169.254.0.0/16 dev eth0',
  'ip -n a route add 127.0.0.1 via 10.0.0.2',
  'ip -n a route add 10.0.0.9 dev eth0',
];

function shell() {
  const sh = createHostShell();
  for (const line of SETUP) expect(sh.run(line), line).toMatchObject({ exit: 0 });
  return sh;
}

const REAL: Readonly<Record<string, string>> = {
  '-n': `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
0.0.0.0         10.0.0.2        0.0.0.0         UG    0      0        0 eth0
10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0
10.0.0.0        10.0.0.2        255.255.0.0     UG    0      0        0 eth0
10.0.0.0        10.0.0.2        255.0.0.0       UG    0      0        0 eth0
10.0.0.9        0.0.0.0         255.255.255.255 UH    0      0        0 eth0
10.7.0.0        0.0.0.0         255.255.0.0     U     0      0        0 lo
10.8.0.0        0.0.0.0         255.255.0.0     U     7      0        0 eth0
10.9.0.0        -               255.255.0.0     !     0      -        0 -
127.0.0.0       10.0.0.2        255.0.0.0       UG    0      0        0 eth0
127.0.0.1       10.0.0.2        255.255.255.255 UGH   0      0        0 eth0
169.254.0.0     0.0.0.0         255.255.0.0     U     0      0        0 eth0
192.0.2.0       0.0.0.0         255.255.255.0   U     0      0        0 *
192.0.2.128     -               255.255.255.128 !     0      -        0 -
198.51.100.0    10.0.0.2        255.255.255.0   UG    5      0        0 eth0
198.51.100.0    10.0.0.2        255.255.255.0   UG    10     0        0 eth0
198.51.100.0    10.0.0.2        255.255.255.0   UG    50     0        0 eth0
203.0.113.7     10.0.0.2        255.255.255.255 UGH   0      0        0 eth0
`,
  '': `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
default         10.0.0.2        0.0.0.0         UG    0      0        0 eth0
10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0
10.0.0.0        10.0.0.2        255.255.0.0     UG    0      0        0 eth0
10.0.0.0        10.0.0.2        255.0.0.0       UG    0      0        0 eth0
10.0.0.9        0.0.0.0         255.255.255.255 UH    0      0        0 eth0
10.7.0.0        0.0.0.0         255.255.0.0     U     0      0        0 lo
10.8.0.0        0.0.0.0         255.255.0.0     U     7      0        0 eth0
10.9.0.0        -               255.255.0.0     !     0      -        0 -
loopback        10.0.0.2        255.0.0.0       UG    0      0        0 eth0
localhost       10.0.0.2        255.255.255.255 UGH   0      0        0 eth0
link-local      0.0.0.0         255.255.0.0     U     0      0        0 eth0
192.0.2.0       0.0.0.0         255.255.255.0   U     0      0        0 *
192.0.2.128     -               255.255.255.128 !     0      -        0 -
198.51.100.0    10.0.0.2        255.255.255.0   UG    5      0        0 eth0
198.51.100.0    10.0.0.2        255.255.255.0   UG    10     0        0 eth0
198.51.100.0    10.0.0.2        255.255.255.0   UG    50     0        0 eth0
203.0.113.7     10.0.0.2        255.255.255.255 UGH   0      0        0 eth0
`,
  '-e': `Kernel IP routing table
Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface
default         10.0.0.2        0.0.0.0         UG        0 0          0 eth0
10.0.0.0        0.0.0.0         255.255.255.0   U         0 0          0 eth0
10.0.0.0        10.0.0.2        255.255.0.0     UG        0 0          0 eth0
10.0.0.0        10.0.0.2        255.0.0.0       UG        0 0          0 eth0
10.0.0.9        0.0.0.0         255.255.255.255 UH        0 0          0 eth0
10.7.0.0        0.0.0.0         255.255.0.0     U         0 0          0 lo
10.8.0.0        0.0.0.0         255.255.0.0     U         0 0          0 eth0
10.9.0.0        -               255.255.0.0     !         - -          - -
loopback        10.0.0.2        255.0.0.0       UG        0 0          0 eth0
localhost       10.0.0.2        255.255.255.255 UGH       0 0          0 eth0
link-local      0.0.0.0         255.255.0.0     U         0 0          0 eth0
192.0.2.0       0.0.0.0         255.255.255.0   U         0 0          0 *
192.0.2.128     -               255.255.255.128 !         - -          - -
198.51.100.0    10.0.0.2        255.255.255.0   UG        0 0          0 eth0
198.51.100.0    10.0.0.2        255.255.255.0   UG        0 0          0 eth0
198.51.100.0    10.0.0.2        255.255.255.0   UG        0 0          0 eth0
203.0.113.7     10.0.0.2        255.255.255.255 UGH       0 0          0 eth0
`,
  '-nee': `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt
0.0.0.0         10.0.0.2        0.0.0.0         UG    0      0        0 eth0     0     0      0
10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0     0     0      0
10.0.0.0        10.0.0.2        255.255.0.0     UG    0      0        0 eth0     0     0      0
10.0.0.0        10.0.0.2        255.0.0.0       UG    0      0        0 eth0     0     0      0
10.0.0.9        0.0.0.0         255.255.255.255 UH    0      0        0 eth0     0     0      0
10.7.0.0        0.0.0.0         255.255.0.0     U     0      0        0 lo       0     0      0
10.8.0.0        0.0.0.0         255.255.0.0     U     7      0        0 eth0     0     0      0
10.9.0.0        -               255.255.0.0     !     0      -        0 -        -     -      -
127.0.0.0       10.0.0.2        255.0.0.0       UG    0      0        0 eth0     0     0      0
127.0.0.1       10.0.0.2        255.255.255.255 UGH   0      0        0 eth0     0     0      0
169.254.0.0     0.0.0.0         255.255.0.0     U     0      0        0 eth0     0     0      0
192.0.2.0       0.0.0.0         255.255.255.0   U     0      0        0 *        0     0      0
192.0.2.128     -               255.255.255.128 !     0      -        0 -        -     -      -
198.51.100.0    10.0.0.2        255.255.255.0   UG    5      0        0 eth0     0     0      0
198.51.100.0    10.0.0.2        255.255.255.0   UG    10     0        0 eth0     0     0      0
198.51.100.0    10.0.0.2        255.255.255.0   UG    50     0        0 eth0     0     0      0
203.0.113.7     10.0.0.2        255.255.255.255 UGH   0      0        0 eth0     0     0      0
`,
  '-ee': `Kernel IP routing table
Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt
default         10.0.0.2        0.0.0.0         UG    0      0        0 eth0     0     0      0
10.0.0.0        0.0.0.0         255.255.255.0   U     0      0        0 eth0     0     0      0
10.0.0.0        10.0.0.2        255.255.0.0     UG    0      0        0 eth0     0     0      0
10.0.0.0        10.0.0.2        255.0.0.0       UG    0      0        0 eth0     0     0      0
10.0.0.9        0.0.0.0         255.255.255.255 UH    0      0        0 eth0     0     0      0
10.7.0.0        0.0.0.0         255.255.0.0     U     0      0        0 lo       0     0      0
10.8.0.0        0.0.0.0         255.255.0.0     U     7      0        0 eth0     0     0      0
10.9.0.0        -               255.255.0.0     !     0      -        0 -        -     -      -
loopback        10.0.0.2        255.0.0.0       UG    0      0        0 eth0     0     0      0
localhost       10.0.0.2        255.255.255.255 UGH   0      0        0 eth0     0     0      0
link-local      0.0.0.0         255.255.0.0     U     0      0        0 eth0     0     0      0
192.0.2.0       0.0.0.0         255.255.255.0   U     0      0        0 *        0     0      0
192.0.2.128     -               255.255.255.128 !     0      -        0 -        -     -      -
198.51.100.0    10.0.0.2        255.255.255.0   UG    5      0        0 eth0     0     0      0
198.51.100.0    10.0.0.2        255.255.255.0   UG    10     0        0 eth0     0     0      0
198.51.100.0    10.0.0.2        255.255.255.0   UG    50     0        0 eth0     0     0      0
203.0.113.7     10.0.0.2        255.255.255.255 UGH   0      0        0 eth0     0     0      0
`,
  '-C': `Kernel IP routing cache
Source          Destination     Gateway         Flags Metric Ref    Use Iface
`,
};

describe('route prints the main table as net-tools does', () => {
  for (const [args, expected] of Object.entries(REAL)) {
    it(`route ${args || '(no option)'} matches the real output`, () => {
      const sh = shell();
      expect(sh.run(`ip netns exec a route ${args}`)).toMatchObject({
        exit: 0,
        stdout: expected,
        stderr: '',
      });
    });
  }

  it('reads the namespace it runs in: -n and --numeric, -v and -4 change nothing', () => {
    const sh = shell();
    const b = sh.run('ip netns exec b route -n');
    expect(b.stdout).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n',
    );
    for (const args of [
      '--numeric',
      '-nv',
      '-v -n -4',
      '-A inet -n',
      '-Ainet -n',
      '--inet -n',
      '-N',
    ])
      expect(sh.run(`ip netns exec a route ${args}`).stdout, args).toBe(REAL['-n']);
  });

  it('hides the routes of a device that goes down, as the kernel drops them', () => {
    const sh = shell();
    sh.run('ip -n a link set eth0 down');
    expect(sh.run('ip netns exec a route -n').stdout).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '10.7.0.0        0.0.0.0         255.255.0.0     U     0      0        0 lo\n' +
        '10.9.0.0        -               255.255.0.0     !     0      -        0 -\n' +
        '192.0.2.0       0.0.0.0         255.255.255.0   U     0      0        0 *\n' +
        '192.0.2.128     -               255.255.255.128 !     0      -        0 -\n',
    );
  });

  it('counts -e in two bits: -eee prints the title alone, -eeee the plain layout', () => {
    // Measured (net-tools 2.10): route -neee, route -ne -e -e and route -nCeee print only the
    // title line; -neeee is route -n again, -eeeee route -e.
    const sh = shell();
    const run = (args: string) => sh.run(`ip netns exec a route ${args}`);
    expect(run('-neee')).toMatchObject({ exit: 0, stdout: 'Kernel IP routing table\n' });
    expect(run('-ne -e -e').stdout).toBe('Kernel IP routing table\n');
    expect(run('-nCeee').stdout).toBe('Kernel IP routing cache\n');
    expect(run('-neeee').stdout).toBe(REAL['-n']);
    expect(run('-eeeee').stdout).toBe(REAL['-e']);
  });

  it('flags a /32 reject route !H and a /32 blackhole UH (net-tools appends H after the !)', () => {
    // inet_gr.c rprint_fib: strcpy(flags, "!") for RTF_REJECT, then strcat(flags, "H");
    // fib_flag_trans sets RTF_HOST for every /32, whatever the route type. Measured with
    // net-tools 2.10 in a throwaway namespace holding these two routes: the same text.
    const sh = createHostShell();
    sh.run('ip route add unreachable 192.0.2.9\nip route add blackhole 192.0.2.10');
    expect(sh.run('route -n').stdout).toBe(
      'Kernel IP routing table\n' +
        'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n' +
        '192.0.2.9       -               255.255.255.255 !H    0      -        0 -\n' +
        '192.0.2.10      0.0.0.0         255.255.255.255 UH    0      0        0 *\n',
    );
  });
});

describe('route’s errors and what it does not simulate', () => {
  const sh = createHostShell();

  it('a bad option: getopt’s message, the usage on stdout, the families on stderr, exit 0', () => {
    const r = sh.run('route -x');
    expect(r.exit).toBe(0);
    expect(r.stdout).toMatch(/^Usage: route \[-nNvee\] \[-FC\] \[<AF>\]/);
    expect(r.stdout).toMatch(/List of possible address families \(which support routing\):\n$/);
    expect(r.stderr).toBe(
      "route: invalid option -- 'x'\n" +
        '    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) \n' +
        '    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) \n' +
        '    ddp (Appletalk DDP) x25 (CCITT X.25) \n',
    );
    expect(sh.run('route --foo').stderr).toMatch(/^route: unrecognized option '--foo'\n/);
    expect(sh.run('route -A').stderr).toMatch(/^route: option requires an argument -- 'A'\n/);
  });

  it('a stray operand: the usage on stderr, exit 3', () => {
    const r = sh.run('route -n foo');
    expect(r).toMatchObject({ exit: 3, stdout: '' });
    expect(r.stderr).toMatch(/^Usage: route /);
  });

  it('`--` ends the options: alone it lists the table; an option after it is an operand', () => {
    // Measured (net-tools 2.10): route -- and route -n -- print the table, exit 0 where the
    // main table has routes; route -- -n prints the usage on stderr and exits 3.
    const table = sh.run('route -n').stdout;
    expect(sh.run('route --')).toMatchObject({ exit: 0, stdout: sh.run('route').stdout });
    expect(sh.run('route -n --')).toMatchObject({ exit: 0, stdout: table });
    const r = sh.run('route -- -n');
    expect(r).toMatchObject({ exit: 3, stdout: '' });
    expect(r.stderr).toMatch(/^Usage: route /);
  });

  it('an unknown family is refused as net-tools does; IPv6 and changes are not simulated', () => {
    expect(sh.run('route -A foo')).toMatchObject({
      exit: 1,
      stdout: '',
      stderr: "Unknown address family `foo'.\n",
    });
    expect(sh.run('route -6').stderr).toBe("packetpath: 'route -6 (IPv6)' is not simulated\n");
    expect(sh.run('route add default gw 10.0.0.2')).toMatchObject({
      exit: 1,
      stderr: "packetpath: 'route add (change routes with ip route add)' is not simulated\n",
    });
  });

  it('lives in /usr/sbin, as on Debian 12 (which route tcpdump ss, measured)', () => {
    expect(sh.run('which route tcpdump ss').stdout).toBe(
      '/usr/sbin/route\n/usr/bin/tcpdump\n/usr/bin/ss\n',
    );
  });

  it('-V prints net-tools’ version', () => {
    expect(sh.run('route -V')).toMatchObject({
      exit: 0,
      stdout: expect.stringMatching(/^net-tools 2.10\n/),
    });
  });
});
