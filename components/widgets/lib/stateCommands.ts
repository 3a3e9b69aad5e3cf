/**
 * iptables, iptables-save, sysctl, ip (route, addr, netns list) and conntrack for the lesson
 * terminal, straight on the engine's Netns: the rules typed here are the rules the probes
 * traverse (COORDINATION.md, one world model). iptables is the engine's command layer
 * (engine/commands/iptables), so its output and errors are iptables 1.8.9's.
 */
import { runIptables, runIptablesSave } from '../../../engine/commands/iptables/index.ts';
import { formatIpv4, parseIpv4 } from '../../../engine/packet/ipv4.ts';
import { listEntry, lookupRoute, type Netns, type Route } from '../../../engine/stack/index.ts';
import type { CtTupleView } from '../../../engine/conntrack/list.ts';
import { err, out, type CmdOutput } from './output.ts';

export function iptables(ns: Netns, args: readonly string[]): CmdOutput {
  const r = runIptables(ns.ruleset, args);
  ns.rulesetChanged();
  return r;
}

export function iptablesSave(ns: Netns, args: readonly string[]): CmdOutput {
  return runIptablesSave(ns.ruleset, args);
}

/** sysctl KEY…, sysctl -w KEY=VALUE…, sysctl KEY=VALUE (procps-ng prints `key = value`). */
export function sysctl(ns: Netns, args: readonly string[]): CmdOutput {
  const write = args.includes('-w');
  const keys = args.filter((a) => a !== '-w' && a !== '-q');
  if (keys.length === 0)
    return err('packetpath: sysctl -a is not simulated in the lesson terminal\n');
  let stdout = '';
  let stderr = '';
  for (const k of keys) {
    const eq = k.indexOf('=');
    if (eq < 0 && write) {
      stderr += `sysctl: "${k}" must be of the form name=value\n`;
      continue;
    }
    const key = eq < 0 ? k : k.slice(0, eq);
    const problem = eq < 0 ? readProblem(ns, key) : ns.sysctls.set(key, k.slice(eq + 1));
    if (problem) stderr += `${problem}\n`;
    else stdout += `${key.replace(/\//g, '.')} = ${ns.sysctls.get(key) ?? ''}\n`;
  }
  return { exit: stderr === '' ? 0 : 255, stdout, stderr };
}

function readProblem(ns: Netns, key: string): string | undefined {
  if (ns.sysctls.has(key)) return undefined;
  return `sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: No such file or directory`;
}

/** `ip route [show]`, `ip route get ADDR`, `ip [-br] addr`, `ip netns [list]`. */
export function ip(ns: Netns, args: readonly string[], netnsNames: readonly string[]): CmdOutput {
  const brief = args[0] === '-br' || args[0] === '-brief';
  const [obj = '', verb = 'show', arg] = brief ? args.slice(1) : args;
  if ('route'.startsWith(obj) && obj.length >= 1 && obj !== 'a') return ipRoute(ns, verb, arg);
  if ('address'.startsWith(obj) && obj.length >= 1) return out(addrLines(ns));
  if (obj === 'netns' && (verb === 'show' || verb === 'list'))
    return out(netnsNames.map((n) => `${n}\n`).join(''));
  return err(
    `packetpath: 'ip ${args.join(' ')}' is not available in the lesson terminal (ip route, ip route get, ip addr, ip netns list, ip netns exec)\n`,
  );
}

function ipRoute(ns: Netns, verb: string, arg: string | undefined): CmdOutput {
  if (verb === 'show' || verb === 'list')
    return out(
      ns
        .routes()
        .filter((r) => r.table === 'main')
        .map((r) => `${routeLine(r)}\n`)
        .join(''),
    );
  if (verb !== 'get')
    return err(`packetpath: 'ip route ${verb}' is not available in the lesson terminal\n`);
  const dst = arg === undefined ? undefined : parseIpv4(arg);
  if (dst === undefined)
    return err(`Error: any valid prefix is expected rather than "${arg ?? ''}".\n`);
  const r = lookupRoute(ns.routes(), dst);
  if (!r) return err('RTNETLINK answers: Network is unreachable\n', 2);
  const via = r.via !== undefined ? ` via ${formatIpv4(r.via)}` : '';
  const local = r.type === 'local' ? 'local ' : '';
  const dev = r.type === 'local' ? 'lo' : (r.dev ?? '');
  const src = sourceFor(ns, r, dst);
  return out(
    `${local}${formatIpv4(dst)}${via} dev ${dev} src ${src} uid 0 \n    cache ${r.type === 'local' ? '<local> ' : ''}\n`,
  );
}

