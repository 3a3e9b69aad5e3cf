// The lesson terminal's machine: the engine's shell with the lesson scenario built by
// commands. The machine it builds answers every probe as the engine's own scenario builder
// does; commands act on the World that probes walk; reset and replay restore state.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceScenario } from '../../../engine/scenario/index.ts';
import { LessonShell } from './lessonShell.ts';
import type { ScenarioJson } from './lessonWorld.ts';
import { setupCommands } from './scenarioSetup.ts';
import { buildSteps, verdictLine } from './traceSteps.ts';

const dir = resolve(import.meta.dirname, '../../../content/scenarios');
const scenario = (name: string) =>
  JSON.parse(readFileSync(resolve(dir, `${name}.json`), 'utf8')) as ScenarioJson;

describe('the scenario built by shell commands', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    it(`${file}: every probe gives what the engine's scenario builder gives`, () => {
      const sc = scenario(file.replace(/\.json$/, ''));
      const reference = traceScenario(sc).result.probes;
      const sh = new LessonShell(sc);
      (sc.probes ?? []).forEach((p, i) => {
        const got = sh.probe({ ...p }, i + 1).result;
        const want = reference[i];
        expect(got.client.result, p.name).toBe(want?.client.result);
        expect(got.delivered, p.name).toEqual(want?.delivered);
        expect(Object.values(got.server), p.name).toEqual(Object.values(want?.server ?? {}));
      });
    });
  }

  it('starts the servers the probes expect, outside the learner’s job table', async () => {
    const lines = setupCommands(scenario('lesson-two-bridges'));
    expect(lines.slice(-4)).toEqual([
      'ip netns exec b1 nc -lk 5432 &',
      'ip netns exec a2 python3 -m http.server 80 &',
      'nc -lk 22 &',
      'disown -a',
    ]);
    const sh = new LessonShell(scenario('lesson-two-bridges'));
    expect(await sh.ensureProgramsFor('ss -ltn')).toBeUndefined();
    expect(sh.run('jobs').stdout).toBe('');
    expect(sh.run('ss -ltn').stdout).toBe(
      'State  Recv-Q Send-Q Local Address:Port Peer Address:PortProcess\n' +
        'LISTEN 0      1            0.0.0.0:22        0.0.0.0:*          \n',
    );
    // The lesson text's commands: the host's address answers, B1 is behind FORWARD's DROP.
    expect(sh.run('ip netns exec a1 nc -zv 10.20.0.1 22').stderr).toBe(
      'Connection to 10.20.0.1 22 port [tcp/ssh] succeeded!\n',
    );
    expect(sh.run('ip netns exec a1 nc -zv -w 1 10.20.0.2 5432').stderr).toBe(
      'nc: connect to 10.20.0.2 port 5432 (tcp) timed out: Operation now in progress\n',
    );
    expect(sh.run('ip netns exec a1 nc -zv 10.20.0.1 23').stderr).toBe(
      'nc: connect to 10.20.0.1 port 23 (tcp) failed: Connection refused\n',
    );
    expect(sh.run('ip netns exec a1 curl 10.10.0.3').exit).toBe(0);
  });

  it('creates veth pairs from the host side and loads rules with iptables-restore', () => {
    const lines = setupCommands(scenario('lesson-docker0'));
    expect(lines).toContain('ip link add veth-c1 type veth peer name eth0 netns c1');
    expect(lines).toContain('ip netns exec c1 ip addr add 172.17.0.2/16 dev eth0');
    expect(lines.filter((l) => /^iptables-restore <<'SCENARIO'\n\*nat\n/.test(l))).toHaveLength(1);
  });
});

