// The terminal's run loop (machine.ts runLines): what a typed or pasted line puts on the screen
// and in the status line, here-documents waiting for their delimiter, clear and reset wiping
// the screen, and the screen a replayed session starts with.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LessonShell } from './lessonShell.ts';
import type { ScenarioJson } from './lessonWorld.ts';
import { restoredScreen, runLines } from './machine.ts';

const scenario = JSON.parse(
  readFileSync(
    resolve(import.meta.dirname, '../../../content/scenarios/lesson-docker0.json'),
    'utf8',
  ),
) as ScenarioJson;
const PROMPT = 'root@host:~# ';

describe('runLines', () => {
  it('shows each command after the prompt, its output, and announces the first line', async () => {
    const sh = new LessonShell(scenario);
    const r = await runLines(sh, ['sysctl net.ipv4.ip_forward'], undefined, PROMPT);
    expect(r).toEqual({
      screen: [
        { kind: 'cmd', text: `${PROMPT}sysctl net.ipv4.ip_forward` },
        { kind: 'out', text: 'net.ipv4.ip_forward = 1' },
      ],
      wiped: false,
      pending: undefined,
      status: 'Exit 0: net.ipv4.ip_forward = 1',
    });
  });

  it('an error goes to the screen as one, and the status counts the lines not read out', async () => {
    const sh = new LessonShell(scenario);
    const r = await runLines(sh, ['iptables -L NOSUCH', 'iptables -S FORWARD'], undefined, PROMPT);
    expect(r.screen[1]).toEqual({ kind: 'err', text: expect.stringMatching(/NOSUCH/) });
    expect(r.status).toMatch(/^Exit 0: -P FORWARD DROP \(\d+ more lines in the output\)$/);
  });

  it('a here-document waits for its delimiter on `> ` lines, then runs as one command', async () => {
    const sh = new LessonShell(scenario);
    const first = await runLines(sh, ["iptables-restore --noflush <<'EOF'"], undefined, PROMPT);
    expect(first.pending).toBe("iptables-restore --noflush <<'EOF'");
    expect(first.status).toBe('Continue the command (Ctrl-C cancels)');
    const rest = ['*filter', '-A FORWARD -s 172.17.0.9 -j DROP', 'COMMIT', 'EOF'];
    const done = await runLines(sh, rest, first.pending, PROMPT);
    expect(done.pending).toBeUndefined();
    expect(done.screen.map((l) => l.text)).toEqual(rest.map((l) => `> ${l}`));
    expect(sh.run('iptables -S FORWARD').stdout).toContain('-A FORWARD -s 172.17.0.9/32 -j DROP');
  });

  it('clear and reset wipe the screen; what follows them stays', async () => {
    const sh = new LessonShell(scenario);
    const r = await runLines(sh, ['echo one', 'clear', 'echo two'], undefined, PROMPT);
    expect(r.wiped).toBe(true);
    expect(r.screen).toEqual([
      { kind: 'cmd', text: `${PROMPT}echo two` },
      { kind: 'out', text: 'two' },
    ]);
    const reset = await runLines(sh, ['reset'], undefined, PROMPT);
    expect(reset).toMatchObject({
      wiped: true,
      status: "Exit 0: The lesson's starting state is back.",
    });
  });
});

describe('restoredScreen', () => {
  it('says how many commands came back and shows each with what it printed', () => {
    const sh = new LessonShell(scenario);
    const line = 'echo a\necho b';
    expect(restoredScreen([{ line, result: sh.run(line) }], PROMPT)).toEqual([
      { kind: 'info', text: 'Restored 1 command(s) from your last visit:' },
      { kind: 'cmd', text: `${PROMPT}echo a\n> echo b` },
      { kind: 'out', text: 'a\nb' },
    ]);
    expect(restoredScreen([], PROMPT)).toEqual([]);
  });
});
