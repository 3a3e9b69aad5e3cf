// bash 5.2's job control as an interactive shell shows it (measured under script(1)): `[N] PID`
// when a job starts, `jobs [-l]` with the current (+) and previous (-) marks, and a notice
// before the next prompt when a job ends or is killed.
import { describe, expect, it } from 'vitest';
import { createHostShell } from '../index.ts';

describe('jobs, kill and disown', () => {
  it('lists running servers and reports the ones killed', () => {
    const sh = createHostShell();
    expect(sh.run('nc -lk 8080 &').stdout).toBe('[1] 4243\n');
    expect(sh.run('nc -l 9000 &').stdout).toBe('[2] 4244\n');
    expect(sh.run('jobs').stdout).toBe(
      '[1]-  Running                 nc -lk 8080 &\n[2]+  Running                 nc -l 9000 &\n',
    );
    expect(sh.run('jobs -l').stdout).toBe(
      '[1]- 4243 Running                 nc -lk 8080 &\n[2]+ 4244 Running                 nc -l 9000 &\n',
    );
    expect(sh.run('kill %1')).toMatchObject({
      exit: 0,
      stderr: '[1]-  Terminated              nc -lk 8080\n',
    });
    expect(sh.run('kill -9 4244').stderr).toBe('[2]+  Killed                  nc -l 9000\n');
    sh.run('python3 -m http.server >/dev/null 2>&1 &');
    expect(sh.run('jobs').stdout).toBe(
      '[1]+  Running                 python3 -m http.server > /dev/null 2>&1 &\n',
    );
    sh.run('kill %1');
    expect(sh.run('jobs').stdout).toBe('');
  });

  it('reports a command that ended at once as Done or Exit N', () => {
    const sh = createHostShell();
    expect(sh.run('true &')).toMatchObject({
      exit: 0,
      stdout: '[1] 4243\n',
      stderr: '[1]+  Done                    true\n',
    });
    expect(sh.run('false &').stderr).toBe('[1]+  Exit 1                  false\n');
    expect(sh.run('echo $?').stdout).toBe('0\n');
  });

  it('keeps a job started after a nested non-interactive shell on the same line', () => {
    const sh = createHostShell();
    expect(sh.run("sh -c 'nc -lk 7 &'; nc -lk 8 &").stdout).toBe('[1] 4244\n');
    expect(sh.run('jobs -l').stdout).toBe('[1]+ 4244 Running                 nc -lk 8 &\n');
    // The server `sh -c` started runs on, outside this shell's jobs.
    expect(sh.run('kill 4243').exit).toBe(0);
  });

  it('are builtins; kill is also procps’ program', () => {
    const sh = createHostShell();
    expect(sh.run('type jobs kill').stdout).toBe(
      'jobs is a shell builtin\nkill is a shell builtin\n',
    );
    expect(sh.run('which kill ss nc python3').stdout).toBe(
      '/usr/bin/kill\n/usr/bin/ss\n/usr/bin/nc\n/usr/bin/python3\n',
    );
  });

  it('answers bad targets with bash’s messages', () => {
    const sh = createHostShell();
    expect(sh.run('kill %5')).toMatchObject({ exit: 1, stderr: 'bash: kill: %5: no such job\n' });
    expect(sh.run('kill 99999').stderr).toBe('bash: kill: (99999) - No such process\n');
    expect(sh.run('kill')).toMatchObject({
      exit: 2,
      stderr:
        'bash: kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]\n',
    });
    expect(sh.run('kill abc').stderr).toBe(
      'bash: kill: abc: arguments must be process or job IDs\n',
    );
    expect(sh.run('kill -USR1 1').stderr).toBe("packetpath: 'kill -USR1' is not simulated\n");
  });

  it('disown keeps the server running outside the job table', () => {
    const sh = createHostShell();
    sh.run('ip link set lo up\nnc -lk 22 &\ndisown -a');
    expect(sh.run('jobs').stdout).toBe('');
    expect(sh.run('nc -z 127.0.0.1 22').exit).toBe(0);
    expect(sh.run('kill 4243').exit).toBe(0);
    expect(sh.run('nc -z 127.0.0.1 22').exit).toBe(1);
    expect(sh.run('disown').stderr).toBe('bash: disown: current: no such job\n');
  });
});
