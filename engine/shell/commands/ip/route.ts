/**
 * `ip route` (iproute2 6.1): show [table main|local|all], add/del/replace, get ADDR. Lines as
 * iproute2 prints them, trailing space included: type (unless unicast), prefix, via, dev,
 * proto (unless boot), scope (unless global), src, metric, linkdown. Routes are listed in
 * the fib trie's order (by prefix, shorter first).
 */
import { parseIpv4, formatIpv4 } from '../../../packet/ipv4.ts';
import { parseRoute } from '../../../routing/parse.ts';
import { fibDumpOrder, lookupRoute, type Route } from '../../../routing/table.ts';
import { fail, notSimulated, ok, type CommandResult } from '../../types.ts';
import { cannotFind, matches, rtnetlink, type IpContext } from './common.ts';
import { describeLink } from './linkInfo.ts';

export function ipRoute(ctx: IpContext, args: readonly string[]): CommandResult {
  const [verb, ...rest] = args;
  if (verb === undefined || matches(verb, 'show') || matches(verb, 'list') || verb === 'lst')
    return show(ctx, rest);
  if (matches(verb, 'add') || matches(verb, 'append') || matches(verb, 'replace'))
    return add(ctx, rest, verb);
  if (matches(verb, 'delete')) return del(ctx, rest);
  if (matches(verb, 'get')) return get(ctx, rest);
  if (
    matches(verb, 'flush') ||
    matches(verb, 'change') ||
    matches(verb, 'save') ||
    matches(verb, 'restore')
  ) {
    return notSimulated(`ip route ${verb}`);
  }
  return fail(`Command "${verb}" is unknown, try "ip route help".\n`, 255);
}

function hasCarrier(ctx: IpContext, dev: string | undefined): boolean {
  const d = dev === undefined ? undefined : ctx.ns.net.devices.get(dev);
  return d === undefined || describeLink(ctx.world, ctx.ns, d).carrier;
}

export function routeLine(ctx: IpContext, r: Route, withTable: boolean): string {
  const parts: string[] = [];
  if (r.type !== 'unicast') parts.push(r.type);
  parts.push(
    r.len === 0 && r.table === 'main'
      ? 'default'
      : r.len === 32
        ? formatIpv4(r.dst)
        : `${formatIpv4(r.dst)}/${r.len}`,
  );
  if (withTable && r.table === 'local') parts.push('table local');
  if (r.via !== undefined) parts.push(`via ${formatIpv4(r.via)}`);
  if (r.dev !== undefined) parts.push(`dev ${r.dev}`);
  if (r.proto !== 'boot') parts.push(`proto ${r.proto}`);
  if (r.scope !== 'global') parts.push(`scope ${r.scope}`);
  if (r.prefsrc !== undefined) parts.push(`src ${formatIpv4(r.prefsrc)}`);
  if (r.metric !== 0) parts.push(`metric ${r.metric}`);
  if (r.dev !== undefined && r.type !== 'local' && !hasCarrier(ctx, r.dev)) parts.push('linkdown');
  return parts.join(' ') + ' \n';
}

function sorted(routes: readonly Route[]): Route[] {
  return [...routes].sort(fibDumpOrder);
}

function show(ctx: IpContext, args: readonly string[]): CommandResult {
  let table = 'main';
  let dev: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'table') table = args[++i] ?? '';
    else if (a === 'dev') dev = args[++i];
    else return notSimulated(`ip route show ${a}`);
  }
  if (!['main', 'local', 'all', '254', '255'].includes(table)) {
    return /^\d+$/.test(table)
      ? ok()
      : fail(`Error: argument "${table}" is wrong: table id value is invalid\n\n`, 255);
  }
  if (dev !== undefined && !ctx.ns.net.devices.has(dev)) return cannotFind(dev);
  const all = ctx.ns.net.routes().filter((r) => dev === undefined || r.dev === dev);
  const main = sorted(all.filter((r) => r.table === 'main'));
  const local = sorted(all.filter((r) => r.table === 'local'));
  if (table === 'local' || table === '255') {
    return local.length === 0
      ? fail('Error: ipv4: FIB table does not exist.\nDump terminated\n', 2)
      : ok(local.map((r) => routeLine(ctx, r, false)).join(''));
  }
  const shown = table === 'all' ? [...main, ...local] : main;
  return ok(shown.map((r) => routeLine(ctx, r, table === 'all')).join(''));
}

interface RouteArgs {
  args: string[];
  proto: Route['proto'] | undefined;
}

/** Pulls out what the engine's parser ignores (proto) and refuses what nothing models. */
function splitArgs(args: readonly string[]): RouteArgs | CommandResult {
  const out: string[] = [];
  let proto: Route['proto'] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === 'proto' || a === 'protocol') {
      const p = args[++i];
      if (p !== 'kernel' && p !== 'boot' && p !== 'static')
        return notSimulated(`ip route ... proto ${p ?? ''}`);
      proto = p;
    } else if (a === 'scope') i++;
    else if (a === 'table' && args[i + 1] !== 'main')
      return notSimulated(`ip route ... table ${args[i + 1] ?? ''}`);
    else if (
      ['onlink', 'mtu', 'advmss', 'realm', 'nexthop', 'encap', 'weight', 'tos', 'dsfield'].includes(
        a,
      )
    ) {
      return notSimulated(`ip route ... ${a}`);
    } else out.push(a);
  }
  return { args: out, proto };
}

