import { describe, expect, it } from 'vitest';
import { dockerProxyListener, stopDockerd } from './index.ts';
import { sortPortRequests, parsePortSpec, type PortRequest } from './portSpec.ts';
import { session } from './testing/session.ts';

const rules = (save: string): string[] => save.split('\n').filter((l) => l.startsWith('-A '));

describe('daemon settings', () => {
  it('--userland-proxy=false: hairpin NAT instead of the skip-DNAT RETURN, no loopback exclusion, route_localnet', () => {
    const s = session();
    s.sh('dockerd --userland-proxy=false');
    s.sh('docker run -d --name web -p 8080:80 nginx');
    const r = rules(s.host.iptablesOf().save());
    expect(r).toContain('-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER');
    expect(r).toContain('-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE');
    expect(r).not.toContain('-A DOCKER -i docker0 -j RETURN');
    expect(r).toContain(
      '-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    );
    expect(s.host.sysctls.get('net.ipv4.conf.docker0.route_localnet')).toBe('1');
    expect(s.host.calls.some((c) => /^hairpin veth[0-9a-f]{7} on$/.test(c))).toBe(true);
    // Only the IPv4 port is held (dummy proxy); no IPv6 binding without the userland proxy.
    expect(s.state.proxies.map((p) => [p.hostIp, p.hostPort, p.forwards])).toEqual([
      ['0.0.0.0', 8080, false],
    ]);
    expect(s.sh('docker port web').stdout).toBe('80/tcp -> 0.0.0.0:8080\n');
  });

  it('ip_forward already 1: FORWARD keeps ACCEPT; bridge-nf-call-iptables=0 is raised only by an icc=false network', () => {
    const s = session({ 'net.ipv4.ip_forward': '1', 'net.bridge.bridge-nf-call-iptables': '0' });
    s.sh('dockerd');
    expect(s.host.iptablesOf().save()).toContain(':FORWARD ACCEPT [0:0]');
    expect(s.host.sysctls.get('net.bridge.bridge-nf-call-iptables')).toBe('0');
    s.sh('docker network create -o com.docker.network.bridge.enable_icc=false iso');
    expect(s.host.sysctls.get('net.bridge.bridge-nf-call-iptables')).toBe('1');
  });

  it('ip_forward 0: dockerd turns it on and sets FORWARD DROP', () => {
    const s = session();
    s.sh('dockerd');
    expect(s.host.sysctls.get('net.ipv4.ip_forward')).toBe('1');
    expect(s.host.iptablesOf().save()).toContain(':FORWARD DROP [0:0]');
  });

  it('--iptables=false: no iptables call at all, ip_forward still on, FORWARD untouched, proxies still listen', () => {
    const s = session();
    s.sh('dockerd --iptables=false');
    s.sh('docker run -d --name web -p 8080:80 nginx');
    expect(s.host.calls.filter((c) => c.startsWith('iptables'))).toEqual([]);
    expect(s.host.sysctls.get('net.ipv4.ip_forward')).toBe('1');
    expect(s.state.proxies).toHaveLength(2);
  });

  it('--ip-masq=false and --icc=false apply to the default bridge', () => {
    const s = session();
    s.sh('dockerd --ip-masq=false --icc=false');
    const r = rules(s.host.iptablesOf().save());
    expect(r).not.toContain('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    expect(r).not.toContain('-A DOCKER -i docker0 -j RETURN');
    expect(r).not.toContain('-A FORWARD -i docker0 -o docker0 -j ACCEPT');
    expect(r.filter((l) => l.startsWith('-A FORWARD ')).at(-1)).toBe(
      '-A FORWARD -i docker0 -o docker0 -j DROP',
    );
  });

  it('stopping dockerd removes nothing it wrote; its running containers are stopped', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker network create net1');
    const withNet = s.host.iptablesOf().save();
    const bridges = [...s.host.links.keys()];
    s.sh('docker run -d --name web -p 8080:80 nginx');
    stopDockerd(s.state);
    expect(s.host.iptablesOf().save()).toBe(withNet);
    expect([...s.host.links.keys()]).toEqual(bridges);
    expect(s.state.containers.map((c) => c.status)).toEqual(['exited']);
    expect(s.sh('docker ps').exit).toBe(1);
  });
});

describe('networks and addresses', () => {
  it('default subnets in Docker’s order, skipping pools the host routes overlap', () => {
    const s = session();
    s.sh('dockerd');
    s.host.routes.get('')?.push({ dst: '172.19.0.0/16', dev: 'eth9' });
    s.sh('docker network create one');
    s.sh('docker network create two');
    const subnets = s.state.networks.map(
      (n) => n.bridge && `${n.name} ${(n.bridge.subnet.addr >>> 16) & 255}`,
    );
    expect(subnets.filter(Boolean)).toEqual(['bridge 17', 'one 18', 'two 20']);
  });

  it('bridge names are br- and 12 hex digits of the network id; containers get the lowest free address', () => {
    const s = session();
    s.sh('dockerd');
    const id = s.sh('docker network create --subnet 10.10.0.0/24 frontend').stdout.trim();
    expect(s.host.links.has(`br-${id.slice(0, 12)}`)).toBe(true);
    s.sh('docker run -d --name one --network frontend nginx');
    s.sh('docker run -d --name two --network frontend nginx');
    s.sh('docker rm -f one');
    s.sh('docker run -d --name three --network frontend nginx');
    const ips = s.state.containers.map((c) => [
      c.name,
      [...c.endpoints.values()].map((e) => e.ip & 255)[0],
    ]);
    expect(ips).toEqual([
      ['two', 3],
      ['three', 2],
    ]);
  });

  it('network ls and inspect', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker network create --subnet 10.10.0.0/24 frontend');
    const ls = s.sh('docker network ls').stdout.split('\n');
    expect(ls[0]).toBe('NETWORK ID     NAME       DRIVER    SCOPE');
    expect(ls.slice(1, 5).map((l) => l.slice(15).trimEnd())).toEqual([
      'bridge     bridge    local',
      'frontend   bridge    local',
      'host       host      local',
      'none       null      local',
    ]);
    const [net] = JSON.parse(s.sh('docker network inspect frontend').stdout) as [
      { IPAM: { Config: unknown[] }; Options: unknown },
    ];
    expect(net.IPAM.Config).toEqual([{ Subnet: '10.10.0.0/24' }]);
    const [bridge] = JSON.parse(s.sh('docker network inspect bridge').stdout) as [
      { IPAM: { Config: unknown[] } },
    ];
    expect(bridge.IPAM.Config).toEqual([{ Subnet: '172.17.0.0/16' }]);
    s.sh('docker network create auto');
    const [auto] = JSON.parse(s.sh('docker network inspect auto').stdout) as [
      { IPAM: { Config: unknown[] } },
    ];
    expect(auto.IPAM.Config).toEqual([{ Subnet: '172.18.0.0/16', Gateway: '172.18.0.1' }]);
  });
});

