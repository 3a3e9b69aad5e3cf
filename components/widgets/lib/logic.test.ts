// Pure widget logic without a DOM: words, completion, history persistence, the terminal's
// keyboard model, quiz grading, exercise judging, route lookup and topology layout.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { complete, tabOutcome } from './completion.ts';
import { judge } from './exercise.ts';
import { grade, quizProblems, score, type QuizQuestion } from './quiz.ts';
import { lookup, parseRouteRow, type RouteRow } from './routeLookup.ts';
import {
  HISTORY_KEY,
  MAX_LINES,
  loadHistory,
  saveHistory,
  type KeyValue,
} from './terminalHistory.ts';
import {
  cursorAt,
  fromInputLine,
  LINE_BREAK_MARK,
  moveHistory,
  splitPaste,
  transcript,
} from './terminalModel.ts';
import { layout, tracePath } from './topology.ts';

class MemStore implements KeyValue {
  readonly map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
}

describe('completion', () => {
  const ctx = {
    commands: ['iptables', 'iptables-save', 'ip', 'ping'],
    chains: (t: string, ns: string) =>
      ns === 'c1'
        ? ['INPUT', 'C1-ONLY']
        : t === 'nat'
          ? ['PREROUTING', 'POSTROUTING']
          : ['INPUT', 'FORWARD', 'DOCKER-USER'],
    namespaces: ['c1', 'c2'],
  };
  it('completes commands, options, chains per table, targets and namespaces', () => {
    expect(complete('pi', ctx)).toEqual({ line: 'ping ', candidates: [] });
    expect(complete('ip', ctx).candidates).toEqual(['ip', 'iptables', 'iptables-save']);
    expect(complete('iptables -L FOR', ctx).line).toBe('iptables -L FORWARD ');
    expect(complete('iptables -t nat -A PO', ctx).line).toBe('iptables -t nat -A POSTROUTING ');
    expect(complete('iptables -A FORWARD -j DR', ctx).line).toBe('iptables -A FORWARD -j DROP ');
    expect(complete('iptables -A FORWARD -j DOCK', ctx).line).toBe(
      'iptables -A FORWARD -j DOCKER-USER ',
    );
    expect(complete('iptables --line-n', ctx).line).toBe('iptables --line-numbers ');
    expect(complete('ip netns exec c', ctx).candidates).toEqual(['c1', 'c2']);
    expect(complete('ip netns exec c1 pi', ctx).line).toBe('ip netns exec c1 ping ');
    expect(complete('ip netns exec c1 iptables -A C', ctx).line).toBe(
      'ip netns exec c1 iptables -A C1-ONLY ',
    );
    expect(complete('zz', ctx)).toEqual({ line: 'zz', candidates: [] });
  });
  it('says what each Tab did: the candidates, the completed word, or none', () => {
    const tab = (line: string) => tabOutcome(line, complete(line, ctx));
    expect(tab('ip')).toEqual({
      list: 'ip  iptables  iptables-save',
      status: '3 completions: ip, iptables, iptables-save',
    });
    expect(tab('iptables -L FOR')).toEqual({ status: 'Completed: FORWARD' });
    expect(tab('iptables -L NOSUCH')).toEqual({ status: 'No completion' });
  });
});

describe('terminal history storage', () => {
  it('saves per session under its own key and keeps other keys untouched', () => {
    const s = new MemStore();
    s.setItem('packetpath:progress', 'other');
    saveHistory(s, 'a', ['iptables -S']);
    saveHistory(s, 'b', ['ping -c 1 10.0.0.1']);
    expect(loadHistory(s, 'a')).toEqual(['iptables -S']);
    expect(loadHistory(s, 'b')).toEqual(['ping -c 1 10.0.0.1']);
    expect(s.getItem('packetpath:progress')).toBe('other');
    expect([...s.map.keys()].sort()).toEqual(['packetpath:progress', HISTORY_KEY]);
  });
  it('resets a corrupt, foreign or old-version value without throwing', () => {
    for (const bad of [
      '{',
      '42',
      'null',
      '{"v":2,"sessions":{}}',
      '{"v":1,"sessions":{"a":[1]}}',
    ]) {
      const s = new MemStore();
      s.setItem(HISTORY_KEY, bad);
      expect(loadHistory(s, 'a')).toEqual([]);
      saveHistory(s, 'a', ['x']);
      expect(loadHistory(s, 'a')).toEqual(['x']);
    }
  });
  it('keeps the last MAX_LINES lines and survives a throwing store', () => {
    const s = new MemStore();
    saveHistory(
      s,
      'a',
      Array.from({ length: MAX_LINES + 5 }, (_, i) => `l${i}`),
    );
    expect(loadHistory(s, 'a')).toHaveLength(MAX_LINES);
    expect(loadHistory(s, 'a')[0]).toBe('l5');
    const broken: KeyValue = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadHistory(broken, 'a')).toEqual([]);
    expect(() => saveHistory(broken, 'a', ['x'])).not.toThrow();
  });
});

