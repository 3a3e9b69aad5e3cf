/**
 * tcpdump -n -i IF: not a live capture but the packets of the last probing command (ping, curl,
 * nc) that crossed IF in this namespace, one tcpdump line each. Frames a veth sends are the
 * ones its peer received. Payloads are empty: the probes carry none.
 */
import type { PacketView, TraceEvent } from '../../../trace/events.ts';
import { fail, notSimulated, type CommandContext, type CommandResult } from '../../types.ts';
import { probeLog } from './run.ts';

const FLAG_LETTERS: readonly [string, string][] = [
  ['FIN', 'F'],
  ['SYN', 'S'],
  ['RST', 'R'],
  ['PSH', 'P'],
  ['ACK', '.'],
  ['URG', 'U'],
  ['ECE', 'E'],
  ['CWR', 'W'],
];

const ICMP_TEXT: Readonly<Record<string, string>> = {
  '0/0': 'echo reply',
  '8/0': 'echo request',
  '3/0': 'net unreachable',
  '3/1': 'host unreachable',
  '3/3': 'port unreachable',
  '3/9': 'net prohibited',
  '3/10': 'host prohibited',
  '3/13': 'administratively prohibited',
  '11/0': 'time exceeded in-transit',
};

function describe(p: PacketView): string {
  if (p.proto === 'tcp') {
    const names = (p.flags ?? '').split(',');
    const letters =
      FLAG_LETTERS.filter(([n]) => names.includes(n))
        .map(([, l]) => l)
        .join('') || 'none';
    return `IP ${p.src}.${p.sport} > ${p.dst}.${p.dport}: Flags [${letters}], length 0`;
  }
  if (p.proto === 'udp')
    return `IP ${p.src}.${p.sport} > ${p.dst}.${p.dport}: UDP, length ${Math.max(0, p.len - 28)}`;
  if (p.proto === 'icmp') {
    const text = ICMP_TEXT[`${p.type}/${p.code}`] ?? `type ${p.type}, code ${p.code}`;
    return `IP ${p.src} > ${p.dst}: ICMP ${text}, length ${Math.max(0, p.len - 20)}`;
  }
  return `IP ${p.src} > ${p.dst}: ip-proto-${p.proto}, length ${p.len}`;
}

function stamp(k: number): string {
  return `00:00:${String(Math.floor(k / 1000)).padStart(2, '0')}.${String((k % 1000) * 1000 + 12).padStart(6, '0')}`;
}

export function tcpdump(ctx: CommandContext): CommandResult {
  let iface: string | undefined;
  for (let i = 1; i < ctx.argv.length; i++) {
    const a = ctx.argv[i]!;
    if (a === '-i') iface = ctx.argv[++i];
    else if (a.startsWith('-i') && a.length > 2) iface = a.slice(2);
    else if (a === '-n' || a === '-nn' || a === '-l') continue;
    else return notSimulated(`tcpdump ${a} (only tcpdump -n -i IF over the last probes is)`);
  }
  if (iface === undefined) return notSimulated('tcpdump without -i IF');
  const net = ctx.ns.net;
  const dev = net.devices.get(iface);
  if (!dev && iface !== 'any')
    return fail(`tcpdump: ${iface}: No such device exists\n(SIOCGIFHWADDR: No such device)\n`);
  const peer = dev?.kind === 'veth' ? dev.peer : undefined;
  const crosses = (e: TraceEvent): e is Extract<TraceEvent, { type: 'receive' }> =>
    e.type === 'receive' &&
    ((e.ns === ctx.ns.key && (iface === 'any' || e.dev === iface)) ||
      (peer !== undefined && e.ns === peer.ns && e.dev === peer.name));
  const packets = probeLog(ctx).events.filter(crosses);
  const lines = packets.map((e, k) => `${stamp(k)} ${describe(e.packet)}\n`).join('');
  const head =
    'packetpath: tcpdump shows the packets of the last probing command; it does not wait for new ones\n' +
    'tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n' +
    `listening on ${iface}, link-type ${iface === 'any' ? 'LINUX_SLL2 (Linux cooked v2)' : 'EN10MB (Ethernet)'}, snapshot length 262144 bytes\n`;
  const n = packets.length;
  const tail = `${n} packet${n === 1 ? '' : 's'} captured\n${n} packet${n === 1 ? '' : 's'} received by filter\n0 packets dropped by kernel\n`;
  return { exit: 0, stdout: lines, stderr: head + tail };
}
