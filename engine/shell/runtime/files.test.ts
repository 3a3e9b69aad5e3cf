// Writing a file whose directory is not there fails before anything runs, with each program's
// own message. Measured with bash 5.2 and coreutils 9.1 tee (Debian bookworm), as root:
//   echo x > /root/nodir/f; echo x >> /root/nodir/f; echo x &> /root/nodir/f
//   ls /nosuch 2> /root/nodir/f; echo x | tee /root/nodir/f
//   echo x | tee -a /root/nodir/f /tmp/ok; cat /tmp/ok
//   echo x > /tmp/nodir/deeper/f; echo x > /nodir/f; echo x > /root/; echo x > /root/nodir/
//   echo a > f; echo x > f/g; echo x | tee f/g
import { describe, expect, it } from 'vitest';
import { createHostShell } from '../index.ts';

/** bash's failed redirection: its message, exit 1, the command not run. */
const BASH_FAILS = (path: string, why = 'No such file or directory') => ({
  exit: 1,
  stdout: '',
  stderr: `bash: ${path}: ${why}\n`,
});

describe('writing into a directory that does not exist', () => {
  it('fails a redirection as bash does, and the command does not run', () => {
    const sh = createHostShell();
    expect(sh.run('echo x > /root/nodir/f')).toMatchObject(BASH_FAILS('/root/nodir/f'));
    expect(sh.run('echo x >> /root/nodir/f')).toMatchObject(BASH_FAILS('/root/nodir/f'));
    expect(sh.run('echo x &> /root/nodir/f')).toMatchObject(BASH_FAILS('/root/nodir/f'));
    expect(sh.run('iptables -L 2> nodir/f')).toMatchObject(BASH_FAILS('nodir/f'));
    expect(sh.run('echo x > /tmp/nodir/deeper/f')).toMatchObject(BASH_FAILS('/tmp/nodir/deeper/f'));
    expect(sh.run('echo x > /nodir/f')).toMatchObject(BASH_FAILS('/nodir/f'));
    expect(sh.run('cat /root/nodir/f').stderr).toBe(
      'cat: /root/nodir/f: No such file or directory\n',
    );
    expect(sh.run('echo $?').stdout).toBe('1\n');
    expect(sh.run('iptables -A INPUT -j DROP > /root/nodir/f').exit).toBe(1);
    expect(sh.run('iptables -S INPUT').stdout).toBe('-P INPUT ACCEPT\n');
  });

  it('says Is a directory for a name ending in a slash, Not a directory below a file', () => {
    const sh = createHostShell();
    expect(sh.run('echo x > /root/')).toMatchObject(BASH_FAILS('/root/', 'Is a directory'));
    expect(sh.run('echo x > /root/nodir/')).toMatchObject(
      BASH_FAILS('/root/nodir/', 'Is a directory'),
    );
    sh.run('echo a > f');
    expect(sh.run('echo x > f/g')).toMatchObject(BASH_FAILS('f/g', 'Not a directory'));
    expect(sh.run('echo x | tee f/g')).toMatchObject({
      exit: 1,
      stdout: 'x\n',
      stderr: 'tee: f/g: Not a directory\n',
    });
  });

  it("opens an empty name as ENOENT (open(2) on ''), not as the working directory", () => {
    const sh = createHostShell();
    expect(sh.run("echo x > ''")).toMatchObject(BASH_FAILS(''));
    expect(sh.run("echo x >> ''")).toMatchObject(BASH_FAILS(''));
    expect(sh.run("cat < ''")).toMatchObject(BASH_FAILS(''));
  });

  it('tee reports the file, still writes stdout and the other files, and exits 1', () => {
    const sh = createHostShell();
    expect(sh.run('echo x | tee /root/nodir/f')).toMatchObject({
      exit: 1,
      stdout: 'x\n',
      stderr: 'tee: /root/nodir/f: No such file or directory\n',
    });
    expect(sh.run('echo x | tee -a /root/nodir/f /tmp/ok').exit).toBe(1);
    expect(sh.run('cat /tmp/ok').stdout).toBe('x\n');
  });

  it('writes into the fixed directories; below the unmodelled ones it says it cannot tell', () => {
    const sh = createHostShell();
    expect(sh.run('echo x > /var/f')).toMatchObject({ exit: 0, stderr: '' });
    expect(sh.run('echo x > /tmp/f && cat /tmp/f').stdout).toBe('x\n');
    expect(sh.run('echo x > /etc/default/f')).toMatchObject({
      exit: 1,
      stderr:
        "packetpath: 'writing into /etc/default (what /etc holds is not modelled)' is not simulated\n",
    });
  });
});
