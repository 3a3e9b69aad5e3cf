// The tracer's plain logic: composing a probe, and what one step redraws.
import { describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../../engine/trace/events.ts';
import { STAGES } from './hookDiagram.ts';
import { buildSteps, stepView, verdictLine } from './traceSteps.ts';
import { composedProbe, probeLabel } from './tracerForm.ts';

describe('composed probes', () => {
  const ns = ['host', 'c1'];
  it('builds a scenario-format probe from the form', () => {
    expect(
      composedProbe({ from: 'c1', dst: ' 192.0.2.10 ', proto: 'tcp', port: '80' }, ns),
    ).toEqual({
      name: 'c1 → 192.0.2.10 tcp/80',
      from: 'c1',
      proto: 'tcp',
      dst: '192.0.2.10',
      dport: 80,
    });
    expect(composedProbe({ from: 'c1', dst: '10.0.0.1', proto: 'icmp', port: 'x' }, ns)).toEqual({
      name: 'c1 → 10.0.0.1 icmp',
      from: 'c1',
      proto: 'icmp',
      dst: '10.0.0.1',
    });
  });
  it('names what is wrong', () => {
    expect(composedProbe({ from: 'c1', dst: ' ', proto: 'tcp', port: '80' }, ns)).toEqual({
      error: 'Type the IPv4 address the packet goes to.',
    });
    expect(composedProbe({ from: 'zz', dst: '10.0.0.1', proto: 'tcp', port: '1' }, ns)).toEqual({
      error: 'Choose where the packet starts (host, c1).',
    });
    expect(composedProbe({ from: 'c1', dst: '10.0.0.256', proto: 'tcp', port: '1' }, ns)).toEqual({
      error: '"10.0.0.256" is not an IPv4 address.',
    });
    expect(composedProbe({ from: 'c1', dst: '10.0.0.1', proto: 'tcp', port: '70000' }, ns)).toEqual(
      {
        error: 'Port is a number from 1 to 65535.',
      },
    );
    expect(probeLabel({ from: 'a', proto: 'udp', dst: '1.2.3.4', dport: 53 })).toBe(
      'a → 1.2.3.4 udp/53',
    );
  });
});

describe('step view', () => {
  const events: TraceEvent[] = [
    { type: 'hook', ns: 'host', hook: 'PREROUTING', in: 'br0', bridged: true },
    { type: 'route', ns: 'host', dst: '10.0.0.2', result: 'forward', route: '10.0.0.0/24 dev br1' },
    { type: 'hook', ns: 'host', hook: 'FORWARD', in: 'br0', out: 'br1', bridged: false },
    { type: 'chain', ns: 'host', table: 'filter', chain: 'FORWARD' },
    {
      type: 'rule',
      ns: 'host',
      table: 'filter',
      chain: 'FORWARD',
      index: 1,
      matched: false,
      failedOption: '-o br0',
    },
    {
      type: 'rule',
      ns: 'host',
      table: 'filter',
      chain: 'FORWARD',
      index: 2,
      matched: true,
      rule: '-A FORWARD -j DROP',
    },
    {
      type: 'verdict',
      ns: 'host',
      table: 'filter',
      chain: 'FORWARD',
      verdict: 'DROP',
      policy: false,
    },
    { type: 'drop', ns: 'host', reason: 'dropped in filter FORWARD' },
  ];
  const steps = buildSteps(events);
  it('lights the routing decision, then FORWARD and its filter table', () => {
    expect(stepView(steps, 1)?.stage).toBe('routing');
    expect(stepView(steps, 4)).toMatchObject({
      stage: 'FORWARD',
      table: 'filter',
      where: 'host · FORWARD · filter FORWARD',
    });
    expect(STAGES.map((s) => s.id)).toEqual([
      'PREROUTING',
      'routing',
      'INPUT',
      'FORWARD',
      'OUTPUT',
      'POSTROUTING',
    ]);
  });
  it('shows the rule under test and why it did or did not match', () => {
    expect(stepView(steps, 4)?.rule).toBe('Rule 1 of FORWARD does not match: -o br0 fails');
    expect(stepView(steps, 6)?.rule).toBe('Rule 2 of FORWARD matches: -A FORWARD -j DROP');
    expect(stepView(steps, 2)?.rule).toBe('—');
    expect(stepView(steps, 99)).toBeUndefined();
  });
  it('gives the one-line verdict', () => {
    expect(verdictLine(steps)).toBe('dropped by rule 2 of FORWARD (filter, FORWARD) in host');
    expect(steps[2]?.route).toBe(
      'host: 10.0.0.2 matches "10.0.0.0/24 dev br1": not for this host: forward',
    );
  });
  it('says what the transport did next without a device (no "(undefined)")', () => {
    const tcp = buildSteps([
      { type: 'deliver', ns: 'lan', dev: 'eth0', to: 'local stack' },
      { type: 'deliver', ns: 'lan', to: 'listener on port 80: SYN-ACK' } as TraceEvent,
    ]);
    expect(tcp.map((s) => s.text)).toEqual([
      'Delivered to local stack in lan (eth0)',
      'In lan: listener on port 80: SYN-ACK',
    ]);
    expect(verdictLine(tcp.slice(1))).toBe('delivered to listener on port 80: SYN-ACK in lan');
  });
  it('shows the conntrack entry with the reply tuple a NAT target just set', () => {
    const s = buildSteps([
      {
        type: 'conntrack',
        ns: 'host',
        state: 'NEW',
        dir: 'ORIGINAL',
        orig: '172.17.0.2:40001 > 192.0.2.10:80',
        reply: '192.0.2.10:80 > 172.17.0.2:40001',
      },
      {
        type: 'nat',
        ns: 'host',
        hook: 'POSTROUTING',
        kind: 'MASQUERADE',
        before: 'orig 172.17.0.2:40001 > 192.0.2.10:80',
        after: 'reply 192.0.2.10:80 > 192.0.2.2:40001',
      },
    ]);
    expect(s[0]?.conntrack).toBe(
      'NEW (original direction, host): 172.17.0.2:40001 > 192.0.2.10:80; reply 192.0.2.10:80 > 172.17.0.2:40001',
    );
    expect(s[1]?.conntrack).toBe(
      'NEW (original direction, host): 172.17.0.2:40001 > 192.0.2.10:80; reply 192.0.2.10:80 > 192.0.2.2:40001 (MASQUERADE)',
    );
  });
});
