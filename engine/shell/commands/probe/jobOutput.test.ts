// What background servers print on the terminal they were started in, among the output of
// the commands that reach them. Measured in throwaway namespaces (10.0.0.1 and 10.0.0.2 on a
// veth pair) with Python 3.11, netcat-openbsd 1.219 and curl 7.88.1, the servers started with
// `&` in the same shell as the clients, both writing to one terminal (2>&1 into one file):
//   b$ python3 -m http.server 80 &     a$ curl -m 2 10.0.0.2      a$ curl -s 10.0.0.2/nope -o /dev/null
//   a$ curl -v -m 2 10.0.0.2/nope -o /dev/null                    a$ curl -sI 10.0.0.2/
//   b$ nc -l 5000 & nc -lu 5001 & nc -lk 22 &
//   a$ nc -zv 10.0.0.2 5000   a$ nc -zvu 10.0.0.2 5001   a$ nc -zv 10.0.0.2 22   a$ curl -s -m 1 10.0.0.2:22
//   b$ nc -l 5002 > got &     a$ curl -s -m 1 10.0.0.2:5002      b$ cat -A got
// python logs a request on stderr before it writes the answer (send_response), so its line
// comes before curl's output of it; with -v after curl's request lines. nc prints what it
// reads: nothing for nc -z, an "X" per udptest datagram, curl's request.
import { describe, expect, it } from 'vitest';
import { twoNamespaces } from './twoHosts.ts';

const NOW = new Date('2026-11-26T17:55:30Z');
const inA = (cmd: string) => `ip netns exec a ${cmd}`;
const log = (line: string) => `10.0.0.1 - - [26/Nov/2026 17:55:30] ${line}\n`;
const job = (fd: 1 | 2, text: string) => ({ fd, text, job: true });

function withServers(...servers: string[]) {
  return twoNamespaces(
    servers.map((s) => `ip netns exec b ${s} &`),
    { now: () => NOW },
  );
}

describe('python3 -m http.server & logs each request on the terminal', () => {
  it('before the body curl prints; stdout and stderr keep their own text', () => {
    const sh = withServers('python3 -m http.server 80');
    const r = sh.run(inA('curl -m 2 10.0.0.2'));
    expect(r.stderr).toBe(log('"GET / HTTP/1.1" 200 -'));
    expect(r.stdout).toMatch(/^<!DOCTYPE HTML>\n/);
    expect(r.output).toEqual([job(2, log('"GET / HTTP/1.1" 200 -')), { fd: 1, text: r.stdout }]);
    expect(sh.run(inA('curl -sI 10.0.0.2')).stderr).toBe(log('"HEAD / HTTP/1.1" 200 -'));
  });

  it('send_error logs its code and message first; -v places the log after the request', () => {
    const sh = withServers('python3 -m http.server 80');
    const lines = log('code 404, message File not found') + log('"GET /nope HTTP/1.1" 404 -');
    expect(sh.run(inA('curl -s 10.0.0.2/nope -o /dev/null'))).toMatchObject({
      exit: 0,
      stdout: '',
      stderr: lines,
    });
    // Measured with -o /dev/null (the simulated curl takes -o with -s only): the body, on
    // stdout here, comes between the last `<` line and `* Closing connection 0`.
    const v = sh.run(inA('curl -v -m 2 10.0.0.2/nope'));
    expect(v.output?.map((c) => c.text).join('')).toBe(
      '*   Trying 10.0.0.2:80...\n' +
        '* Connected to 10.0.0.2 (10.0.0.2) port 80 (#0)\n' +
        '> GET /nope HTTP/1.1\r\n> Host: 10.0.0.2\r\n> User-Agent: curl/7.88.1\r\n> Accept: */*\r\n> \r\n' +
        lines +
        '* HTTP 1.0, assume close after body\n' +
        '< HTTP/1.0 404 File not found\r\n' +
        '< Server: SimpleHTTP/0.6 Python/3.11.2\r\n' +
        '< Date: Thu, 26 Nov 2026 17:55:30 GMT\r\n' +
        '< Connection: close\r\n' +
        '< Content-Type: text/html;charset=utf-8\r\n' +
        '< Content-Length: 335\r\n' +
        '< \r\n' +
        v.stdout +
        '* Closing connection 0\n',
    );
    expect(v.stdout).toMatch(/^<!DOCTYPE HTML>\n[^]*<\/html>\n$/);
  });

  it('stays on the terminal when curl is redirected or piped', () => {
    const sh = withServers('python3 -m http.server 80');
    expect(sh.run(inA('curl -s 10.0.0.2 > /dev/null 2>&1'))).toMatchObject({
      stdout: '',
      stderr: log('"GET / HTTP/1.1" 200 -'),
    });
    expect(sh.run(inA('curl -s 10.0.0.2 | grep -c href'))).toMatchObject({
      stdout: '0\n',
      stderr: log('"GET / HTTP/1.1" 200 -'),
    });
  });

  it('still writes after disown; a redirected server writes to its file', () => {
    const sh = withServers('python3 -m http.server 80 2> /tmp/web.log');
    sh.run('ip netns exec b python3 -m http.server 8000 &\ndisown -a');
    expect(sh.run(inA('curl -s 10.0.0.2:8000 -o /dev/null')).stderr).toBe(
      log('"GET / HTTP/1.1" 200 -'),
    );
    expect(sh.run(inA('curl -s 10.0.0.2 -o /dev/null')).stderr).toBe('');
    expect(sh.run('cat /tmp/web.log').stdout).toBe(log('"GET / HTTP/1.1" 200 -'));
  });

  it('is not shown once the session moved to a new terminal (a lesson setup’s servers)', () => {
    const sh = withServers('python3 -m http.server 80');
    sh.newTerminal();
    expect(sh.run(inA('curl -s 10.0.0.2 -o /dev/null'))).toMatchObject({ stderr: '' });
    sh.run('ip netns exec b python3 -m http.server 8000 &');
    expect(sh.run(inA('curl -s 10.0.0.2:8000 -o /dev/null')).stderr).toBe(
      log('"GET / HTTP/1.1" 200 -'),
    );
  });
});

