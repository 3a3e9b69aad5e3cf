/**
 * `ip address` (iproute2 6.1): show [dev] DEV, add/del A/len [brd +|ADDR] dev DEV, flush dev DEV.
 * Output as `ip addr` prints it, including lo's ::1 and the fe80:: link-local address an up
 * interface with carrier gets; -4 hides the link and IPv6 lines, -br is the brief table.
 */
import type { Device, IfAddr } from '../../../devices/device.ts';
import { formatIpv4, inPrefix, prefixMask } from '../../../packet/ipv4.ts';
import { fail, notSimulated, ok, type CommandResult } from '../../types.ts';
import {
  cannotFind,
  invalidPrefix,
  kernelError,
  matches,
  parseAddrPrefix,
  type IpContext,
} from './common.ts';
import { headerLine, linkLine, linkLocal, linksOf, type LinkView } from './linkInfo.ts';

const LIFETIME = '       valid_lft forever preferred_lft forever\n';

export function ipAddr(ctx: IpContext, args: readonly string[]): CommandResult {
  const [verb, ...rest] = args;
  if (verb === undefined || matches(verb, 'show') || matches(verb, 'list') || verb === 'lst')
    return show(ctx, rest);
  if (matches(verb, 'add')) return add(ctx, rest);
  if (matches(verb, 'delete')) return del(ctx, rest);
  if (matches(verb, 'flush')) return flush(ctx, rest);
  if (verb === 'help')
    return fail('Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]\n', 255);
  if (['change', 'replace', 'save', 'restore', 'showdump'].some((v) => matches(verb, v)))
    return notSimulated(`ip address ${verb}`);
  return fail(`Command "${verb}" is unknown, try "ip address help".\n`, 255);
}

function show(ctx: IpContext, args: readonly string[]): CommandResult {
  let devName: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') devName = args[++i];
    else if (a === 'up' || a === 'scope' || a === 'label' || a === 'to')
      return notSimulated(`ip address show ${a}`);
    else devName = a;
  }
  let links = linksOf(ctx.world, ctx.ns);
  if (devName !== undefined) {
    links = links.filter((l) => l.dev.name === devName);
    if (links.length === 0) return fail(`Device "${devName}" does not exist.\n`);
  }
  if (ctx.family4) links = links.filter((l) => l.dev.addrs.length > 0);
  return ok(links.map((l) => (ctx.brief ? briefLine(l, ctx.family4) : entry(ctx, l))).join(''));
}

function scopeOf(a: IfAddr): string {
  return a.addr >>> 24 === 127 ? 'host' : 'global';
}

function isSecondary(dev: Device, a: IfAddr): boolean {
  const first = dev.addrs.find(
    (b) => b.len === a.len && inPrefix(b.addr, a.addr & prefixMask(a.len), a.len),
  );
  return first !== undefined && first !== a;
}

function entry(ctx: IpContext, l: LinkView): string {
  let out = headerLine(l, false, ctx.family4);
  if (!ctx.family4) out += linkLine(l);
  for (const a of l.dev.addrs) {
    const brd = ctx.world.links.broadcast(a);
    const brdText = brd === undefined ? '' : ` brd ${formatIpv4(brd)}`;
    const secondary = isSecondary(l.dev, a) ? ' secondary' : '';
    out += `    inet ${formatIpv4(a.addr)}/${a.len}${brdText} scope ${scopeOf(a)}${secondary} ${l.dev.name}\n${LIFETIME}`;
  }
  if (!ctx.family4) for (const six of ipv6Of(l)) out += `    inet6 ${six}\n${LIFETIME}`;
  return out;
}

function ipv6Of(l: LinkView): string[] {
  if (l.dev.kind === 'loopback') return l.dev.up ? ['::1/128 scope host '] : [];
  return l.carrier ? [`${linkLocal(l.dev.mac)}/64 scope link `] : [];
}