describe('terminal keyboard model', () => {
  it('walks the history up and down and gives back the draft', () => {
    let r = moveHistory(cursorAt(['one', 'two']), -1, 'draft');
    expect(r.text).toBe('two');
    r = moveHistory(r.cursor, -1, r.text);
    expect(r.text).toBe('one');
    r = moveHistory(r.cursor, -1, r.text);
    expect(r.text).toBe('one');
    r = moveHistory(r.cursor, 1, r.text);
    r = moveHistory(r.cursor, 1, r.text);
    expect(r.text).toBe('draft');
    expect(r.cursor.lines).toEqual(['one', 'two']);
  });
  it('recalls a here-document on one line with a mark per line break, and runs it as it was', () => {
    const heredoc = 'iptables-restore -n <<EOF\n*filter\nCOMMIT\nEOF';
    const r = moveHistory(cursorAt(['ip route', heredoc]), -1, '');
    expect(r.text).toBe(
      `iptables-restore -n <<EOF${LINE_BREAK_MARK}*filter${LINE_BREAK_MARK}COMMIT${LINE_BREAK_MARK}EOF`,
    );
    expect(r.text).not.toContain('\n');
    expect(fromInputLine(r.text)).toBe(heredoc);
    expect(fromInputLine('ip route')).toBe('ip route');
  });
  it('runs every complete pasted line and keeps the last partial one', () => {
    expect(splitPaste('ipt', 'ables -S\r\n\nping -c 1 1.2.3.4\nsysctl')).toEqual({
      run: ['iptables -S', 'ping -c 1 1.2.3.4'],
      rest: 'sysctl',
    });
  });
});

describe('terminal transcript', () => {
  it('shows stdout then stderr, or the pieces in the order the shell wrote them', () => {
    expect(transcript({ stdout: 'a\n', stderr: 'b\n' })).toEqual([
      { kind: 'out', text: 'a' },
      { kind: 'err', text: 'b' },
    ]);
    const log = '10.0.0.1 - - [01/Jan/2026 00:00:00] "GET / HTTP/1.1" 200 -\n';
    expect(
      transcript({
        stdout: '<html>\n</html>\n',
        stderr: log,
        output: [
          { fd: 2, text: log },
          { fd: 1, text: '<html>\n' },
          { fd: 1, text: '</html>\n' },
        ],
      }),
    ).toEqual([
      { kind: 'err', text: log.trimEnd() },
      { kind: 'out', text: '<html>\n</html>' },
    ]);
    expect(transcript({ stdout: '', stderr: '' })).toEqual([]);
  });
});

describe('quiz', () => {
  const qs: QuizQuestion[] = [
    {
      id: 'a',
      kind: 'choice',
      prompt: 'p',
      options: [
        { text: 'x', why: 'no' },
        { text: 'y', correct: true, why: 'yes' },
      ],
    },
    { id: 'b', kind: 'short', prompt: 'p', answers: ['net.ipv4.ip_forward = 1'], why: 'because' },
  ];
  it('grades choices and short answers with explanations', () => {
    expect(grade(qs[0]!, '1')).toEqual({ correct: true, explanation: 'yes' });
    expect(grade(qs[0]!, '0')).toEqual({ correct: false, explanation: 'no' });
    expect(grade(qs[0]!, '')).toMatchObject({ correct: false, unanswered: true });
    // An empty short answer asks for one; it does not say "wrong" or give the answer away.
    expect(grade(qs[1]!, '  ')).toEqual({
      correct: false,
      unanswered: true,
      explanation: 'Type an answer first.',
    });
    expect(grade(qs[1]!, '  NET.ipv4.ip_forward=1. ')).toEqual({
      correct: true,
      explanation: 'because',
    });
    expect(score(qs, { a: '1', b: 'no' })).toBe(1);
    expect(quizProblems(qs)).toEqual([]);
    expect(quizProblems([qs[0]!, qs[0]!])).toEqual(['a: duplicate id']);
  });
});

describe('exercise judging', () => {
  const check = {
    label: 'a reaches b',
    probe: { from: 'a', proto: 'tcp' as const, dst: '10.0.0.2', dport: 80 },
    expect: 'connected' as const,
    hint: 'h',
  };
  it('passes on the expected result and names a failure with its hint', () => {
    expect(judge(check, { client: { result: 'connected' }, server: {} }).pass).toBe(true);
    expect(judge(check, { client: { result: 'timeout' }, server: {} })).toEqual({
      label: 'a reaches b',
      pass: false,
      saw: 'timed out (dropped silently)',
      hint: 'h',
    });
    expect(
      judge({ ...check, expect: 'blocked' }, { client: { result: 'refused' }, server: {} }).pass,
    ).toBe(true);
  });
  it('checks the source address the server saw', () => {
    const withPeer = { ...check, peer: '192.0.2.2' };
    expect(
      judge(withPeer, {
        client: { result: 'connected' },
        server: { b: { peer: ['192.0.2.2', 40001] } },
      }).pass,
    ).toBe(true);
    expect(
      judge(withPeer, {
        client: { result: 'connected' },
        server: { b: { peer: ['10.0.0.1', 40001] } },
      }).saw,
    ).toBe('the server saw the connection from 10.0.0.1');
  });
});