describe('LessonShell', () => {
  it('starts with the scenario rules and an empty history', () => {
    const sh = new LessonShell(scenario('lesson-docker0'));
    const r = sh.run('iptables -S FORWARD');
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('-P FORWARD DROP\n');
    expect(r.stdout).toContain('-A FORWARD -i docker0 -o docker0 -j DROP\n');
    expect(sh.run('history').stdout).toBe('    1  iptables -S FORWARD\n    2  history\n');
  });

  it('rules typed in the terminal are the rules probes traverse', () => {
    const sh = new LessonShell(scenario('lesson-docker0'));
    expect(sh.run('ip netns exec c1 nc -z -w 1 172.17.0.3 80').exit).not.toBe(0);
    expect(
      sh.probe({ from: 'c1', proto: 'tcp', dst: '172.17.0.3', dport: 80 }).result.client.result,
    ).toBe('timeout');
    sh.run('iptables -I FORWARD -i docker0 -o docker0 -p tcp --dport 80 -j ACCEPT');
    expect(sh.run('ip netns exec c1 nc -z -w 1 172.17.0.3 80').exit).toBe(0);
    expect(
      sh.probe({ from: 'c1', proto: 'tcp', dst: '172.17.0.3', dport: 80 }).result.client.result,
    ).toBe('connected');
  });

  it('sysctl, here-documents and pipes work as in the shell everywhere else', async () => {
    const sh = new LessonShell(scenario('lesson-router'));
    expect(sh.run('ip netns exec a1 ping -c 1 10.20.0.2').stdout).toContain(
      '1 packets transmitted, 0 received',
    );
    expect(sh.run('sysctl -w net.ipv4.ip_forward=1').stdout).toBe('net.ipv4.ip_forward = 1\n');
    expect(sh.run('ip netns exec a1 ping -c 1 10.20.0.2').stdout).toContain('1 received');
    expect(sh.needsMore("iptables-restore --noflush <<'EOF'\n*nat")).toBe(true);
    const r = sh.run(
      "iptables-restore --noflush <<'EOF'\n*nat\n-A POSTROUTING -o eth0 -j MASQUERADE\nCOMMIT\nEOF",
    );
    expect(r.exit).toBe(0);
    // grep loads on demand, as in the browser: the terminal awaits this before each line.
    expect(await sh.ensureProgramsFor('iptables -t nat -S | grep MASQ')).toBeUndefined();
    expect(sh.run('iptables -t nat -S | grep MASQ').stdout).toBe(
      '-A POSTROUTING -o eth0 -j MASQUERADE\n',
    );
  });

  it('the setup’s servers log elsewhere; a server the learner starts logs here', () => {
    const sh = new LessonShell(scenario('lesson-docker0'));
    // From the host: docker0's FORWARD rules drop c1 -> c2 in this lesson.
    const quiet = sh.run('curl -s -m 2 172.17.0.3');
    expect(quiet.stdout).toContain('<h1>Directory listing for /</h1>');
    expect(quiet.stderr).toBe('');
    sh.run('ip netns exec c2 python3 -m http.server 8000 >/dev/null &');
    const logged = sh.run('curl -s -m 2 172.17.0.3:8000');
    expect(logged.stderr).toBe('172.17.0.1 - - [01/Jan/2026 00:00:00] "GET / HTTP/1.1" 200 -\n');
    expect(logged.output?.[0]).toEqual({ fd: 2, text: logged.stderr, job: true });
  });

  it('reset brings back the starting state; replaying the history rebuilds the state', () => {
    const sh = new LessonShell(scenario('lesson-two-bridges'));
    sh.run('iptables -P FORWARD ACCEPT');
    sh.run('iptables -F FORWARD');
    expect(sh.history()).toEqual(['iptables -P FORWARD ACCEPT', 'iptables -F FORWARD']);
    const copy = new LessonShell(scenario('lesson-two-bridges'), sh.history());
    expect(copy.run('iptables -S FORWARD').stdout).toBe('-P FORWARD ACCEPT\n');
    const r = sh.run('reset');
    expect(r.reset).toBe(true);
    expect(sh.history()).toEqual([]);
    expect(sh.run('iptables -S FORWARD').stdout).toContain('-P FORWARD DROP');
  });

  it('lists the shell commands for completion and the scenario namespaces', () => {
    const sh = new LessonShell(scenario('lesson-docker0'));
    expect(sh.commandNames()).toEqual(
      expect.arrayContaining(['iptables', 'ip', 'ping', 'curl', 'reset']),
    );
    expect(sh.netnsNames()).toEqual(['c1', 'c2', 'lan']);
  });
});

describe('trace steps and verdicts on the lesson scenarios', () => {
  const verdicts = (name: string) => {
    const sc = scenario(name);
    const sh = new LessonShell(sc);
    return (sc.probes ?? []).map((p) => verdictLine(buildSteps(sh.probe({ ...p }).trace)));
  };

  it('names the rule, the policy or the routing decision that dropped the packet', () => {
    expect(verdicts('lesson-docker0')).toEqual([
      'dropped by rule 3 of FORWARD (filter, FORWARD) in host',
      'delivered to local stack in lan (eth0)',
      'delivered to local stack in host (docker0)',
      'dropped by rule 3 of FORWARD (filter, FORWARD) in host',
    ]);
    expect(verdicts('lesson-two-bridges')[0]).toBe(
      'dropped by the policy of FORWARD (filter, FORWARD) in host',
    );
    expect(verdicts('lesson-router')[0]).toMatch(/^dropped in host: .*ip_forward/);
  });

  it('each step knows where the packet is: the routing decision comes before FORWARD', () => {
    const sc = scenario('lesson-two-bridges');
    const steps = buildSteps(new LessonShell(sc).probe({ ...sc.probes?.[0] }).trace);
    const hostRouting = steps.findIndex((s) => s.position.ns === 'host' && s.position.routing);
    const forward = steps.findIndex((s) => s.position.hook === 'FORWARD');
    expect(hostRouting).toBeGreaterThan(0);
    expect(forward).toBeGreaterThan(hostRouting);
    expect(steps[forward]?.route).toMatch(/10\.20\.0\.2 matches "10\.20\.0\.0\/24 dev brb/);
    expect(steps.at(-1)?.text).toMatch(/Dropped in host/);
  });

  it('shows NAT before and after and the conntrack entry', () => {
    const sc = scenario('lesson-docker0');
    const steps = buildSteps(new LessonShell(sc).probe({ ...sc.probes?.[1] }).trace);
    const withNat = steps.find((s) => s.nat?.startsWith('binding in POSTROUTING'));
    expect(withNat?.nat).toMatch(
      /172\.17\.0\.2:40001 > 192\.0\.2\.10:80 .* → 192\.0\.2\.2:40001 > 192\.0\.2\.10:80/,
    );
    expect(steps.find((s) => s.conntrack)?.conntrack).toMatch(/^NEW/);
    expect(steps.find((s) => s.bridge)?.bridge).toMatch(/br_netfilter hands it to iptables/);
  });
});
