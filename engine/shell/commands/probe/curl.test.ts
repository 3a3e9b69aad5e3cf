// curl against python3 -m http.server, as on Linux. Recorded with Debian 12's python3 3.11.2
// and curl 7.88.1 in throwaway namespaces (10.0.0.1 and 10.0.0.2 on a veth pair), stdout a
// terminal (`script -qec`), the server started in an empty directory:
//   b$ cd empty && python3 -m http.server 8000 &
//   a$ curl -m 2 10.0.0.2:8000          a$ curl -i -m 2 10.0.0.2:8000/x
//   a$ curl -I -m 2 10.0.0.2:8000       a$ curl -f / -sf / -v -f 10.0.0.2:8000/x
// Real Date headers carried the wall clock; here it is the session's (injected) clock. On a
// terminal curl shows -i/-I header names in bold, which this terminal does not.
import { describe, expect, it } from 'vitest';
import { createHostShell } from '../../index.ts';
import { listingPage } from './httpServer.ts';
import { twoNamespaces } from './twoHosts.ts';

const NOW = new Date('2026-11-26T17:55:30Z');
const DATE = 'Thu, 26 Nov 2026 17:55:30 GMT';

/** The server runs in b, started in another terminal (as recorded): its log is not shown here. */
function serving(start = 'python3 -m http.server 8000 &') {
  const sh = twoNamespaces([`ip netns exec b ${start}`], { now: () => NOW });
  sh.newTerminal();
  return sh;
}

const inA = (cmd: string) => `ip netns exec a ${cmd}`;

const EMPTY_LISTING = `<!DOCTYPE HTML>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Directory listing for /</title>
</head>
<body>
<h1>Directory listing for /</h1>
<hr>
<ul>
</ul>
<hr>
</body>
</html>
`;

const NOT_FOUND = `<!DOCTYPE HTML>
<html lang="en">
    <head>
        <meta charset="utf-8">
        <title>Error response</title>
    </head>
    <body>
        <h1>Error response</h1>
        <p>Error code: 404</p>
        <p>Message: File not found.</p>
        <p>Error code explanation: 404 - Nothing matches the given URI.</p>
    </body>
</html>
`;

const OK_HEADERS =
  'HTTP/1.0 200 OK\r\n' +
  'Server: SimpleHTTP/0.6 Python/3.11.2\r\n' +
  `Date: ${DATE}\r\n` +
  'Content-type: text/html; charset=utf-8\r\n' +
  'Content-Length: 187\r\n' +
  '\r\n';

const NOT_FOUND_HEADERS =
  'HTTP/1.0 404 File not found\r\n' +
  'Server: SimpleHTTP/0.6 Python/3.11.2\r\n' +
  `Date: ${DATE}\r\n` +
  'Connection: close\r\n' +
  'Content-Type: text/html;charset=utf-8\r\n' +
  'Content-Length: 335\r\n' +
  '\r\n';

