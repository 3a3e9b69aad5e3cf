import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHostShell } from './index.ts';

describe('shell session', () => {
  it('runs ;, && and || as bash does, with $?', () => {
    const sh = createHostShell();
    expect(
      sh.run('false; echo $?; true && echo yes || echo no; false && echo yes || echo no'),
    ).toMatchObject({
      exit: 0,
      stdout: '1\nyes\nno\n',
    });
  });

  it('pipes stdout into the next command and keeps the last exit code; ! inverts it', () => {
    const sh = createHostShell();
    expect(sh.run('nope | grep -c y')).toMatchObject({
      exit: 1,
      stdout: '0\n',
      stderr: 'bash: nope: command not found\n',
    });
    expect(sh.run('echo -e "a\\nb\\nab" | grep b')).toMatchObject({ exit: 0, stdout: 'b\nab\n' });
    expect(sh.run('echo a | grep z')).toMatchObject({ exit: 1, stdout: '' });
    expect(sh.run('! echo a | grep z')).toMatchObject({ exit: 0 });
  });

  it('redirects in bash order: >file 2>&1 catches both, 2>&1 >file keeps stderr', () => {
    const sh = createHostShell();
    expect(sh.run('nope >out 2>&1; cat out')).toMatchObject({
      stdout: 'bash: nope: command not found\n',
      stderr: '',
    });
    expect(sh.run('nope 2>&1 >out')).toMatchObject({ stdout: 'bash: nope: command not found\n' });
    expect(sh.run('echo a >> out; echo b >> out; cat out')).toMatchObject({ stdout: 'a\nb\n' });
    expect(sh.run('nope 2>/dev/null')).toMatchObject({ exit: 127, stdout: '', stderr: '' });
    expect(sh.run('cat < missing')).toMatchObject({
      exit: 1,
      stderr: 'bash: missing: No such file or directory\n',
    });
  });

  it('reads and writes /proc/sys like the kernel', () => {
    const sh = createHostShell();
    expect(sh.run('cat /proc/sys/net/ipv4/ip_forward').stdout).toBe('0\n');
    expect(
      sh.run('echo 1 > /proc/sys/net/ipv4/ip_forward && sysctl net.ipv4.ip_forward').stdout,
    ).toBe('net.ipv4.ip_forward = 1\n');
    expect(sh.run('echo abc > /proc/sys/net/ipv4/ip_forward')).toEqual({
      exit: 1,
      stdout: '',
      stderr: 'bash: echo: write error: Invalid argument\n',
      clear: false,
      exited: false,
    });
    expect(sh.run('echo 1 > /proc/sys/net/ipv4/nope')).toMatchObject({
      exit: 1,
      stderr: 'bash: /proc/sys/net/ipv4/nope: No such file or directory\n',
    });
    expect(sh.run('cat /proc/sys/net/bridge/bridge-nf-call-iptables').stdout).toBe('1\n');
  });

  it('feeds here-documents and here-strings to stdin', () => {
    const sh = createHostShell();
    sh.run('X=world');
    expect(sh.run('cat <<EOF\nhello $X\nEOF').stdout).toBe('hello world\n');
    expect(sh.run("cat <<'EOF'\nhello $X\nEOF").stdout).toBe('hello $X\n');
    expect(sh.run('cat <<-EOF\n\t\tindented\n\tEOF').stdout).toBe('indented\n');
    expect(sh.run('grep o <<< "$X"').stdout).toBe('world\n');
  });

  it('says plainly what it does not simulate, and what does not exist', () => {
    const sh = createHostShell();
    expect(sh.run('foo --bar')).toMatchObject({
      exit: 127,
      stderr: 'bash: foo: command not found\n',
    });
    expect(sh.run('echo $(id)')).toMatchObject({
      exit: 1,
      stderr: "packetpath: 'command substitution $(…)' is not simulated\n",
    });
    expect(sh.run('fg %1')).toMatchObject({
      exit: 1,
      stderr:
        "packetpath: 'fg (a server in the foreground would block this terminal)' is not simulated\n",
    });
    expect(sh.run('for i in 1; do echo; done')).toMatchObject({ exit: 1 });
    expect(sh.run('echo a | && b')).toMatchObject({
      exit: 2,
      stderr: "bash: syntax error near unexpected token `&&'\n",
    });
  });

  it('keeps history, numbered as bash prints it, and clear asks the terminal to wipe', () => {
    const sh = createHostShell({ history: ['old'] });
    sh.run('echo a');
    expect(sh.run('history').stdout).toBe('    1  old\n    2  echo a\n    3  history\n');
    expect(sh.run('clear')).toMatchObject({ clear: true, stdout: '' });
    expect(sh.run('echo')).toMatchObject({ clear: false });
  });

  it('stops at exit, with its status', () => {
    const sh = createHostShell();
    expect(sh.runLines('echo a\nexit 3; echo b\necho c')).toEqual([
      { cmd: 'echo a', exit: 0, stdout: 'a\n', stderr: '' },
      { cmd: 'exit 3; echo b', exit: 3, stdout: '', stderr: '' },
    ]);
    expect(sh.run('true && exit')).toMatchObject({ exit: 0, exited: true });
    expect(sh.run('echo again')).toMatchObject({ stdout: 'again\n', exited: false });
  });

  it('has printf, which and type as bash and Debian have them', () => {
    const sh = createHostShell();
    expect(sh.run("printf '%s=%d\\n' a 1 b 2").stdout).toBe('a=1\nb=2\n');
    expect(sh.run("printf '%-5s|%05d|%x\\n' ab 42 255").stdout).toBe('ab   |00042|ff\n');
    expect(sh.run('which iptables ip docker nope')).toMatchObject({
      exit: 1,
      stdout: '/usr/sbin/iptables\n/usr/sbin/ip\n/usr/bin/docker\n',
    });
    expect(sh.run('type echo iptables').stdout).toBe(
      'echo is a shell builtin\niptables is /usr/sbin/iptables\n',
    );
    expect(sh.run('sleep 1')).toMatchObject({
      exit: 1,
      stderr: "packetpath: 'sleep (simulated time does not pass)' is not simulated\n",
    });
  });

  it('runs sh -c / bash -c text and script files in the current namespace', () => {
    const sh = createHostShell();
    sh.run('ip netns add c1');
    expect(
      sh.run(
        "ip netns exec c1 sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward; sysctl net.ipv4.ip_forward'",
      ).stdout,
    ).toBe('net.ipv4.ip_forward = 1\n');
    expect(sh.run('sysctl -n net.ipv4.ip_forward').stdout).toBe('0\n');
    expect(sh.run("echo hi | bash -c 'cat; echo x'").stdout).toBe('hi\nx\n');
    sh.run("cat > setup.sh <<'EOF'\niptables -N X\niptables -A X -j RETURN\nEOF");
    expect(sh.run('bash setup.sh && iptables -S X').stdout).toBe('-N X\n-A X -j RETURN\n');
    expect(sh.run('bash nope.sh')).toMatchObject({
      exit: 127,
      stderr: 'bash: nope.sh: No such file or directory\n',
    });
  });

  it('tells the terminal when a line needs more input', () => {
    const sh = createHostShell();
    expect(sh.needsMore("echo 'a")).toBe(true);
    expect(sh.needsMore('cat <<EOF\nx')).toBe(true);
    expect(sh.needsMore('echo a &&')).toBe(true);
    expect(sh.needsMore('cat <<EOF\nx\nEOF')).toBe(false);
  });

  it('finishes an unterminated here-document at end of input with bash’s warning', () => {
    const r = createHostShell().runLines('cat <<EOF\nbody');
    expect(r).toEqual([
      {
        cmd: 'cat <<EOF\nbody',
        exit: 0,
        stdout: 'body\n',
        stderr: "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n",
      },
    ]);
  });
});