describe('nc -l & prints what it reads', () => {
  it('nothing for nc -z; an X per datagram of nc -zvu, before nc’s own line', () => {
    const sh = withServers('nc -l 5000', 'nc -lu 5001', 'nc -lk 22');
    expect(sh.run(inA('nc -zv 10.0.0.2 5000'))).toMatchObject({
      stdout: '',
      stderr:
        'Connection to 10.0.0.2 5000 port [tcp/*] succeeded!\n' +
        '[1]   Done                    ip netns exec b nc -l 5000\n',
    });
    const udp = sh.run(inA('nc -zvu 10.0.0.2 5001'));
    expect(udp.output).toEqual([
      job(1, 'XXXXX'),
      { fd: 2, text: 'Connection to 10.0.0.2 5001 port [udp/*] succeeded!\n' },
    ]);
    // nc -lu is connected to the first client now: another one's datagrams are refused.
    expect(sh.run(inA('nc -zvu -w 1 10.0.0.2 5001'))).toMatchObject({ exit: 1, stdout: '' });
    expect(sh.run(inA('nc -zv 10.0.0.2 22'))).toMatchObject({
      stdout: '',
      stderr: 'Connection to 10.0.0.2 22 port [tcp/ssh] succeeded!\n',
    });
  });

  it('-w 1 sends three datagrams', () => {
    const sh = withServers('nc -lku 5001');
    expect(sh.run(inA('nc -zvu -w 1 10.0.0.2 5001')).output?.[0]).toEqual(job(1, 'XXX'));
  });

  it('curl’s request, on the terminal or in the file nc writes to', () => {
    const request =
      'GET / HTTP/1.1\r\nHost: 10.0.0.2:22\r\nUser-Agent: curl/7.88.1\r\nAccept: */*\r\n\r\n';
    const sh = withServers('nc -lk 22', 'nc -l 5002 > got');
    expect(sh.run(inA('curl -s -m 1 10.0.0.2:22')).output?.[0]).toEqual(job(1, request));
    expect(sh.run(inA('curl -s -m 1 10.0.0.2:5002')).stdout).not.toContain('GET /');
    expect(sh.run('cat got').stdout).toBe(request.replace(':22', ':5002'));
  });
});
