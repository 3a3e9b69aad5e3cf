/**
 * ping, curl and nc for the lesson terminal: each one is a probe through the engine's packet
 * path (engine/scenario probe) from the namespace the command runs in, printed the way the
 * real tool reports that outcome. The simulated listener accepts a TCP connection but speaks
 * no HTTP, and curl says so instead of inventing a page.
 */
import { probe } from '../../../engine/scenario/index.ts';
import type { World } from '../../../engine/stack/index.ts';
import type { TraceEvent } from '../../../engine/trace/events.ts';
import type { CmdOutput } from './output.ts';
import { out, err } from './output.ts';

export interface ProbeRun {
  readonly client: Record<string, unknown> & { result: string };
  readonly trace: TraceEvent[];
}

export type ProbeFn = (spec: Record<string, unknown>) => ProbeRun;

export function probeOn(world: World): ProbeFn {
  return (spec) => {
    const { result, trace } = probe(world, spec);
    return { client: result.client, trace };
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function ping(args: readonly string[], from: string, run: ProbeFn): CmdOutput {
  let count = 4;
  let dst: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-c') count = Number(args[++i]);
    else if (a.startsWith('-')) return err(`ping: option ${a} is not simulated\n`, 2);
    else dst = a;
  }
  if (dst === undefined) return err('ping: usage error: Destination address required\n', 1);
  if (!IPV4.test(dst)) return err(`ping: ${dst}: Name or service not known\n`, 2);
  if (!Number.isInteger(count) || count < 1 || count > 10)
    return err('ping: the lesson terminal sends 1 to 10 packets (-c 1..10)\n', 2);
  let text = `PING ${dst} (${dst}) 56(84) bytes of data.\n`;
  let received = 0;
  for (let seq = 1; seq <= count; seq++) {
    const { client } = run({ from, proto: 'icmp', dst });
    if (client.result === 'reply') {
      received++;
      text += `64 bytes from ${dst}: icmp_seq=${seq} ttl=${client.ttl ?? 64} time=0.050 ms\n`;
    } else if (client.result === 'icmp-error') {
      text += `From ${String(client.error_from)} icmp_seq=${seq} ${icmpText(client)}\n`;
    }
  }
  const loss = Math.round(((count - received) / count) * 100);
  text += `\n--- ${dst} ping statistics ---\n${count} packets transmitted, ${received} received, ${loss}% packet loss, time ${(count - 1) * 1000}ms\n`;
  return { exit: received > 0 ? 0 : 1, stdout: text, stderr: '' };
}

function icmpText(c: Record<string, unknown>): string {
  const names: Record<string, string> = {
    '3/0': 'Destination Net Unreachable',
    '3/1': 'Destination Host Unreachable',
    '3/3': 'Destination Port Unreachable',
    '3/10': 'Destination Host Prohibited',
    '3/13': 'Packet filtered',
  };
  return (
    names[`${String(c.type)}/${String(c.code)}`] ?? `type ${String(c.type)} code ${String(c.code)}`
  );
}

/** `curl [-m SECS] [http://]ADDR[:PORT][/path]` */
export function curl(args: readonly string[], from: string, run: ProbeFn): CmdOutput {
  const url = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-m').at(-1);
  if (url === undefined) return err("curl: try 'curl --help' for more information\n", 2);
  const m = /^(?:http:\/\/)?(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?(?:\/.*)?$/.exec(url);
  if (!m) return err(`curl: (6) Could not resolve host: ${url}\n`, 6);
  const dst = m[1] as string;
  const port = Number(m[2] ?? 80);
  const { client } = run({ from, proto: 'tcp', dst, dport: port });
  switch (client.result) {
    case 'connected':
      return out(
        `packetpath: connected to ${dst} port ${port}; the simulated server accepts the connection but serves no HTTP\n`,
      );
    case 'refused':
      return err(
        `curl: (7) Failed to connect to ${dst} port ${port} after 0 ms: Couldn't connect to server\n`,
        7,
      );
    case 'unreachable':
      return err(
        `curl: (7) Failed to connect to ${dst} port ${port} after 0 ms: No route to host\n`,
        7,
      );
    default:
      return err(`curl: (28) Connection timed out after 5001 milliseconds\n`, 28);
  }
}

/** `nc -z [-v] [-u] ADDR PORT` */
export function nc(args: readonly string[], from: string, run: ProbeFn): CmdOutput {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const [dst, portText] = args.filter((a) => !a.startsWith('-'));
  if (!flags.includes('z') || dst === undefined || portText === undefined)
    return err('packetpath: the lesson terminal runs nc as `nc -z [-v] [-u] ADDR PORT`\n', 1);
  const udp = flags.includes('u');
  const port = Number(portText);
  const { client } = run({ from, proto: udp ? 'udp' : 'tcp', dst, dport: port });
  const okResult = udp ? client.result !== 'refused' : client.result === 'connected';
  const proto = udp ? 'udp' : 'tcp';
  if (!flags.includes('v')) return { exit: okResult ? 0 : 1, stdout: '', stderr: '' };
  return okResult
    ? { exit: 0, stdout: '', stderr: `Connection to ${dst} ${port} port [${proto}/*] succeeded!\n` }
    : err(`nc: connect to ${dst} port ${port} (${proto}) failed: ${ncReason(client.result)}\n`, 1);
}

function ncReason(result: string): string {
  if (result === 'refused') return 'Connection refused';
  if (result === 'unreachable') return 'No route to host';
  return 'Connection timed out';
}
