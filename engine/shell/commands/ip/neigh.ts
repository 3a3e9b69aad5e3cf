/** `ip neigh` (iproute2 6.1): the ARP cache the packet path filled; `flush dev DEV` empties it. */
import { formatIpv4 } from '../../../packet/ipv4.ts';
import { fail, notSimulated, ok, type CommandResult } from '../../types.ts';
import { matches, type IpContext } from './common.ts';

export function ipNeigh(ctx: IpContext, args: readonly string[]): CommandResult {
  const [verb, ...rest] = args;
  const net = ctx.ns.net;
  if (verb === undefined || matches(verb, 'show') || matches(verb, 'list')) {
    if (rest.length > 0 && !(rest[0] === 'dev' && rest.length === 2))
      return notSimulated(`ip neigh show ${rest.join(' ')}`);
    const only = rest[1];
    if (only !== undefined && !net.devices.has(only)) return fail(`Cannot find device "${only}"\n`);
    let out = '';
    for (const [dev, entries] of net.neigh) {
      if (only !== undefined && dev !== only) continue;
      for (const [addr, mac] of entries)
        out += `${formatIpv4(addr)} dev ${dev} lladdr ${mac} REACHABLE\n`;
    }
    return ok(out);
  }
  if (matches(verb, 'flush')) {
    const dev = rest[0] === 'dev' ? rest[1] : undefined;
    if (dev === undefined) return fail('Flush requires arguments.\n');
    if (!net.devices.has(dev)) return fail(`Cannot find device "${dev}"\n`);
    net.neigh.delete(dev);
    return ok();
  }
  return notSimulated(`ip neigh ${verb}`);
}
