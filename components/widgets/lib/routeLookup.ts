/**
 * The route lookup a learner steps through: each route's prefix test (destination AND mask
 * compared with the route's network) and why the longest matching prefix wins (fib_lookup in
 * the main table; equal lengths go to the lowest metric, here the first listed). Also spells
 * out the two meanings of 0.0.0.0: a destination 0.0.0.0/0 matches everything, a gateway
 * 0.0.0.0 (no `via`) means "on this link, no next hop". Plain integers; no ip-num on the page.
 */
export interface RouteRow {
  readonly text: string;
  readonly network: number;
  readonly len: number;
  readonly via?: string;
  readonly dev?: string;
}

export interface RouteTest {
  readonly row: RouteRow;
  readonly destination: string;
  readonly gateway: string;
  readonly mask: string;
  readonly masked: string;
  readonly matches: boolean;
  readonly explanation: string;
}

export interface LookupResult {
  readonly tests: readonly RouteTest[];
  readonly winner?: RouteRow;
  readonly why: string;
}

export function parseAddr(text: string): number | undefined {
  const parts = text.trim().split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255))
    return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function formatAddr(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

const maskOf = (len: number): number => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

/** "10.10.0.0/24 dev bra", "default via 192.0.2.1 dev eth0" (ip route's text). */
export function parseRouteRow(text: string): RouteRow | { error: string } {
  const [dst = '', ...rest] = text.trim().split(/\s+/);
  const [addrText, lenText] = dst === 'default' ? ['0.0.0.0', '0'] : dst.split('/');
  const network = parseAddr(addrText ?? '');
  const len = lenText === undefined ? 32 : Number(lenText);
  if (network === undefined || !Number.isInteger(len) || len < 0 || len > 32)
    return { error: `"${dst}" is not an IPv4 prefix` };
  const word = (k: string) => {
    const i = rest.indexOf(k);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  return {
    text: text.trim(),
    network: (network & maskOf(len)) >>> 0,
    len,
    via: word('via'),
    dev: word('dev'),
  };
}

export function lookup(
  rows: readonly RouteRow[],
  dstText: string,
): LookupResult | { error: string } {
  const dst = parseAddr(dstText);
  if (dst === undefined) return { error: `"${dstText}" is not an IPv4 address` };
  const tests = rows.map((row) => testRoute(row, dst));
  let winner: RouteRow | undefined;
  for (const t of tests)
    if (t.matches && (winner === undefined || t.row.len > winner.len)) winner = t.row;
  return { tests, winner, why: whyText(tests, winner, dstText) };
}

function testRoute(row: RouteRow, dst: number): RouteTest {
  const mask = maskOf(row.len);
  const masked = (dst & mask) >>> 0;
  const matches = masked === row.network;
  const net = `${formatAddr(row.network)}/${row.len}`;
  const explanation =
    row.len === 0
      ? `/0 keeps no bits: every address matches ${net}, so this route is the last resort`
      : `${formatAddr(dst)} AND ${formatAddr(mask)} = ${formatAddr(masked)}, ${matches ? 'equal to' : 'not'} ${formatAddr(row.network)}: ${matches ? 'matches' : 'no match'}`;
  return {
    row,
    destination: net,
    gateway: row.via ?? '0.0.0.0',
    mask: formatAddr(mask),
    masked: formatAddr(masked),
    matches,
    explanation,
  };
}

function whyText(tests: readonly RouteTest[], winner: RouteRow | undefined, dst: string): string {
  if (!winner) return `No route matches ${dst}: the kernel answers "Network is unreachable".`;
  const matching = tests.filter((t) => t.matches);
  const hop = winner.via
    ? `send it to the gateway ${winner.via} out of ${winner.dev ?? 'its device'}`
    : `gateway 0.0.0.0: ${dst} is on the link ${winner.dev ?? ''}, so it goes straight to it (ARP for ${dst} itself)`;
  const longest =
    matching.length > 1
      ? `${matching.length} routes match; /${winner.len} is the longest prefix, the most specific, so it wins. `
      : 'Only one route matches. ';
  return `${longest}${winner.text}: ${hop}.`;
}
