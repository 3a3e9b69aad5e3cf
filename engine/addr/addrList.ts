/**
 * `-s`/`-d` arguments: a comma-separated list of address[/mask], as
 * xtables_ipparse_multiple reads it. Each address is masked; a zero mask ignores the
 * address text (`anything/0` is 0.0.0.0/0).
 */
import { parseHostNetwork, parseMask, prefixToMask } from './ipv4.ts';

export interface AddrMask {
  readonly addr: number;
  readonly mask: number;
}

export type AddrListResult =
  | { readonly ok: true; readonly list: readonly AddrMask[] }
  | { readonly ok: false; readonly error: string };

function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n' || c === '\v' || c === '\f' || c === '\r';
}

/** One element of the list, already stripped of leading blanks. */
export function parseAddrMask(
  item: string,
): { ok: true; value: AddrMask } | { ok: false; error: string } {
  if (item.length > 255) return { ok: false, error: 'Hostname too long' };
  const slash = item.lastIndexOf('/');
  let host = slash >= 0 ? item.slice(0, slash) : item;
  let mask = prefixToMask(32);
  if (slash >= 0) {
    const m = parseMask(item.slice(slash + 1));
    if (m === undefined)
      return { ok: false, error: `invalid mask \`${item.slice(slash + 1)}' specified` };
    mask = m;
  }
  if (mask === 0) host = '0.0.0.0';
  const addr = parseHostNetwork(host);
  if (addr === undefined) return { ok: false, error: `host/network \`${host}' not found` };
  return { ok: true, value: { addr: (addr & mask) >>> 0, mask } };
}

/** isSpace's characters at the start. */
const LEADING_BLANKS = /^[ \t\n\v\f\r]+/;

export function parseAddrList(text: string): AddrListResult {
  if (text.indexOf(',') < 0) {
    const c = text.charCodeAt(0);
    const r = parseAddrMask(
      c === 32 || (c >= 9 && c <= 13) ? text.replace(LEADING_BLANKS, '') : text,
    );
    return r.ok ? { ok: true, list: [r.value] } : r;
  }
  const list: AddrMask[] = [];
  for (const raw of text.split(',')) {
    let i = 0;
    while (isSpace(raw[i])) i++;
    const r = parseAddrMask(raw.slice(i));
    if (!r.ok) return r;
    list.push(r.value);
  }
  return { ok: true, list };
}