describe('curl against python3 -m http.server', () => {
  it('GET / prints the listing of an empty directory', () => {
    const sh = serving();
    expect(sh.run(inA('curl -m 2 10.0.0.2:8000'))).toMatchObject({
      exit: 0,
      stdout: EMPTY_LISTING,
      stderr: '',
    });
    expect(EMPTY_LISTING).toHaveLength(187);
  });

  it('the server closes first: its FIN leads, TIME-WAIT is on its side (nc -z: the client’s)', () => {
    // Measured: curl -s -o /dev/null 10.0.0.2:8000 against python3 -m http.server 8000,
    // tcpdump -n -i va in a (data segments left out), then ss -tan in each namespace:
    //   IP 10.0.0.2.8000 > 10.0.0.1.37954: Flags [F.], seq 22157, ack 78, …
    //   IP 10.0.0.1.37954 > 10.0.0.2.8000: Flags [F.], seq 78, ack 22158, …
    //   IP 10.0.0.2.8000 > 10.0.0.1.37954: Flags [.], ack 79, …
    //   b: TIME-WAIT 0 0 10.0.0.2:8000 10.0.0.1:37954      a: no TIME-WAIT
    const sh = serving();
    expect(sh.run(inA('curl -s -o /dev/null -m 2 10.0.0.2:8000')).exit).toBe(0);
    const flags = (text: string) =>
      text
        .split('\n')
        .map((l) => /(IP \S+ > \S+): Flags \[([^\]]+)\]/.exec(l))
        .filter((m) => m !== null)
        .map((m) => `${m[1]}: ${m[2]}`);
    expect(flags(sh.run(inA('tcpdump -n -i va')).stdout).slice(-3)).toEqual([
      'IP 10.0.0.2.8000 > 10.0.0.1.40001: F.',
      'IP 10.0.0.1.40001 > 10.0.0.2.8000: F.',
      'IP 10.0.0.2.8000 > 10.0.0.1.40001: .',
    ]);
    const timeWaits = (ns: string) =>
      sh
        .run(`ip netns exec ${ns} ss -tanH`)
        .stdout.split('\n')
        .filter((l) => l.startsWith('TIME-WAIT'))
        .map((l) => l.split(/\s+/).slice(3, 5).join(' '));
    expect(timeWaits('b')).toEqual(['10.0.0.2:8000 10.0.0.1:40001']);
    expect(timeWaits('a')).toEqual([]);
    // nc -z sends no request: python reads EOF after the client's close, so the client's side.
    sh.run(inA('nc -z 10.0.0.2 8000'));
    expect(timeWaits('a')).toEqual(['10.0.0.1:40002 10.0.0.2:8000']);
  });

  it('-i shows the headers, -I sends HEAD and shows only them', () => {
    const sh = serving();
    expect(sh.run(inA('curl -i -m 2 10.0.0.2:8000')).stdout).toBe(OK_HEADERS + EMPTY_LISTING);
    expect(sh.run(inA('curl -I -m 2 10.0.0.2:8000')).stdout).toBe(OK_HEADERS);
  });

  it('another path gets the 404 page; curl still exits 0', () => {
    const sh = serving();
    expect(sh.run(inA('curl -m 2 10.0.0.2:8000/x'))).toMatchObject({
      exit: 0,
      stdout: NOT_FOUND,
    });
    expect(NOT_FOUND).toHaveLength(335);
    expect(sh.run(inA('curl -i -m 2 10.0.0.2:8000/x')).stdout).toBe(NOT_FOUND_HEADERS + NOT_FOUND);
    expect(sh.run(inA('curl -I -m 2 10.0.0.2:8000/x')).stdout).toBe(NOT_FOUND_HEADERS);
  });

  it('-f fails with (22); -s hides the message, -S shows it; -i -f shows the headers', () => {
    const sh = serving();
    const error = 'curl: (22) The requested URL returned error: 404\n';
    expect(sh.run(inA('curl -f 10.0.0.2:8000/x'))).toMatchObject({
      exit: 22,
      stdout: '',
      stderr: error,
    });
    expect(sh.run(inA('curl -s 10.0.0.2:8000/x -f'))).toMatchObject({ exit: 22, stderr: '' });
    expect(sh.run(inA('curl -sS -f 10.0.0.2:8000/x'))).toMatchObject({ exit: 22, stderr: error });
    expect(sh.run(inA('curl -if 10.0.0.2:8000/x'))).toMatchObject({
      exit: 22,
      stdout: NOT_FOUND_HEADERS,
      stderr: error,
    });
  });

  it('-v traces the exchange on stderr', () => {
    const sh = serving();
    const r = sh.run(inA('curl -v -f 10.0.0.2:8000/x'));
    expect(r.stderr).toBe(
      '*   Trying 10.0.0.2:8000...\n' +
        '* Connected to 10.0.0.2 (10.0.0.2) port 8000 (#0)\n' +
        '> GET /x HTTP/1.1\r\n' +
        '> Host: 10.0.0.2:8000\r\n' +
        '> User-Agent: curl/7.88.1\r\n' +
        '> Accept: */*\r\n' +
        '> \r\n' +
        '* HTTP 1.0, assume close after body\n' +
        NOT_FOUND_HEADERS.split('\r\n')
          .slice(0, -2)
          .map((l) => `< ${l}\r\n`)
          .join('') +
        '* The requested URL returned error: 404\n' +
        '* Closing connection 0\n' +
        'curl: (22) The requested URL returned error: 404\n',
    );
    // Port 80: the Host header has no port (measured: `> Host: 10.0.0.2`).
    const sh80 = serving('python3 -m http.server 80 &');
    expect(sh80.run(inA('curl -v 10.0.0.2')).stderr).toContain('> Host: 10.0.0.2\r\n');
  });

  it('lists the files the session wrote in its directory; -o writes the body', () => {
    const sh = serving();
    sh.run('iptables-save > rules.v4');
    sh.run('echo hi > Notes.txt');
    expect(sh.run(inA('curl -s -o page.html 10.0.0.2:8000'))).toMatchObject({
      exit: 0,
      stdout: '',
    });
    // Measured in a directory holding Notes.txt, rules.v4 and sub/: sorted by lower case.
    expect(sh.run('cat page.html').stdout).toContain(
      '<ul>\n<li><a href="Notes.txt">Notes.txt</a></li>\n<li><a href="rules.v4">rules.v4</a></li>\n</ul>',
    );
    // Serving a file is not simulated (its Last-Modified needs a modification time).
    expect(sh.run(inA('curl -s 10.0.0.2:8000/rules.v4')).stdout).toMatch(/not simulated/);
  });

  it('-o into a directory that is not there fails after the transfer (23); -f leaves no file', () => {
    // Measured: curl -s / -sS / -sSI -m 2 10.0.0.2/ -o /root/nodir/f; curl -sf … /nope -o F
    const sh = serving();
    expect(sh.run(inA('curl -s -o /root/nodir/f 10.0.0.2:8000'))).toMatchObject({
      exit: 23,
      stdout: '',
      stderr: '',
    });
    expect(sh.run(inA('curl -sS -o /root/nodir/f 10.0.0.2:8000')).stderr).toBe(
      'curl: (23) Failure writing output to destination\n',
    );
    expect(sh.run(inA('curl -sSI -o /root/nodir/f 10.0.0.2:8000')).stderr).toBe(
      'curl: (23) Failed writing header\n',
    );
    expect(sh.run(inA('curl -sSf -o /root/nodir/f 10.0.0.2:8000/x'))).toMatchObject({
      exit: 22,
      stderr: 'curl: (22) The requested URL returned error: 404\n',
    });
    expect(sh.run(inA('curl -sf -o /tmp/e 10.0.0.2:8000/x')).exit).toBe(22);
    expect(sh.run('cat /tmp/e').stderr).toBe('cat: /tmp/e: No such file or directory\n');
  });

  it('a server started elsewhere than /root and /tmp is not simulated', () => {
    const sh = createHostShell();
    expect(sh.run('python3 -m http.server -d /etc 8000 &').stderr).toContain(
      "packetpath: 'python3 -m http.server serving /etc (the simulated files are those written under /root and /tmp)' is not simulated\n",
    );
  });

  it('-d with a directory that does not exist answers 404 for /', () => {
    const sh = serving('python3 -m http.server -d nowhere 8000 &');
    expect(sh.run(inA('curl -s 10.0.0.2:8000'))).toMatchObject({ exit: 0, stdout: NOT_FOUND });
  });

  it('other servers keep saying that no HTTP content is simulated', () => {
    const sh = serving('nc -lk 9000 &');
    expect(sh.run(inA('curl 10.0.0.2:9000')).stdout).toMatch(/no HTTP server is simulated/);
  });
});

