/** Argument parsers shared by extensions (libxtables xtopt_parse_* and helpers). */
import { strtouiPrefix, strtouiWhole } from '../../../addr/cnum.ts';
import { serviceByName } from '../../../netfilter/services.ts';
import { protocolName } from '../../../netfilter/protocols.ts';
import type { InvertiblePorts } from '../../../netfilter/model.ts';
import { paramProblem } from '../errors.ts';
import type { ExtCall } from './types.ts';

/** xtables_parse_port: a number 0..65535 or a service name for `proto`. */
export function parsePort(text: string, proto: string): number {
  const n = strtouiWhole(text, 0, 0xffff);
  if (n !== undefined) return n;
  const s = serviceByName(text, proto);
  if (s !== undefined) return s;
  throw paramProblem(`invalid port/service \`${text}' specified`);
}

/** parse_tcp_ports / parse_udp_ports: `p`, `a:b`, `:b`, `a:`. */
export function parsePortRange(text: string, proto: string): { min: number; max: number } {
  const colon = text.indexOf(':');
  if (colon < 0) {
    const p = parsePort(text, proto);
    return { min: p, max: p };
  }
  const lo = text.slice(0, colon);
  const hi = text.slice(colon + 1);
  const min = lo ? parsePort(lo, proto) : 0;
  const max = hi ? parsePort(hi, proto) : 0xffff;
  if (min > max) throw paramProblem('invalid portrange (min > max)');
  return { min, max };
}

/** The protocol name extensions pass to getservbyname. */
export function protoText(proto: number | undefined): string {
  return protocolName(proto ?? 0) ?? 'tcp';
}

/** xtopt_parse_int for XTTYPE_UINT32 with a range. */
export function parseUint(
  ext: string,
  opt: string,
  text: string,
  min: number,
  max: number,
): number {
  const v = strtouiWhole(text, min, max);
  if (v === undefined) {
    throw paramProblem(
      `${ext}: bad value for option "--${opt}", or out of range (${min}-${max}).\n`,
    );
  }
  return v;
}

/** XTTYPE_MARKMASK32: value[/mask]. */
export function parseMarkMask(
  ext: string,
  opt: string,
  text: string,
): { value: number; mask: number } {
  const v = strtouiPrefix(text, 0, 0xffffffff);
  if (!v) throw paramProblem(`${ext}: bad integer value for option "--${opt}", or out of range.\n`);
  let mask = 0xffffffff;
  let rest = text.slice(v.end);
  if (rest.startsWith('/')) {
    const m = strtouiPrefix(rest.slice(1), 0, 0xffffffff);
    if (!m)
      throw paramProblem(`${ext}: bad integer value for option "--${opt}", or out of range.\n`);
    mask = m.value;
    rest = rest.slice(1 + m.end);
  }
  if (rest !== '')
    throw paramProblem(`${ext}: trailing garbage after value for option "--${opt}".\n`);
  return { value: v.value, mask };
}

const PLAIN_DECIMAL = /^\d+(?:\.\d*)?$/;

/** strtod as glibc reads a decimal or hex float; undefined when nothing (or not all) parses. */
export function strtod(text: string): number | undefined {
  // Plain decimals (kube-proxy's 0.50000000000) read the same with Number.
  if (PLAIN_DECIMAL.test(text)) return Number(text);
  const t = text.replace(/^[ \t\n\v\f\r]+/, '');
  if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf(inity)?|nan)$/i.test(t)) {
    return undefined;
  }
  const v = Number(t.replace(/^([+-]?)inf(inity)?$/i, '$1Infinity').replace(/^[+-]?nan$/i, 'NaN'));
  return v;
}

/**
 * --sport/--dport of the old-style tcp, udp and sctp parsers (libxt_tcp.c, libxt_sctp.c):
 * each may be given once, with its own "Only one" message.
 */
export function setPortOption<S extends { sport?: InvertiblePorts; dport?: InvertiblePorts }>(
  c: ExtCall<S>,
  key: 'sport' | 'dport',
  proto: string,
  long: string,
): void {
  if (c.st[key]) throw paramProblem(`Only one \`--${long}' allowed`);
  c.st[key] = { ...parsePortRange(c.arg ?? '', proto), invert: c.invert };
}