function briefLine(l: LinkView, family4: boolean): string {
  const addrs = l.dev.addrs.map((a) => `${formatIpv4(a.addr)}/${a.len} `).join('');
  const six = family4
    ? ''
    : ipv6Of(l)
        .map((s) => `${s.split(' ')[0]} `)
        .join('');
  return `${l.label.padEnd(16)} ${l.state.padEnd(14)} ${addrs}${six}\n`;
}

interface AddrArgs {
  prefix: { addr: number; len: number };
  text: string;
  dev: string;
  brd?: string;
}

function parseAddrArgs(args: readonly string[]): AddrArgs | CommandResult {
  let text: string | undefined;
  let dev: string | undefined;
  let brd: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'dev') dev = args[++i];
    else if (a === 'brd' || a === 'broadcast') brd = args[++i];
    else if (a === 'local') text = args[++i];
    else if (
      a === 'scope' ||
      a === 'label' ||
      a === 'peer' ||
      a === 'valid_lft' ||
      a === 'preferred_lft'
    ) {
      return notSimulated(`ip address add ... ${a}`);
    } else if (text === undefined) text = a;
    else return fail(`Error: either "local" is duplicate, or "${a}" is a garbage.\n`);
  }
  if (text === undefined) return fail('Not enough information: "dev" argument is required.\n');
  const prefix = parseAddrPrefix(text);
  if (!prefix) return invalidPrefix(text);
  if (dev === undefined) return fail('Not enough information: "dev" argument is required.\n');
  return { prefix, text, dev, brd };
}

function add(ctx: IpContext, args: readonly string[]): CommandResult {
  const p = parseAddrArgs(args);
  if ('exit' in p) return p;
  const dev = ctx.ns.net.devices.get(p.dev);
  if (!dev) return cannotFind(p.dev);
  if (dev.addrs.some((a) => a.addr === p.prefix.addr && a.len === p.prefix.len)) {
    return kernelError('ipv4: Address already assigned.');
  }
  const entryAddr: IfAddr = { addr: p.prefix.addr, len: p.prefix.len };
  if (p.brd !== undefined) {
    const mask = prefixMask(p.prefix.len);
    const brd =
      p.brd === '+' ? ((p.prefix.addr & mask) | ~mask) >>> 0 : parseAddrPrefix(p.brd)?.addr;
    if (brd === undefined) return fail(`Error: inet address is expected rather than "${p.brd}".\n`);
    ctx.world.links.setBroadcast(entryAddr, brd);
  }
  dev.addrs.push(entryAddr);
  return ok();
}

function del(ctx: IpContext, args: readonly string[]): CommandResult {
  const p = parseAddrArgs(args);
  if ('exit' in p) return p;
  const dev = ctx.ns.net.devices.get(p.dev);
  if (!dev) return cannotFind(p.dev);
  const wildcard = !p.text.includes('/');
  const i = dev.addrs.findIndex(
    (a) => a.addr === p.prefix.addr && (wildcard || a.len === p.prefix.len),
  );
  if (i === -1) return kernelError('ipv4: Address not found.');
  dev.addrs.splice(i, 1);
  if (!wildcard) return ok();
  return {
    exit: 0,
    stdout: '',
    stderr:
      `Warning: Executing wildcard deletion to stay compatible with old scripts.\n` +
      `         Explicitly specify the prefix length (${p.text}/32) to avoid this warning.\n` +
      `         This special behaviour is likely to disappear in further releases,\n` +
      `         fix your scripts!\n`,
  };
}

function flush(ctx: IpContext, args: readonly string[]): CommandResult {
  const name = args[0] === 'dev' ? args[1] : args[0];
  if (name === undefined) return fail('Flush requires arguments.\n');
  const dev = ctx.ns.net.devices.get(name);
  if (!dev) return fail(`Device "${name}" does not exist.\n`);
  dev.addrs.splice(0);
  return ok();
}