function add(ctx: IpContext, rawArgs: readonly string[], verb: string): CommandResult {
  const split = splitArgs(rawArgs);
  if ('exit' in split) return split;
  const net = ctx.ns.net;
  const target = split.args.find(
    (a) => !['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit'].includes(a),
  );
  if (target === undefined) return fail('Error: inet prefix is expected rather than "".\n');
  if (target !== 'default' && !/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(target)) {
    return fail(`Error: inet prefix is expected rather than "${target}".\n`);
  }
  const devIndex = split.args.findIndex((a) => a === 'dev' || a === 'oif');
  const devName = devIndex === -1 ? undefined : split.args[devIndex + 1];
  if (devName !== undefined && !net.devices.has(devName)) return cannotFind(devName);
  const parsed = parseRoute(split.args, [...net.devices.values()], net.userRoutes);
  if ('error' in parsed) return routeError(parsed.error);
  const route: Route = { ...parsed.route, proto: split.proto ?? parsed.route.proto };
  const same = (r: Route) =>
    r.dst === route.dst && r.len === route.len && r.metric === route.metric;
  if (matches(verb, 'replace')) net.userRoutes = net.userRoutes.filter((r) => !same(r));
  else if (net.routes().some((r) => r.table === route.table && same(r)))
    return rtnetlink('File exists');
  net.userRoutes.push(route);
  return ok();
}

function routeError(error: string): CommandResult {
  if (error.startsWith('Error: ')) return fail(`${error}\n`, 2);
  if (error.startsWith('Cannot find device')) return fail(`${error}\n`);
  if (error.includes('prefix')) return fail('Error: Invalid prefix for given prefix length.\n', 2);
  return fail(`Error: ${error}\n`, 2);
}

function del(ctx: IpContext, rawArgs: readonly string[]): CommandResult {
  const split = splitArgs(rawArgs);
  if ('exit' in split) return split;
  const net = ctx.ns.net;
  const words = [...split.args];
  const target = words.shift();
  if (target === undefined) return fail('Error: inet prefix is expected rather than "".\n');
  const prefix = target === 'default' ? { addr: 0, len: 0 } : parsePrefixLoose(target);
  if (!prefix) return fail(`Error: inet prefix is expected rather than "${target}".\n`);
  const opt = (k: string) => {
    const i = words.indexOf(k);
    return i === -1 ? undefined : words[i + 1];
  };
  const via = opt('via');
  const dev = opt('dev');
  const metric = opt('metric');
  const i = net.userRoutes.findIndex(
    (r) =>
      r.dst === prefix.addr &&
      r.len === prefix.len &&
      (via === undefined || r.via === parseIpv4(via)) &&
      (dev === undefined || r.dev === dev) &&
      (metric === undefined || r.metric === Number(metric)),
  );
  if (i === -1) return rtnetlink('No such process');
  net.userRoutes.splice(i, 1);
  return ok();
}

function parsePrefixLoose(text: string): { addr: number; len: number } | undefined {
  const [a, l] = text.split('/');
  const addr = parseIpv4(a ?? '');
  const len = l === undefined ? 32 : Number(l);
  return addr === undefined || !(len >= 0 && len <= 32) ? undefined : { addr, len };
}

/** `ip route get ADDR`: the route the kernel would pick for a packet this host sends. */
function get(ctx: IpContext, args: readonly string[]): CommandResult {
  const [target, ...rest] = args;
  if (target === undefined) return fail('need at least a destination address\n');
  if (rest.length > 0) return notSimulated(`ip route get ... ${rest[0]}`);
  const dst = /^\d+\.\d+\.\d+\.\d+$/.test(target) ? parseIpv4(target) : undefined;
  if (dst === undefined) return fail(`Error: inet prefix is expected rather than "${target}".\n`);
  const routes = ctx.ns.net.routes();
  const r = lookupRoute(routes, dst);
  if (!r || r.type === 'unreachable' || r.type === 'prohibit' || r.type === 'blackhole') {
    const why =
      r?.type === 'prohibit'
        ? 'Permission denied'
        : r?.type === 'blackhole' || r?.type === 'unreachable'
          ? 'Invalid argument'
          : 'Network is unreachable';
    return rtnetlink(r?.type === 'unreachable' ? 'No route to host' : why);
  }
  if (r.type === 'local' || r.type === 'broadcast') {
    const dev = r.type === 'local' ? 'lo' : r.dev;
    const src = r.type === 'local' ? dst : r.prefsrc;
    const cache = r.type === 'local' ? '<local>' : '<local,brd>';
    return ok(
      `${r.type} ${target} dev ${dev} src ${formatIpv4(src ?? dst)} uid 0 \n    cache ${cache} \n`,
    );
  }
  const src = r.prefsrc ?? sourceFor(ctx, r.dev, r.via ?? dst);
  const via = r.via === undefined ? '' : ` via ${formatIpv4(r.via)}`;
  return ok(
    `${target}${via} dev ${r.dev} src ${src === undefined ? '0.0.0.0' : formatIpv4(src)} uid 0 \n    cache \n`,
  );
}

/** inet_select_addr: an address of the device in the next hop's subnet, else its first one. */
function sourceFor(
  ctx: IpContext,
  devName: string | undefined,
  nextHop: number,
): number | undefined {
  const dev = devName === undefined ? undefined : ctx.ns.net.devices.get(devName);
  if (!dev) return undefined;
  const inSubnet = dev.addrs.find((a) => a.len === 0 || (a.addr ^ nextHop) >>> (32 - a.len) === 0);
  return (inSubnet ?? dev.addrs[0])?.addr;
}