function sourceFor(ns: Netns, r: Route, dst: number): string {
  if (r.type === 'local') return formatIpv4(dst);
  if (r.prefsrc !== undefined) return formatIpv4(r.prefsrc);
  const a = ns.device(r.dev ?? '')?.addrs[0];
  return a ? formatIpv4(a.addr) : '0.0.0.0';
}

/** One route as `ip route` prints it. */
export function routeLine(r: Route): string {
  const dst =
    r.len === 0 ? 'default' : r.len === 32 ? formatIpv4(r.dst) : `${formatIpv4(r.dst)}/${r.len}`;
  const via = r.via !== undefined ? ` via ${formatIpv4(r.via)}` : '';
  const dev = r.dev !== undefined ? ` dev ${r.dev}` : '';
  const kernel = r.proto === 'kernel' ? ` proto kernel scope ${r.scope}` : '';
  const src =
    r.prefsrc !== undefined && r.proto === 'kernel' ? ` src ${formatIpv4(r.prefsrc)}` : '';
  return `${r.type === 'unicast' ? '' : `${r.type} `}${dst}${via}${dev}${kernel}${src} `;
}

function addrLines(ns: Netns): string {
  let text = '';
  for (const d of ns.devices.values()) {
    const addrs = d.addrs.map((a) => `${formatIpv4(a.addr)}/${a.len}`).join(' ');
    const name = d.name === 'eth0' || d.name.startsWith('veth') ? `${d.name}@if` : d.name;
    const state = d.name === 'lo' ? 'UNKNOWN' : d.up ? 'UP' : 'DOWN';
    text += `${name.padEnd(16)} ${state.padEnd(14)} ${addrs}\n`;
  }
  return text;
}

/** `conntrack -L` and `conntrack -F` (conntrack-tools' line format). */
export function conntrack(ns: Netns, args: readonly string[]): CmdOutput {
  const op = args[0];
  if (op === '-F' || op === '--flush') {
    ns.conntrack.flush();
    return {
      exit: 0,
      stdout: '',
      stderr: 'conntrack v1.4.7 (conntrack-tools): connection tracking table has been emptied.\n',
    };
  }
  if (op !== '-L' && op !== '--dump' && op !== undefined)
    return err(
      `packetpath: 'conntrack ${args.join(' ')}' is not simulated (conntrack -L, conntrack -F)\n`,
    );
  const lines = ns.conntrack.entries().map((e) => ctLine(listEntry(e)));
  return {
    exit: 0,
    stdout: lines.map((l) => `${l}\n`).join(''),
    stderr: `conntrack v1.4.7 (conntrack-tools): ${lines.length} flow entries have been shown.\n`,
  };
}

function ctLine(e: ReturnType<typeof listEntry>): string {
  const num = e.proto === 'tcp' ? 6 : e.proto === 'udp' ? 17 : 1;
  const state = e.state ? ` ${e.state}` : '';
  const flags = e.flags ?? [];
  const unreplied = flags.includes('UNREPLIED') ? ' [UNREPLIED]' : '';
  const assured = flags.includes('ASSURED') ? ' [ASSURED]' : '';
  return `${e.proto.padEnd(8)} ${num}${state} ${tuple(e.orig)}${unreplied} ${tuple(e.reply)}${assured} mark=${e.mark} use=1`;
}

function tuple(t: CtTupleView): string {
  if ('sport' in t) return `src=${t.src} dst=${t.dst} sport=${t.sport} dport=${t.dport}`;
  return `src=${t.src} dst=${t.dst} type=${t.type} code=${t.code} id=${t.id}`;
}
