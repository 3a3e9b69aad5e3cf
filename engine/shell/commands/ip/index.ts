/**
 * `ip` (iproute2 6.1) over the namespace the shell runs in: options -4, -br, -n NS; objects
 * address, link, route, neigh, netns and rule (the three default rules). Objects are matched
 * by prefix in ip.c's order, so `ip a`, `ip r`, `ip n`, `ip l` mean what they mean on Linux.
 */
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../../types.ts';
import { ipAddr } from './addr.ts';
import { matches, type IpContext } from './common.ts';
import { ipLink } from './link.ts';
import { ipNeigh } from './neigh.ts';
import { ipNetns } from './netns.ts';
import { ipRoute } from './route.ts';

/** ip.c's cmds[] order, which decides what an abbreviation means. */
const OBJECTS = [
  'address',
  'addrlabel',
  'maddress',
  'route',
  'rule',
  'neighbor',
  'neighbour',
  'ntable',
  'link',
  'l2tp',
  'fou',
  'ila',
  'macsec',
  'tunnel',
  'tuntap',
  'tap',
  'token',
  'tcpmetrics',
  'tcp_metrics',
  'monitor',
  'xfrm',
  'mroute',
  'mrule',
  'netns',
  'netconf',
  'vrf',
  'sr',
  'nexthop',
  'mptcp',
  'ioam',
  'stats',
  'help',
];

const USAGE =
  'Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }\n' +
  '       ip [ -force ] -batch filename\n' +
  'where  OBJECT := { address | addrlabel | fou | help | ila | ioam | l2tp | link |\n' +
  '                   macsec | maddress | monitor | mptcp | mroute | mrule |\n' +
  '                   neighbor | neighbour | netconf | netns | nexthop | ntable |\n' +
  '                   ntbl | route | rule | sr | stats | tap | tcpmetrics |\n' +
  '                   token | tunnel | tuntap | vrf | xfrm }\n';

const RULES =
  '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n';

export function ip(ctx: CommandContext): CommandResult {
  const args = ctx.argv.slice(1);
  let brief = false;
  let family4 = false;
  let netns: string | undefined;
  while (args[0]?.startsWith('-')) {
    const opt = args.shift()!.replace(/^--/, '-');
    if (opt === '-4') family4 = true;
    else if (matches(opt.slice(1), 'brief') && opt.length > 2) brief = true;
    else if (opt === '-n' || matches(opt.slice(1), 'netns')) netns = args.shift();
    else if (opt === '-c' || matches(opt.slice(1), 'color')) continue;
    else if (opt === '-V' || matches(opt.slice(1), 'Version'))
      return ok('ip utility, iproute2-6.1.0, libbpf 1.1.0\n');
    else if (opt === '-h' || matches(opt.slice(1), 'help')) return fail(USAGE, 255);
    else if (
      ['-6', '-0', '-f', '-s', '-d', '-j', '-o', '-p', '-r', '-a', '-t'].includes(opt) ||
      opt.length > 2
    ) {
      return notSimulated(`ip ${opt}`);
    } else return fail(`Option "${opt}" is unknown, try "ip -help".\n`, 255);
  }
  if (netns !== undefined) {
    const ns = ctx.shell.world.namespace(netns);
    if (!ns)
      return fail(`Cannot open network namespace "${netns}": No such file or directory\n`, 255);
    return ip({
      ...ctx,
      ns,
      argv: ['ip', ...(brief ? ['-br'] : []), ...(family4 ? ['-4'] : []), ...args],
    });
  }
  const [word, ...rest] = args;
  if (word === undefined) return fail(USAGE, 255);
  const object = OBJECTS.find((o) => matches(word, o));
  const ipCtx: IpContext = { world: ctx.shell.world, ns: ctx.ns, brief, family4 };
  switch (object) {
    case 'address':
      return ipAddr(ipCtx, rest);
    case 'link':
      return ipLink(ipCtx, rest);
    case 'route':
      return ipRoute(ipCtx, rest);
    case 'neighbor':
    case 'neighbour':
      return ipNeigh(ipCtx, rest);
    case 'netns':
      return ipNetns(ctx, rest);
    case 'rule':
      return rest.length === 0 || matches(rest[0], 'show') || matches(rest[0], 'list')
        ? ok(RULES)
        : notSimulated(`ip rule ${rest[0]}`);
    case 'help':
      return fail(USAGE, 255);
    case undefined:
      return fail(`Object "${word}" is unknown, try "ip help".\n`);
    default:
      return notSimulated(`ip ${object}`);
  }
}
