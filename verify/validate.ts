/**
 * Checks a scenario before anything touches the kernel: one clear error naming the field.
 * Besides shape, it enforces the safety rules of ../shared/README.md: namespace and device
 * names the kernel accepts, and addresses only from private, loopback or documentation ranges,
 * so a scenario can never impersonate a real public host even inside its own namespaces.
 */
import type { LinkEnd, ProbeSpec, Scenario } from './format.ts';

export class ScenarioError extends Error {
  override name = 'ScenarioError';
}

const NS_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,30}$/;
// IFNAMSIZ is 16 including the NUL (include/uapi/linux/if.h).
const IF_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

/** Ranges a scenario may use: RFC 1918, loopback, link-local, CGNAT and RFC 5737 TEST-NETs. */
const ALLOWED: [string, number][] = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['100.64.0.0', 10],
  ['192.0.2.0', 24],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
];

export function ipToInt(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return null;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export function isAllowedAddress(ip: string): boolean {
  const n = ipToInt(ip);
  if (n === null) return false;
  return ALLOWED.some(([base, len]) => {
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    return (n & mask) >>> 0 === ipToInt(base);
  });
}

function checkAddress(field: string, ip: string): void {
  if (ipToInt(ip) === null) throw new ScenarioError(`${field}: '${ip}' is not an IPv4 address`);
  if (!isAllowedAddress(ip))
    throw new ScenarioError(
      `${field}: ${ip} is outside the private and documentation ranges (safety rule: use 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24 for "the internet")`,
    );
}

function checkCidr(field: string, cidr: string): void {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(cidr);
  if (!m || Number(m[2]) > 32) throw new ScenarioError(`${field}: '${cidr}' is not ADDRESS/PREFIX`);
  checkAddress(field, m[1]!);
}

function checkName(field: string, name: unknown, re: RegExp, what: string): void {
  if (typeof name !== 'string' || !re.test(name))
    throw new ScenarioError(`${field}: '${String(name)}' is not a valid ${what}`);
}

function checkEnd(field: string, end: LinkEnd, sc: Scenario): void {
  if (!end || typeof end !== 'object') throw new ScenarioError(`${field}: missing`);
  if (!(end.ns in sc.namespaces))
    throw new ScenarioError(`${field}.ns: unknown namespace '${end.ns}'`);
  checkName(`${field}.name`, end.name, IF_NAME, 'interface name (at most 15 characters)');
  if (end.master !== undefined) {
    const bridges = sc.namespaces[end.ns]!.bridges ?? [];
    if (!bridges.some((b) => b.name === end.master))
      throw new ScenarioError(
        `${field}.master: no bridge '${end.master}' in namespace '${end.ns}'`,
      );
  }
  (end.addrs ?? []).forEach((a, i) => checkCidr(`${field}.addrs[${i}]`, a));
}

function checkProbe(field: string, p: ProbeSpec, sc: Scenario): void {
  if (typeof p.name !== 'string' || p.name === '')
    throw new ScenarioError(`${field}.name: a probe needs a name`);
  if (!(p.from in sc.namespaces))
    throw new ScenarioError(`${field}.from: unknown namespace '${p.from}'`);
  if (!['tcp', 'udp', 'icmp'].includes(p.proto))
    throw new ScenarioError(`${field}.proto: '${String(p.proto)}' is not tcp, udp or icmp`);
  checkAddress(`${field}.dst`, p.dst);
  if (p.src !== undefined) checkAddress(`${field}.src`, p.src);
  if (p.proto !== 'icmp' && !(Number.isInteger(p.dport) && p.dport! > 0 && p.dport! < 65536))
    throw new ScenarioError(`${field}.dport: a ${p.proto} probe needs a port 1-65535`);
  const listens = p.listen === false || p.listen === undefined ? [] : [p.listen].flat();
  listens.forEach((l, i) => {
    if (l.ns !== undefined && !(l.ns in sc.namespaces))
      throw new ScenarioError(`${field}.listen[${i}].ns: unknown namespace '${l.ns}'`);
  });
}

/** Throws ScenarioError naming the first bad field; returns the scenario typed. */
export function validateScenario(input: unknown): Scenario {
  if (!input || typeof input !== 'object') throw new ScenarioError('scenario: not a JSON object');
  const sc = input as Scenario;
  if (typeof sc.name !== 'string') throw new ScenarioError('name: missing');
  if (!sc.namespaces || typeof sc.namespaces !== 'object')
    throw new ScenarioError('namespaces: missing');
  for (const [ns, cfg] of Object.entries(sc.namespaces)) {
    checkName(`namespaces.${ns}`, ns, NS_NAME, 'namespace name');
    for (const kind of ['bridges', 'dummies'] as const) {
      (cfg[kind] ?? []).forEach((d, i) => {
        checkName(`namespaces.${ns}.${kind}[${i}].name`, d.name, IF_NAME, 'interface name');
        (d.addrs ?? []).forEach((a, j) =>
          checkCidr(`namespaces.${ns}.${kind}[${i}].addrs[${j}]`, a),
        );
      });
    }
    (cfg.routes ?? []).forEach((r, i) => {
      for (const tok of r.split(/\s+/)) {
        const ip = tok.split('/')[0]!;
        if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) checkAddress(`namespaces.${ns}.routes[${i}]`, ip);
      }
    });
    for (const key of Object.keys(cfg.sysctls ?? {}))
      if (!/^net\.[A-Za-z0-9_.-]+$/.test(key))
        throw new ScenarioError(`namespaces.${ns}.sysctls: '${key}' is not a net.* sysctl`);
  }
  (sc.links ?? []).forEach((l, i) => {
    checkEnd(`links[${i}].a`, l.a, sc);
    checkEnd(`links[${i}].b`, l.b, sc);
  });
  if (!Array.isArray(sc.probes)) throw new ScenarioError('probes: missing (a list)');
  sc.probes.forEach((p, i) => checkProbe(`probes[${i}]`, p, sc));
  return sc;
}