describe('route lookup', () => {
  const rows = [
    '10.0.0.0/8 via 192.0.2.9 dev eth0',
    '10.20.0.0/24 dev brb',
    'default via 192.0.2.1 dev eth0',
  ].map((t) => parseRouteRow(t) as RouteRow);
  it('tests every prefix and the longest match wins', () => {
    const r = lookup(rows, '10.20.0.2');
    if ('error' in r) throw new Error(r.error);
    expect(r.tests.map((t) => t.matches)).toEqual([true, true, true]);
    expect(r.winner?.text).toBe('10.20.0.0/24 dev brb');
    expect(r.why).toMatch(/^3 routes match; \/24 is the longest prefix/);
    expect(r.why).toMatch(/gateway 0.0.0.0/);
    expect(r.tests[1]?.explanation).toBe(
      '10.20.0.2 AND 255.255.255.0 = 10.20.0.0, equal to 10.20.0.0: matches',
    );
  });
  it('falls back to the default route and explains gateway vs destination 0.0.0.0', () => {
    const r = lookup(rows, '203.0.113.7');
    if ('error' in r) throw new Error(r.error);
    expect(r.winner?.len).toBe(0);
    expect(r.tests[2]?.destination).toBe('0.0.0.0/0');
    expect(r.tests[2]?.gateway).toBe('192.0.2.1');
    expect(r.tests[1]?.gateway).toBe('0.0.0.0');
    expect(r.why).toMatch(/send it to the gateway 192.0.2.1/);
  });
  it('says so when nothing matches and rejects bad input', () => {
    const r = lookup(rows.slice(1, 2), '192.0.2.1');
    expect('error' in r ? r.error : r.why).toMatch(/No route matches/);
    expect(lookup(rows, '10.0.0.300')).toEqual({ error: '"10.0.0.300" is not an IPv4 address' });
    expect(parseRouteRow('10.0.0.0/33 dev x')).toEqual({
      error: '"10.0.0.0/33" is not an IPv4 prefix',
    });
  });
  it('agrees with a brute-force longest match (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), (n) => {
        const dst = [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
        const r = lookup(rows, dst);
        if ('error' in r) return false;
        const first = Math.floor(n / 2 ** 24);
        const third = Math.floor(n / 2 ** 8) % 256;
        const second = Math.floor(n / 2 ** 16) % 256;
        const want = first === 10 && second === 20 && third === 0 ? 24 : first === 10 ? 8 : 0;
        return r.winner?.len === want;
      }),
    );
  });
});

describe('topology', () => {
  const sc = {
    namespaces: {
      host: { bridges: [{ name: 'docker0', addrs: ['172.17.0.1/16'] }] },
      c1: {},
      lan: {},
    },
    links: [
      {
        a: { ns: 'host', name: 'veth-c1', master: 'docker0' },
        b: { ns: 'c1', name: 'eth0', addrs: ['172.17.0.2/16'] },
      },
      {
        a: { ns: 'host', name: 'eth0', addrs: ['192.0.2.2/24'] },
        b: { ns: 'lan', name: 'eth0', addrs: ['192.0.2.10/24'] },
      },
    ],
  };
  it('puts the LAN above the host, the bridge below it and containers at the bottom, inside 340 units', () => {
    const t = layout(sc);
    const y = (id: string) => t.nodes.find((n) => n.id === id)?.y ?? -1;
    expect(y('lan')).toBeLessThan(y('host'));
    expect(y('host')).toBeLessThan(y('host/docker0'));
    expect(y('host/docker0')).toBeLessThan(y('c1'));
    expect(t.nodes.every((n) => n.x - 36 >= 0 && n.x + 36 <= t.width)).toBe(true);
    const addrs = (id: string) => t.nodes.find((n) => n.id === id)?.addrs;
    expect(addrs('c1')).toEqual(['172.17.0.2/16']);
    expect(addrs('host/docker0')).toEqual(['172.17.0.1/16']);
    // The host's own uplink address, not only its LAN peer's.
    expect(addrs('host')).toEqual(['192.0.2.2/24']);
    expect(addrs('lan')).toEqual(['192.0.2.10/24']);
    const link = (from: string, to: string) => t.edges.some((e) => e.from === from && e.to === to);
    expect(link('host/docker0', 'c1') && link('host', 'host/docker0') && link('host', 'lan')).toBe(
      true,
    );
  });
  it('turns trace events into the path of the first packet', () => {
    const ev = [
      { type: 'send', ns: 'c1' },
      { type: 'receive', ns: 'host' },
      { type: 'bridge', ns: 'host', bridge: 'docker0' },
      { type: 'drop', ns: 'host' },
      { type: 'send', ns: 'lan' },
    ];
    expect(tracePath(ev)).toEqual(['c1', 'host', 'host/docker0']);
  });
});
