/** Output formatting as the docker CLI prints it (tabwriter tables, human durations, ports). */
import type { PortBinding } from '../state.ts';

/** Go text/tabwriter with docker's settings: minwidth 10, padding 3, last column unpadded. */
export function tabwrite(rows: readonly (readonly string[])[]): string {
  const width = (s: string): number => [...s].length;
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++) {
    widths.push(Math.max(10, ...rows.map((r) => width(r[c] ?? '') + 3)));
  }
  return rows
    .map((r) =>
      r
        .map((cell, c) =>
          c < r.length - 1 ? cell + ' '.repeat((widths[c] ?? 0) - width(cell)) : cell,
        )
        .join(''),
    )
    .map((line) => `${line}\n`)
    .join('');
}

/** go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  const m = Math.floor(s / 60);
  if (m === 1) return 'About a minute';
  if (m < 60) return `${m} minutes`;
  const h = Math.round(s / 3600);
  if (h === 1) return 'About an hour';
  if (h < 48) return `${h} hours`;
  if (h < 24 * 7 * 2) return `${Math.floor(h / 24)} days`;
  if (h < 24 * 30 * 2) return `${Math.floor(h / 24 / 7)} weeks`;
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24 / 30)} months`;
  return `${Math.floor(h / 24 / 365)} years`;
}

/** stringutils.Ellipsis: cut to max-1 characters plus "…". */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
}

/** Go's strconv.Quote for the printable ASCII docker commands are made of. */
export function goQuote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** api/types.DisplayablePorts as the 20.10 CLI printed it (":::8080->80/tcp" for IPv6). */
export function displayablePorts(bindings: readonly PortBinding[]): string {
  const ports = [...bindings].sort(
    (a, b) =>
      a.containerPort - b.containerPort ||
      (a.hostIp < b.hostIp ? -1 : a.hostIp > b.hostIp ? 1 : 0) ||
      a.hostPort - b.hostPort ||
      (a.proto < b.proto ? -1 : a.proto > b.proto ? 1 : 0),
  );
  const groups = new Map<string, { first: number; last: number }>();
  const order: string[] = [];
  const result: string[] = [];
  const hostMappings: string[] = [];
  const form = (key: string, g: { first: number; last: number }): string => {
    const [ip, type] = splitKey(key);
    const range = g.first === g.last ? `${g.first}` : `${g.first}-${g.last}`;
    return `${ip}:${range}->${range}/${type}`;
  };
  for (const p of ports) {
    if (p.hostPort !== p.containerPort) {
      hostMappings.push(`${p.hostIp}:${p.hostPort}->${p.containerPort}/${p.proto}`);
      continue;
    }
    const key = `${p.hostIp}/${p.proto}`;
    const g = groups.get(key);
    if (g === undefined) {
      groups.set(key, { first: p.containerPort, last: p.containerPort });
      order.push(key);
    } else if (p.containerPort === g.last + 1) {
      g.last = p.containerPort;
    } else {
      result.push(form(key, g));
      groups.set(key, { first: p.containerPort, last: p.containerPort });
    }
  }
  for (const key of order)
    result.push(form(key, groups.get(key) as { first: number; last: number }));
  return [...result, ...hostMappings].join(', ');
}

function splitKey(key: string): [string, string] {
  const slash = key.lastIndexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}

/** sortorder.NaturalLess: digit runs compare as numbers. */
export function naturalLess(a: string, b: string): boolean {
  return a.localeCompare(b, 'en', { numeric: true }) < 0;
}

/** RFC 3339 with nanoseconds, as Go prints a time.Time in JSON. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