describe('no exception escapes run() (property)', () => {
  const vocab = [
    'iptables',
    'iptables-save',
    'iptables-restore',
    'ip',
    'sysctl',
    'cat',
    'echo',
    'grep',
    'ping',
    'curl',
    'nc',
    'conntrack',
    'bridge',
    'tcpdump',
    'modprobe',
    'lsmod',
    'help',
    'history',
    'clear',
    'sudo',
    'docker',
    'kubectl',
    'addr',
    'link',
    'route',
    'neigh',
    'netns',
    'exec',
    'add',
    'del',
    'show',
    'get',
    'dev',
    'lo',
    'eth0',
    'via',
    '-A',
    '-I',
    '-D',
    '-t',
    'nat',
    '-j',
    'ACCEPT',
    '-p',
    'tcp',
    '--dport',
    '80',
    '-w',
    '-n',
    '-c',
    '1',
    '-z',
    '10.0.0.1/24',
    '/proc/sys/net/ipv4/ip_forward',
    'net.ipv4.ip_forward=1',
    ';',
    '&&',
    '||',
    '|',
    '&',
    '>',
    '>>',
    '<',
    '<<EOF',
    "<<'EOF'",
    '<<-EOF',
    'EOF',
    '\n',
    '2>&1',
    "'",
    '"',
    '\\',
    '$',
    '$?',
    '${',
    '$(',
    '`',
    '#',
    '!',
    '(',
    ')',
    '{',
    '}',
    '~',
    '*',
    'if',
    'then',
    'fi',
    '=',
    'X=1',
    '<<<',
    '&>',
    '>&',
    '0<&',
    '3>x',
  ];
  const line = fc
    .array(fc.oneof(fc.constantFrom(...vocab), fc.string({ maxLength: 6 })), { maxLength: 14 })
    .map((ws) => ws.join(' '));
  it('returns a result for any line', () => {
    const sh = createHostShell();
    fc.assert(
      fc.property(line, (text) => {
        const r = sh.run(text);
        expect(Number.isInteger(r.exit)).toBe(true);
        expect(typeof r.stdout).toBe('string');
        expect(typeof r.stderr).toBe('string');
        expect(r.stderr).not.toMatch(/internal error/);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