describe('published ports', () => {
  it('a range is programmed high port first (nat.SortPortMap)', () => {
    const reqs = parsePortSpec('7000-7001:7000-7001') as PortRequest[];
    expect(sortPortRequests(reqs).map((r) => r.port)).toEqual([7001, 7000]);
  });

  it('docker ps and docker port as the 20.10 client prints them', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker run -d --name range -p 7000-7001:7000-7001 busybox sleep 100000');
    s.sh('docker run -d --name weblocal -p 127.0.0.1:9090:90 busybox httpd -f -p 90 -h /www');
    const ps = s.sh('docker ps').stdout.split('\n');
    expect(ps[1]).toContain('"httpd -f -p 90 -h /…"');
    expect(ps[1]).toContain('127.0.0.1:9090->90/tcp');
    expect(ps[2]).toContain('0.0.0.0:7000-7001->7000-7001/tcp, :::7000-7001->7000-7001/tcp');
    expect(s.sh('docker port weblocal').stdout).toBe('90/tcp -> 127.0.0.1:9090\n');
    expect(s.sh('docker port range 7000').stdout).toBe('0.0.0.0:7000\n:::7000\n');
    expect(s.sh('docker port range 81')).toEqual({
      exit: 1,
      stdout: '',
      stderr: "Error: No public port '81/tcp' published for range\n",
    });
  });

  it('docker-proxy listeners answer what the probe measured', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker run -d --name web -p 8080:80 busybox');
    s.sh('docker run -d --name weblocal -p 127.0.0.1:9090:90 busybox');
    // host → 127.0.0.1:8080: the nat OUTPUT rule skips 127/8, the 0.0.0.0:8080 proxy answers.
    expect(dockerProxyListener(s.state, 'tcp', '127.0.0.1', 8080)).toMatchObject({
      containerIp: '172.17.0.2',
      containerPort: 80,
      forwards: true,
    });
    // host → 127.0.0.1:9090 reaches the proxy bound to 127.0.0.1 only …
    expect(dockerProxyListener(s.state, 'tcp', '127.0.0.1', 9090)).toMatchObject({
      containerIp: '172.17.0.3',
      containerPort: 90,
    });
    // … so 172.17.0.1:9090 (DNAT needs -d 127.0.0.1) finds no listener: connection refused.
    expect(dockerProxyListener(s.state, 'tcp', '172.17.0.1', 9090)).toBeUndefined();
    expect(dockerProxyListener(s.state, 'tcp', '::1', 8080)).toMatchObject({
      family: 6,
      containerIp: '172.17.0.2',
    });
  });

  it('ephemeral host ports come from ip_local_port_range, in turn', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker run -d --name one -p 80 busybox');
    s.sh('docker run -d --name two -p 80 busybox');
    expect(s.sh('docker port one').stdout).toBe('80/tcp -> 0.0.0.0:32768\n80/tcp -> :::32768\n');
    expect(s.sh('docker port two').stdout).toBe('80/tcp -> 0.0.0.0:32769\n80/tcp -> :::32769\n');
  });
});

describe('a restarted daemon', () => {
  it('re-creates its chains and networks without duplicating a rule, docker0 first', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker network create --subnet 10.10.0.0/24 frontend');
    const once = s.host.iptablesOf().save();
    s.sh('docker run -d --name web --network frontend -p 8080:80 nginx');
    stopDockerd(s.state);
    expect(s.sh('dockerd').exit).toBe(0);
    // Same rules, none twice; docker0's come back on top (measured, fixtures/nft-cli-steps-restart).
    const again = s.host.iptablesOf().save();
    expect(again.split('\n').sort()).toEqual(once.split('\n').sort());
    expect(again.split('\n').find((l) => l.startsWith('-A FORWARD -o '))).toContain('docker0');
    expect(s.host.links.get('docker0')?.addrs).toEqual(['172.17.0.1/16']);
    expect(s.sh('docker start web').exit).toBe(0);
    expect(s.sh('docker port web').stdout).toBe('80/tcp -> 0.0.0.0:8080\n80/tcp -> :::8080\n');
  });
});
