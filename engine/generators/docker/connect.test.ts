import { describe, expect, it } from 'vitest';
import { session } from './testing/session.ts';

const dnat = (save: string): string[] => save.split('\n').filter((l) => l.includes('-j DNAT'));

describe('docker network connect / disconnect', () => {
  it('ports follow the gateway endpoint (non-internal networks by name) and come back on disconnect', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker network create --subnet 10.10.0.0/24 zeta');
    s.sh('docker network create --subnet 10.20.0.0/24 alpha');
    s.sh('docker run -d --name web --network zeta -p 8080:80 nginx');
    const zetaBr = s.state.networks.find((n) => n.name === 'zeta')?.bridge?.config.bridgeName;
    const alphaBr = s.state.networks.find((n) => n.name === 'alpha')?.bridge?.config.bridgeName;
    expect(dnat(s.host.iptablesOf().save())).toEqual([
      `-A DOCKER ! -i ${zetaBr} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.10.0.2:80`,
    ]);
    expect(s.sh('docker network connect alpha web')).toEqual({ exit: 0, stdout: '', stderr: '' });
    expect(dnat(s.host.iptablesOf().save())).toEqual([
      `-A DOCKER ! -i ${alphaBr} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.20.0.2:80`,
    ]);
    const sandbox = s.state.containers[0]?.sandbox ?? '';
    expect(s.host.routes.get(sandbox)).toEqual([{ dst: 'default', via: '10.20.0.1', dev: 'eth1' }]);
    expect(s.sh('docker network disconnect alpha web').exit).toBe(0);
    expect(dnat(s.host.iptablesOf().save())).toEqual([
      `-A DOCKER ! -i ${zetaBr} -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.10.0.2:80`,
    ]);
    expect(s.host.routes.get(sandbox)).toEqual([{ dst: 'default', via: '10.10.0.1', dev: 'eth0' }]);
  });

  it('the embedded DNS rules are written once into sandboxes on user-defined networks only', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker run -d --name web nginx');
    const web = s.state.containers[0];
    expect(s.host.iptablesOf({ kind: 'container', name: web?.sandbox ?? '' }).save()).toBe('');
    s.sh('docker network create net1');
    s.sh('docker run -d --name fe --network net1 nginx');
    const fe = s.state.containers[1];
    const save = s.host.iptablesOf({ kind: 'container', name: fe?.sandbox ?? '' }).save();
    expect(save).toMatch(
      /-A DOCKER_OUTPUT -d 127\.0\.0\.11\/32 -p tcp -m tcp --dport 53 -j DNAT --to-destination 127\.0\.0\.11:\d+\n-A DOCKER_OUTPUT -d 127\.0\.0\.11\/32 -p udp -m udp --dport 53 -j DNAT/,
    );
    expect(save).toContain('-A OUTPUT -d 127.0.0.11/32 -j DOCKER_OUTPUT');
    expect(save).toContain('-A POSTROUTING -d 127.0.0.11/32 -j DOCKER_POSTROUTING');
  });

  it('errors', () => {
    const s = session();
    s.sh('dockerd');
    s.sh('docker network create net1');
    s.sh('docker run -d --name web --network net1 nginx');
    expect(s.sh('docker network connect net1 web').stderr).toBe(
      'Error response from daemon: endpoint with name web already exists in network net1\n',
    );
    expect(s.sh('docker network connect nosuch web').stderr).toBe(
      'Error response from daemon: network nosuch not found\n',
    );
    const id = s.state.containers[0]?.id;
    expect(s.sh('docker network disconnect bridge web').stderr).toBe(
      `Error response from daemon: container ${id} is not connected to network bridge\n`,
    );
  });
});