describe('curl’s URL forms (curl 7.88.1 in an empty namespace: each is (7) on a closed port)', () => {
  const sh = createHostShell();
  const refused = (port: number) => ({
    exit: 7,
    stdout: '',
    stderr: `curl: (7) Failed to connect to 127.0.0.1 port ${port} after 0 ms: Couldn't connect to server\n`,
  });

  it('takes an empty port as the default, the scheme in any case, :// later in the path', () => {
    expect(sh.run('curl http://127.0.0.1:/x')).toMatchObject(refused(80));
    expect(sh.run('curl HTTP://127.0.0.1:9/')).toMatchObject(refused(9));
    expect(sh.run('curl 127.0.0.1/a://b')).toMatchObject(refused(80));
  });

  it('is error 3 for a URL without a host or with a bad port', () => {
    const bad = { exit: 3, stderr: 'curl: (3) URL using bad/illegal format or missing URL\n' };
    expect(sh.run('curl http://')).toMatchObject(bad);
    expect(sh.run('curl 127.0.0.1:abc')).toMatchObject(bad);
  });

  it('says what it does not simulate instead of calling the URL malformed', () => {
    for (const url of ['ftp://127.0.0.1:9/', 'http://user@127.0.0.1:9/', 'http://[::1]:9/'])
      expect(sh.run(`curl ${url}`).stderr, url).toMatch(/is not simulated/);
  });
});

describe('list_directory', () => {
  it('sorts by lower case, marks directories, escapes names', () => {
    const page = listingPage('/', [
      { name: 'rules.v4', dir: false },
      { name: 'sub', dir: true },
      { name: 'Notes.txt', dir: false },
      { name: 'a b&c', dir: false },
    ]);
    expect(page).toContain(
      '<li><a href="a%20b%26c">a b&amp;c</a></li>\n' +
        '<li><a href="Notes.txt">Notes.txt</a></li>\n' +
        '<li><a href="rules.v4">rules.v4</a></li>\n' +
        '<li><a href="sub/">sub/</a></li>\n',
    );
  });
});
