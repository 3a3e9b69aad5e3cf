import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from '../main.ts';
import { TWO_HOSTS } from '../../engine/shell/commands/probe/twoHosts.ts';

interface Line {
  cmd: string;
  exit: number;
  stdout: string;
  stderr: string;
}

async function exec(
  stdin: string,
  args: string[] = ['--json'],
): Promise<{ code: number; lines: Line[]; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['exec', ...args], {
    stdout: (s) => void (out += s),
    stderr: (s) => void (err += s),
    readStdin: async () => stdin,
  });
  const lines = args.includes('--json')
    ? out
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Line)
    : [];
  return { code, lines, out, err };
}

describe('packetpath exec', () => {
  it('prints one JSON object per command line, here-documents included', async () => {
    const { code, lines } = await exec('echo "a  b"\ncat <<EOF\nx $HOME\nEOF\nnope\n');
    expect(code).toBe(0);
    expect(lines).toEqual([
      { cmd: 'echo "a  b"', exit: 0, stdout: 'a  b\n', stderr: '' },
      { cmd: 'cat <<EOF\nx $HOME\nEOF', exit: 0, stdout: 'x /root\n', stderr: '' },
      { cmd: 'nope', exit: 127, stdout: '', stderr: 'bash: nope: command not found\n' },
    ]);
  });

  it('without --json prints the streams and exits with the last command’s code', async () => {
    const r = await exec('echo hi\nfalse', []);
    expect(r).toMatchObject({ code: 1, out: 'hi\n', err: '' });
  });

  it('writes a background server’s log line where it happened: before curl’s page', async () => {
    const written: string[] = [];
    await main(['exec'], {
      stdout: (s) => void written.push(`out ${s.split('\n')[0]}`),
      stderr: (s) => void written.push(`err ${s.split('\n')[0]}`),
      readStdin: async () =>
        [
          ...TWO_HOSTS,
          'ip netns exec b python3 -m http.server 80 >/dev/null &',
          'curl -s 10.0.0.2',
        ].join('\n'),
    });
    expect(written.slice(-2)).toEqual([
      'err 10.0.0.1 - - [01/Jan/2026 00:00:00] "GET / HTTP/1.1" 200 -',
      'out <!DOCTYPE HTML>',
    ]);
  });

  it('starts each run from a fresh host', async () => {
    await exec('echo 1 > /proc/sys/net/ipv4/ip_forward');
    const { lines } = await exec('cat /proc/sys/net/ipv4/ip_forward');
    expect(lines[0]!.stdout).toBe('0\n');
  });

  it('rejects unknown options with a usage error (exit 2)', async () => {
    const r = await exec('', ['--nope']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^packetpath exec: unknown argument '--nope'/);
  });
});

/** The recorded real iptables 1.8.9 cases (../shared/fixtures/iptables/cases.jsonl, copied). */
interface Case {
  id: number;
  cmd: string;
  cmds: string[];
  exit: number;
  stderr: string;
  stdout: string;
  steps?: { cmd: string; exit: number; stderr: string; stdout: string }[];
  save: string[];
  S: Record<string, string[] | { exit: number; stderr: string }>;
}

const cases: Case[] = readFileSync(
  new URL('../../engine/shell/fixtures/iptables-cases.jsonl', import.meta.url),
  'utf8',
)
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as Case);

describe('recorded iptables cases through exec --json', () => {
  it('has all 223 cases', () => expect(cases).toHaveLength(223));

  it.each(cases.map((c) => [c.id, c.cmd, c] as const))('case %i: %s', async (_id, _cmd, c) => {
    const tables = Object.keys(c.S);
    const input =
      [...c.cmds, 'iptables-save', ...tables.map((t) => `iptables -t ${t} -S`)].join('\n') + '\n';
    const { lines } = await exec(input);
    expect(lines).toHaveLength(c.cmds.length + 1 + tables.length);
    const steps = c.steps ?? [
      { cmd: c.cmds[0]!, exit: c.exit, stderr: c.stderr, stdout: c.stdout },
    ];
    steps.forEach((step, i) => {
      expect({
        cmd: lines[i]!.cmd,
        exit: lines[i]!.exit,
        stderr: lines[i]!.stderr,
        stdout: lines[i]!.stdout,
      }).toEqual({ cmd: step.cmd, exit: step.exit, stderr: step.stderr, stdout: step.stdout });
    });
    const save = lines[c.cmds.length]!;
    expect(save.exit).toBe(0);
    expect(save.stdout.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual(c.save);
    tables.forEach((t, k) => {
      const got = lines[c.cmds.length + 1 + k]!;
      const want = c.S[t]!;
      if (Array.isArray(want))
        expect({ exit: got.exit, lines: got.stdout.split('\n').filter(Boolean) }).toEqual({
          exit: 0,
          lines: want,
        });
      else expect({ exit: got.exit, stderr: got.stderr }).toEqual(want);
    });
  });
});
