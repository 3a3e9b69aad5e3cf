/**
 * `-p [ip:][hostPort[-end]:]containerPort[-end][/proto]` as the docker CLI parses it
 * (go-connections nat.ParsePortSpec, with its error texts), and the order the daemon then
 * programs the bindings in (nat.SortPortMap).
 */
import { parseIp } from './ipam.ts';

export type Proto = 'tcp' | 'udp' | 'sctp';

/** One requested binding: container port/proto and the host side as the user wrote it. */
export interface PortRequest {
  readonly port: number;
  readonly proto: Proto;
  /** '' when not given (the network's host_binding_ipv4, normally 0.0.0.0, applies). */
  readonly hostIp: string;
  /** Host port or range as text ('' = ephemeral), e.g. '8080' or '8000-8010'. */
  readonly hostPort: string;
}

function parseUint16(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= 65535 ? n : undefined;
}

/** nat.ParsePortRange. */
function parsePortRange(ports: string): [number, number] | undefined {
  if (ports === '') return undefined;
  if (!ports.includes('-')) {
    const p = parseUint16(ports);
    return p === undefined ? undefined : [p, p];
  }
  const parts = ports.split('-');
  const start = parseUint16(parts[0] ?? '');
  const end = parseUint16(parts[1] ?? '');
  if (start === undefined || end === undefined || end < start) return undefined;
  return [start, end];
}

/** nat.splitParts. */
function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(':');
  const n = parts.length;
  const container = parts[n - 1] ?? '';
  if (n === 1) return ['', '', container];
  if (n === 2) return ['', parts[0] ?? '', container];
  return [parts.slice(0, n - 2).join(':'), parts[n - 2] ?? '', container];
}

/** nat.SplitProtoPort. */
function splitProtoPort(raw: string): [string, string] {
  const parts = raw.split('/');
  if (raw.length === 0 || (parts[0] ?? '').length === 0) return ['', ''];
  if (parts.length === 1) return ['tcp', raw];
  if ((parts[1] ?? '').length === 0) return ['tcp', parts[0] ?? ''];
  return [parts[1] ?? '', parts[0] ?? ''];
}

/** Returns the bindings of one -p value, or the CLI's error text. */
export function parsePortSpec(raw: string): PortRequest[] | string {
  const [rawIp, hostPortText, containerText] = splitParts(raw);
  const [protoText, containerPort] = splitProtoPort(containerText);
  const ip = rawIp.startsWith('[') && rawIp.endsWith(']') ? rawIp.slice(1, -1) : rawIp;
  if (ip !== '' && parseIp(ip) === undefined) {
    return ip.includes(':')
      ? "packetpath: '-p' with an IPv6 host address is not simulated"
      : `Invalid ip address: ${ip}`;
  }
  if (containerPort === '') return `No port specified: ${raw}<empty>`;
  const cRange = parsePortRange(containerPort);
  if (cRange === undefined) return `Invalid containerPort: ${containerPort}`;
  let hRange: [number, number] = [0, 0];
  if (hostPortText.length > 0) {
    const parsed = parsePortRange(hostPortText);
    if (parsed === undefined) return `Invalid hostPort: ${hostPortText}`;
    hRange = parsed;
  }
  const [start, end] = cRange;
  if (hostPortText !== '' && end - start !== hRange[1] - hRange[0] && end !== start) {
    return `Invalid ranges specified for container and host Ports: ${containerPort} and ${hostPortText}`;
  }
  const proto = protoText.toLowerCase();
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'sctp') return `Invalid proto: ${protoText}`;
  const out: PortRequest[] = [];
  for (let i = 0; i <= end - start; i++) {
    let hostPort = hostPortText.length > 0 ? String(hRange[0] + i) : '';
    if (start === end && hRange[0] !== hRange[1]) hostPort = `${hostPort}-${hRange[1]}`;
    out.push({ port: start + i, proto, hostIp: ip, hostPort });
  }
  return out;
}

/** First number of a host port text ('8000-8010' → 8000, '' → 0), as nat's toInt. */
function hostPortInt(text: string): number {
  const n = Number.parseInt(text.split('-')[0] ?? '', 10);
  return Number.isNaN(n) ? 0 : n;
}

/**
 * nat.SortPortMap's order. Its Less is not a strict weak order, so the result depends on the
 * algorithm: Go's sort.Sort is an insertion sort for up to 12 elements, used here for all
 * lengths. Docker starts from Go map order (random); we start from command-line order.
 */
export function sortPortRequests(reqs: readonly PortRequest[]): PortRequest[] {
  const s = [...reqs];
  const less = (a: PortRequest, b: PortRequest): boolean =>
    hostPortInt(a.hostPort) > hostPortInt(b.hostPort) ||
    a.port > b.port ||
    (a.port === b.port && a.proto === 'tcp');
  for (let i = 1; i < s.length; i++) {
    for (let j = i; j > 0 && less(s[j] as PortRequest, s[j - 1] as PortRequest); j--) {
      [s[j], s[j - 1]] = [s[j - 1] as PortRequest, s[j] as PortRequest];
    }
  }
  // SortPortMap then regroups the bindings under each port in first-seen order.
  const order: string[] = [];
  const groups = new Map<string, PortRequest[]>();
  for (const r of s) {
    const key = `${r.port}/${r.proto}`;
    if (!groups.has(key)) {
      groups.set(key, []);
      order.push(key);
    }
    groups.get(key)?.push(r);
  }
  return order.flatMap((k) => groups.get(k) ?? []);
}
