/** NAT ranges as libxt_DNAT.c/libxt_SNAT.c (parse_to) and MASQUERADE/REDIRECT (--to-ports) read them. */
import type { NatRange } from '../../../netfilter/model.ts';
import { parseIpv4Numeric } from '../../../addr/ipv4.ts';
import { strtouiWhole } from '../../../addr/cnum.ts';
import { paramProblem } from '../errors.ts';

const PORT_PROTOS = [6, 17, 132, 33, 136];

function portPart(text: string): { min: number; max: number } {
  const dash = text.indexOf('-');
  const min = strtouiWhole(dash >= 0 ? text.slice(0, dash) : text, 0, 0xffff);
  if (min === undefined) throw paramProblem(`Port \`${text}' not valid`);
  if (dash < 0) return { min, max: min };
  const hi = text.slice(dash + 1);
  const max = strtouiWhole(hi, 0, 0xffff);
  if (max === undefined) throw paramProblem(`Port \`${hi}' not valid`);
  if (max < min) throw paramProblem(`Port range \`${hi}' funky`);
  return { min, max };
}

function requirePortProto(proto: number | undefined): void {
  if (proto === undefined || !PORT_PROTOS.includes(proto)) {
    throw paramProblem('Need TCP, UDP, SCTP or DCCP with port specification');
  }
}

/** ip[-ip][:port[-port]] */
export function parseNatRange(text: string, proto: number | undefined): NatRange {
  const colon = text.indexOf(':');
  const ipText = colon >= 0 ? text.slice(0, colon) : text;
  let range: { minIp?: number; maxIp?: number; minPort?: number; maxPort?: number } = {};
  if (colon >= 0) {
    requirePortProto(proto);
    const p = portPart(text.slice(colon + 1));
    range = { minPort: p.min, maxPort: p.max };
  }
  if (ipText !== '') {
    const dash = ipText.indexOf('-');
    const a = parseIpv4Numeric(dash >= 0 ? ipText.slice(0, dash) : ipText);
    const b = dash >= 0 ? parseIpv4Numeric(ipText.slice(dash + 1)) : a;
    if (a === undefined || b === undefined) throw paramProblem(`Bad IP address "${ipText}"`);
    range = { ...range, minIp: a, maxIp: b };
  }
  return range;
}

/** --to-ports port[-port] */
export function parsePortsOnly(
  text: string,
  proto: number | undefined,
): { min: number; max: number } {
  requirePortProto(proto);
  return portPart(text);
}
