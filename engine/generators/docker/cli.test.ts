import { describe, expect, it } from 'vitest';
import { session } from './testing/session.ts';

describe('bad input gets Docker’s own error and changes nothing', () => {
  const started = (): ReturnType<typeof session> => {
    const s = session();
    expect(s.sh('dockerd').exit).toBe(0);
    expect(s.sh('docker network create --subnet 10.10.0.0/24 frontend').exit).toBe(0);
    expect(s.sh('docker run -d --name web --network frontend -p 8080:80 nginx').exit).toBe(0);
    return s;
  };

  it.each([
    [
      'docker run -d -p 99999:80 nginx',
      125,
      "docker: Invalid hostPort: 99999.\nSee 'docker run --help'.\n",
    ],
    [
      'docker run -d -p 80/xyz nginx',
      125,
      "docker: Invalid proto: xyz.\nSee 'docker run --help'.\n",
    ],
    [
      'docker run -d -p 1.2.3:80:80 nginx',
      125,
      "docker: Invalid ip address: 1.2.3.\nSee 'docker run --help'.\n",
    ],
    [
      'docker run -d -p 8000-8001:80-82 nginx',
      125,
      "docker: Invalid ranges specified for container and host Ports: 80-82 and 8000-8001.\nSee 'docker run --help'.\n",
    ],
    [
      'docker network create --subnet 10.10.0.128/25 other',
      1,
      'Error response from daemon: Pool overlaps with other one on this address space\n',
    ],
    [
      'docker network create frontend',
      1,
      'Error response from daemon: network with name frontend already exists\n',
    ],
    [
      'docker network create bridge',
      1,
      'Error response from daemon: operation is not permitted on predefined bridge network\n',
    ],
    ['docker run -d --foo nginx', 125, "unknown flag: --foo\nSee 'docker run --help'.\n"],
    [
      'docker run -d -z nginx',
      125,
      "unknown shorthand flag: 'z' in -z\nSee 'docker run --help'.\n",
    ],
    [
      'docker network create --bogus x',
      125,
      "unknown flag: --bogus\nSee 'docker network create --help'.\n",
    ],
    [
      'docker network create -o com.docker.network.bridge.enable_icc=maybe x',
      1,
      'Error response from daemon: failed to parse com.docker.network.bridge.enable_icc value: maybe (strconv.ParseBool: parsing "maybe": invalid syntax)\n',
    ],
    [
      'docker network create --subnet 10.30.0.0/24 --gateway 10.31.0.1 x',
      1,
      'no matching subnet for gateway 10.31.0.1\n',
    ],
    ['docker network rm nosuch', 1, 'Error: No such network: nosuch\n'],
    [
      'docker network rm bridge',
      1,
      'Error response from daemon: bridge is a pre-defined network and cannot be removed\n',
    ],
    ['docker rm nosuch', 1, 'Error: No such container: nosuch\n'],
    // Measured: `rm -f` reports the missing container but exits 0.
    ['docker rm -f nosuch', 0, 'Error: No such container: nosuch\n'],
    ['docker frob', 1, "docker: 'frob' is not a docker command.\nSee 'docker --help'\n"],
  ])('%s', (line, exit, stderr) => {
    const s = started();
    const before = s.snapshot();
    const r = s.sh(line);
    expect(r.stderr).toBe(stderr);
    expect(r.exit).toBe(exit);
    expect(r.stdout).toBe('');
    expect(s.snapshot()).toBe(before);
  });

  it('a container name in use', () => {
    const s = started();
    const id = s.state.containers[0]?.id ?? '';
    const before = s.snapshot();
    const r = s.sh('docker run -d --name web nginx');
    expect(r.stderr).toBe(
      `docker: Error response from daemon: Conflict. The container name "/web" is already in use by container "${id}". You have to remove (or rename) that container to be able to reuse that name.\nSee 'docker run --help'.\n`,
    );
    expect(r.exit).toBe(125);
    expect(s.snapshot()).toBe(before);
  });

  it('removing a network that has running containers', () => {
    const s = started();
    const net = s.state.networks.find((n) => n.name === 'frontend');
    const before = s.snapshot();
    const r = s.sh('docker network rm frontend');
    expect(r.stderr).toBe(
      `Error response from daemon: error while removing network: network frontend id ${net?.id} has active endpoints\n`,
    );
    expect(r.exit).toBe(1);
    expect(s.snapshot()).toBe(before);
  });

  it('a host port already allocated: rules untouched, the container stays Created as Docker leaves it', () => {
    const s = started();
    const save = s.host.iptablesOf().save();
    const r = s.sh('docker run -d --name web2 -p 8080:80 nginx');
    const c = s.state.containers.find((x) => x.name === 'web2');
    expect(r.stderr).toMatch(
      /^docker: Error response from daemon: driver failed programming external connectivity on endpoint web2 \([0-9a-f]{64}\): Bind for 0\.0\.0\.0:8080 failed: port is already allocated\.\n$/,
    );
    expect(r.exit).toBe(125);
    expect(c?.status).toBe('created');
    expect(s.host.iptablesOf().save()).toBe(save);
    expect(s.host.netns.size).toBe(1);
  });

  it('a listener already on the same port on another address fails in docker-proxy and rolls back', () => {
    const s = started();
    const save = s.host.iptablesOf().save();
    const r = s.sh('docker run -d --name local -p 127.0.0.1:8080:80 nginx');
    expect(r.stderr).toMatch(
      /Error starting userland proxy: listen tcp4 127\.0\.0\.1:8080: bind: address already in use\.\n$/,
    );
    expect(s.host.iptablesOf().save()).toBe(save);
  });

  it('without a daemon', () => {
    const s = session();
    expect(s.sh('docker ps')).toEqual({
      exit: 1,
      stdout: '',
      stderr:
        'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    });
    expect(s.sh('docker run -d nginx').exit).toBe(125);
  });

  it('dockerd twice, and an unknown dockerd flag', () => {
    const s = session();
    expect(s.sh('dockerd --frob').stderr).toBe("unknown flag: --frob\nSee 'dockerd --help'.\n");
    expect(s.sh('dockerd').exit).toBe(0);
    expect(s.sh('dockerd')).toEqual({
      exit: 1,
      stdout: '',
      stderr:
        'failed to start daemon: pid file found, ensure docker is not running or delete /var/run/docker.pid\n',
    });
  });
});

describe('removal restores the previous ruleset exactly', () => {
  it('run then rm -f, create then rm', () => {
    const s = session();
    s.sh('dockerd');
    const start = s.host.iptablesOf().save();
    s.sh('docker network create -o com.docker.network.bridge.enable_icc=false iso');
    const withNet = s.host.iptablesOf().save();
    s.sh('docker run -d --name app --network iso -p 8000-8002:80-82/udp -p 127.0.0.1::443 nginx');
    expect(s.host.iptablesOf().save()).not.toBe(withNet);
    expect(s.sh('docker rm -f app').stdout).toBe('app\n');
    expect(s.host.iptablesOf().save()).toBe(withNet);
    expect(s.sh('docker network rm iso').exit).toBe(0);
    expect(s.host.iptablesOf().save()).toBe(start);
  });

  it('stop keeps the container but releases its rules; start brings them back', () => {
    const s = session();
    s.sh('dockerd');
    const start = s.host.iptablesOf().save();
    s.sh('docker run -d --name app -p 8080:80 nginx');
    const running = s.host.iptablesOf().save();
    expect(s.sh('docker stop app').stdout).toBe('app\n');
    expect(s.host.iptablesOf().save()).toBe(start);
    expect(s.sh('docker start app').exit).toBe(0);
    expect(s.host.iptablesOf().save()).toBe(running);
  });
});

describe('real docker spellings outside the simulated set say so', () => {
  it.each([
    [
      'docker network create --ip-range 10.0.0.0/25 x',
      "packetpath: 'docker network create --ip-range' is not simulated\n",
    ],
    ['docker network prune', "packetpath: 'docker network prune' is not simulated\n"],
    ['docker run -d -v /x:/y nginx', "packetpath: 'docker run --volume' is not simulated\n"],
    ['docker exec web ls', "packetpath: 'docker exec' is not simulated\n"],
  ])('%s', (line, stderr) => {
    const s = session();
    s.sh('dockerd');
    expect(s.sh(line)).toEqual({ exit: 1, stdout: '', stderr });
  });

  it('docker container ls / run / rm are the same commands', () => {
    const s = session();
    s.sh('dockerd');
    expect(s.sh('docker container run -d --name web nginx').exit).toBe(0);
    expect(s.sh('docker container ls -q').stdout).toBe(s.sh('docker ps -q').stdout);
    expect(s.sh('docker container rm -f web').stdout).toBe('web\n');
  });
});
