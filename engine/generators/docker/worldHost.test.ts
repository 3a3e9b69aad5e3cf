/**
 * The DockerHost adapter over the shell's SimulatedWorld: bridges, veths, sandboxes, addresses,
 * routes and sysctls land in the world's namespaces. iptables here is the FakeIptables double
 * wired as each namespace's `iptables` program (the engine's own command replaces it when wired).
 */
import { describe, expect, it } from 'vitest';
import { SimulatedWorld } from '../../shell/world/simulatedWorld.ts';
import { createDockerState, runDocker, runDockerd } from './index.ts';
import { FakeIptables } from './testing/fakeIptables.ts';
import { worldDockerHost } from './worldHost.ts';

const fakes = new Map<string, FakeIptables>();

function world(): SimulatedWorld {
  fakes.clear();
  return new SimulatedWorld({ now: () => new Date(0), random: () => 0.5 }, (ns) => {
    const ipt = new FakeIptables();
    fakes.set(ns.key, ipt);
    return new Map([['iptables', (argv: readonly string[]) => ipt.run(argv)]]);
  });
}

describe('worldDockerHost', () => {
  it('dockerd and a published container change the world as the recordings show', () => {
    const w = world();
    const docker = createDockerState({ host: worldDockerHost(w), seed: 5 });
    expect(runDockerd(docker, []).exit).toBe(0);
    expect(w.host.sysctl.get('net.ipv4.ip_forward')).toBe('1');
    const br = w.host.net.devices.get('docker0');
    expect(br).toMatchObject({ kind: 'bridge', up: true, addrs: [{ len: 16 }] });
    expect(br?.mac).toMatch(/^02:42(:[0-9a-f]{2}){4}$/);
    expect(runDocker(docker, ['run', '-d', '--name', 'web', '-p', '8080:80', 'nginx']).exit).toBe(
      0,
    );
    const veth = [...w.host.net.devices.values()].find((d) => d.kind === 'veth');
    expect(veth).toMatchObject({ master: 'docker0', up: true });
    const sandbox = w.namespaceByKey(veth?.kind === 'veth' ? veth.peer.ns : '');
    expect(sandbox?.net.devices.get('eth0')).toMatchObject({
      mac: '02:42:ac:11:00:02',
      up: true,
      addrs: [{ len: 16 }],
    });
    expect(sandbox?.net.userRoutes).toMatchObject([{ dst: 0, len: 0, dev: 'eth0' }]);
    const ipt = fakes.get(w.host.key) as FakeIptables;
    expect(ipt.save()).toContain(
      '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
    );
    expect(runDocker(docker, ['rm', '-f', 'web']).exit).toBe(0);
    expect([...w.host.net.devices.keys()]).toEqual(['lo', 'docker0']);
    expect(w.netnsNames()).toEqual([]);
  });

  it('user networks: br-<id> bridges, removed with the network; docker0 stays', () => {
    const w = world();
    const docker = createDockerState({ host: worldDockerHost(w), seed: 5 });
    runDockerd(docker, []);
    const id = runDocker(docker, ['network', 'create', 'net1']).stdout.trim();
    expect(w.host.net.devices.get(`br-${id.slice(0, 12)}`)?.addrs).toHaveLength(1);
    expect(w.host.sysctl.get(`net.ipv4.conf.br-${id.slice(0, 12)}.forwarding`)).toBe('1');
    runDocker(docker, ['network', 'rm', 'net1']);
    expect([...w.host.net.devices.keys()]).toEqual(['lo', 'docker0']);
  });
});
