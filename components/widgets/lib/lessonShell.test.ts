// The lesson terminal's machine on a real lesson scenario: commands act on the engine World
// that probes walk; errors are the real tools'; reset and replay restore state.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { probe } from '../../../engine/scenario/index.ts';
import { LessonShell } from './lessonShell.ts';
import type { ScenarioJson } from './lessonWorld.ts';
import { buildSteps, verdictLine } from './traceSteps.ts';

const scenario = (name: string) =>
  JSON.parse(
    readFileSync(resolve(import.meta.dirname, `../../../content/scenarios/${name}.json`), 'utf8'),
  ) as ScenarioJson;

describe('LessonShell', () => {
  it('loads the scenario rules and prints them as iptables does', () => {
    const sh = new LessonShell(scenario('lesson-docker0'));
    const r = sh.run('iptables -S FORWARD');
    expect(r.exit).toBe(0);
    expect(r.stdout).toContain('-P FORWARD DROP\n');
    expect(r.stdout).toContain('-A FORWARD -i docker0 -o docker0 -j DROP\n');
  });

  it('rules typed in the terminal are the rules probes traverse', () => {
    const sh = new LessonShell(scenario('lesson-docker0'));
    expect(sh.run('ip netns exec c1 curl 172.17.0.3').exit).toBe(28);
    sh.run('iptables -I FORWARD -i docker0 -o docker0 -p tcp --dport 80 -j ACCEPT');
    const r = sh.run('ip netns exec c1 curl 172.17.0.3:80');
    expect(r.exit).toBe(0);
    expect(r.stdout).toMatch(/connected to 172.17.0.3 port 80/);
  });

  it('sysctl changes what the kernel does', () => {
    const sh = new LessonShell(scenario('lesson-router'));
    expect(sh.run('ip netns exec a1 ping -c 1 10.20.0.2').stdout).toContain(
      '1 packets transmitted, 0 received, 100% packet loss',
    );
    expect(sh.run('sysctl -w net.ipv4.ip_forward=1').stdout).toBe('net.ipv4.ip_forward = 1\n');
    expect(sh.run('ip netns exec a1 ping -c 2 10.20.0.2').stdout).toContain(
      '2 packets transmitted, 2 received, 0% packet loss',
    );
    expect(sh.run('sysctl net.ipv4.nope')).toEqual({
      exit: 255,
      stdout: '',
      stderr: 'sysctl: cannot stat /proc/sys/net/ipv4/nope: No such file or directory\n',
      clear: false,
      reset: false,
    });
  });

  it("gives the real tools' errors and says plainly what it does not run", () => {
    const sh = new LessonShell(scenario('lesson-docker0'));
    expect(sh.run('iptables -A NOPE -j ACCEPT')).toMatchObject({
      exit: 1,
      stderr: 'iptables: No chain/target/match by that name.\n',
    });
    expect(sh.run('frobnicate')).toMatchObject({
      exit: 127,
      stderr: 'bash: frobnicate: command not found\n',
    });
    expect(sh.run('iptables -S | grep DROP').stderr).toMatch(
      /not available in the lesson terminal/,
    );
    expect(sh.run('ip netns exec zz ping -c 1 1.2.3.4').stderr).toBe(
      'Cannot open network namespace "zz": No such file or directory\n',
    );
    expect(sh.run('echo "open').exit).toBe(2);
  });

  it('answers ip route, ip route get and conntrack -L from the engine', () => {
    const sh = new LessonShell(scenario('lesson-router'));
    expect(sh.run('ip route').stdout).toContain('default via 192.0.2.1 dev eth0');
    expect(sh.run('ip route get 203.0.113.9').stdout).toMatch(
      /^203\.0\.113\.9 via 192\.0\.2\.1 dev eth0 src 192\.0\.2\.2/,
    );
    sh.run('sysctl -w net.ipv4.ip_forward=1');
    sh.run('iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE');
    sh.run('ip netns exec a1 nc -z 192.0.2.1 80');
    expect(sh.run('conntrack -L').stdout).toMatch(
      /^tcp +6 ESTABLISHED src=10\.10\.0\.2 dst=192\.0\.2\.1 sport=40001 dport=80 src=192\.0\.2\.1 dst=192\.0\.2\.2/,
    );
  });

  it('reset brings back the starting state; replaying the history rebuilds the state', () => {
    const sh = new LessonShell(scenario('lesson-two-bridges'));
    sh.run('iptables -P FORWARD ACCEPT\niptables -F FORWARD');
    expect(sh.history()).toEqual(['iptables -P FORWARD ACCEPT', 'iptables -F FORWARD']);
    const copy = new LessonShell(scenario('lesson-two-bridges'), sh.history());
    expect(copy.run('iptables -S FORWARD').stdout).toBe('-P FORWARD ACCEPT\n');
    const r = sh.run('reset');
    expect(r.reset).toBe(true);
    expect(sh.history()).toEqual([]);
    expect(sh.run('iptables -S FORWARD').stdout).toContain('-P FORWARD DROP');
  });
});

describe('trace steps and verdicts on the lesson scenarios', () => {
  const verdicts = (name: string) => {
    const sc = scenario(name);
    const sh = new LessonShell(sc);
    return (sc.probes ?? []).map((p) => verdictLine(buildSteps(probe(sh.machine, p).trace)));
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
    const steps = buildSteps(probe(new LessonShell(sc).machine, sc.probes?.[0]).trace);
    const hostRouting = steps.findIndex((s) => s.position.ns === 'host' && s.position.routing);
    const forward = steps.findIndex((s) => s.position.hook === 'FORWARD');
    expect(hostRouting).toBeGreaterThan(0);
    expect(forward).toBeGreaterThan(hostRouting);
    expect(steps[forward]?.route).toMatch(/10\.20\.0\.2 matches "10\.20\.0\.0\/24 dev brb/);
    const last = steps.at(-1);
    expect(last?.text).toMatch(/Dropped in host/);
  });

  it('shows NAT before and after and the conntrack entry', () => {
    const sc = scenario('lesson-docker0');
    const steps = buildSteps(probe(new LessonShell(sc).machine, sc.probes?.[1]).trace);
    const withNat = steps.find((s) => s.nat?.startsWith('binding in POSTROUTING'));
    expect(withNat?.nat).toMatch(
      /172\.17\.0\.2:40001 > 192\.0\.2\.10:80 .* → 192\.0\.2\.2:40001 > 192\.0\.2\.10:80/,
    );
    expect(steps.find((s) => s.conntrack)?.conntrack).toMatch(/^NEW/);
    expect(steps.find((s) => s.bridge)?.bridge).toMatch(/br_netfilter hands it to iptables/);
  });
});
