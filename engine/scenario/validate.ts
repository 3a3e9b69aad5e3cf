/**
 * Shape checks for scenario JSON: every problem is one ScenarioError naming the field, never a
 * stack trace. Semantic checks (unknown namespace, bad address, unreachable gateway, malformed
 * rule) happen while building the world (build.ts), with the same kind of path.
 */
import { isValidIfName } from '../devices/device.ts';
import { parseIpv4 } from '../packet/ipv4.ts';
import type {
  IfaceSpec,
  LinkEnd,
  LinkSpec,
  ListenSpec,
  NamespaceSpec,
  ProbeSpec,
  Scenario,
} from './types.ts';
import { ScenarioError } from './types.ts';

type Obj = Record<string, unknown>;

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ScenarioError(path, 'expected an object');
  return v as Obj;
}

function arr(v: unknown, path: string): unknown[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw new ScenarioError(path, 'expected a list');
  return v;
}

function str(v: unknown, path: string): string {
  if (typeof v !== 'string' || v === '')
    throw new ScenarioError(path, 'expected a non-empty string');
  return v;
}

function optStr(v: unknown, path: string): string | undefined {
  return v === undefined ? undefined : str(v, path);
}

function int(v: unknown, path: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ScenarioError(path, `expected an integer from ${min} to ${max}`);
  }
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new ScenarioError(path, 'expected true or false');
  return v;
}

function ifName(v: unknown, path: string): string {
  const s = str(v, path);
  if (!isValidIfName(s))
    throw new ScenarioError(
      path,
      `"${s}" is not a valid interface name (1-15 characters, no "/" or spaces)`,
    );
  return s;
}

function addrs(v: unknown, path: string): string[] {
  return arr(v, path).map((a, i) => str(a, `${path}[${i}]`));
}

function noExtra(o: Obj, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k))
      throw new ScenarioError(
        path ? `${path}.${k}` : k,
        `unknown field (expected one of ${allowed.join(', ')})`,
      );
  }
}

function iface(v: unknown, path: string): IfaceSpec {
  const o = obj(v, path);
  noExtra(o, ['name', 'addrs'], path);
  return { name: ifName(o.name, `${path}.name`), addrs: addrs(o.addrs, `${path}.addrs`) };
}

function namespace(v: unknown, path: string): NamespaceSpec {
  const o = obj(v, path);
  noExtra(o, ['sysctls', 'bridges', 'dummies', 'routes', 'iptables'], path);
  const sysctls: Record<string, string> = {};
  for (const [k, val] of Object.entries(
    o.sysctls === undefined ? {} : obj(o.sysctls, `${path}.sysctls`),
  )) {
    if (typeof val !== 'number' && typeof val !== 'string')
      throw new ScenarioError(`${path}.sysctls["${k}"]`, 'expected a number or string');
    sysctls[k] = String(val);
  }
  const ipt = o.iptables;
  const iptables =
    ipt === undefined
      ? []
      : typeof ipt === 'string'
        ? ipt.split('\n')
        : arr(ipt, `${path}.iptables`).map((l, i) => {
            if (typeof l !== 'string')
              throw new ScenarioError(`${path}.iptables[${i}]`, 'expected a string');
            return l;
          });
  return {
    sysctls,
    bridges: arr(o.bridges, `${path}.bridges`).map((b, i) => iface(b, `${path}.bridges[${i}]`)),
    dummies: arr(o.dummies, `${path}.dummies`).map((d, i) => iface(d, `${path}.dummies[${i}]`)),
    routes: arr(o.routes, `${path}.routes`).map((r, i) => str(r, `${path}.routes[${i}]`)),
    iptables,
  };
}

function linkEnd(v: unknown, path: string): LinkEnd {
  const o = obj(v, path);
  noExtra(o, ['ns', 'name', 'master', 'addrs', 'hairpin'], path);
  return {
    ns: str(o.ns, `${path}.ns`),
    name: ifName(o.name, `${path}.name`),
    master: o.master === undefined ? undefined : ifName(o.master, `${path}.master`),
    addrs: addrs(o.addrs, `${path}.addrs`),
    hairpin: bool(o.hairpin, `${path}.hairpin`),
  };
}

function link(v: unknown, path: string): LinkSpec {
  const o = obj(v, path);
  noExtra(o, ['a', 'b', 'hairpin'], path);
  return {
    a: linkEnd(o.a, `${path}.a`),
    b: linkEnd(o.b, `${path}.b`),
    hairpin: bool(o.hairpin, `${path}.hairpin`),
  };
}

function listen(v: unknown, path: string): readonly ListenSpec[] | false | undefined {
  if (v === undefined) return undefined;
  if (v === false) return false;
  const one = (x: unknown, p: string): ListenSpec => {
    const o = obj(x, p);
    noExtra(o, ['ns', 'port'], p);
    return {
      ns: optStr(o.ns, `${p}.ns`),
      port: o.port === undefined ? undefined : int(o.port, `${p}.port`, 1, 65535),
    };
  };
  return Array.isArray(v) ? v.map((x, i) => one(x, `${path}[${i}]`)) : [one(v, path)];
}

/** One probe's JSON (a scenario `probes` entry). */
export function validateProbe(v: unknown, path: string): ProbeSpec {
  const o = obj(v, path);
  noExtra(
    o,
    [
      'name',
      'from',
      'proto',
      'dst',
      'dport',
      'sport',
      'src',
      'ident',
      'listen',
      'keep_conntrack',
      'expect',
    ],
    path,
  );
  const proto = str(o.proto, `${path}.proto`);
  if (proto !== 'tcp' && proto !== 'udp' && proto !== 'icmp')
    throw new ScenarioError(`${path}.proto`, `"${proto}" is not tcp, udp or icmp`);
  const dst = str(o.dst, `${path}.dst`);
  if (parseIpv4(dst) === undefined)
    throw new ScenarioError(`${path}.dst`, `"${dst}" is not an IPv4 address`);
  const src = optStr(o.src, `${path}.src`);
  if (src !== undefined && parseIpv4(src) === undefined)
    throw new ScenarioError(`${path}.src`, `"${src}" is not an IPv4 address`);
  const ported = proto !== 'icmp';
  if (ported && o.dport === undefined)
    throw new ScenarioError(`${path}.dport`, `a ${proto} probe needs a destination port`);
  return {
    name: optStr(o.name, `${path}.name`),
    from: str(o.from, `${path}.from`),
    proto,
    dst,
    dport: ported ? int(o.dport, `${path}.dport`, 1, 65535) : undefined,
    sport: o.sport === undefined ? undefined : int(o.sport, `${path}.sport`, 1, 65535),
    src,
    ident: o.ident === undefined ? undefined : int(o.ident, `${path}.ident`, 0, 65535),
    listen: listen(o.listen, `${path}.listen`),
    keepConntrack: bool(o.keep_conntrack, `${path}.keep_conntrack`),
    expect: optStr(o.expect, `${path}.expect`),
  };
}

/** Validates parsed JSON into a Scenario. */
export function validateScenario(json: unknown): Scenario {
  const o = obj(json, '');
  noExtra(o, ['name', 'description', 'namespaces', 'links', 'probes'], '');
  const nsObj = obj(o.namespaces, 'namespaces');
  const namespaces = new Map<string, NamespaceSpec>();
  for (const [name, spec] of Object.entries(nsObj)) {
    if (!/^[A-Za-z0-9_.-]{1,40}$/.test(name))
      throw new ScenarioError(
        `namespaces.${name}`,
        'namespace names use letters, digits, "_", "-" and "."',
      );
    namespaces.set(name, namespace(spec, `namespaces.${name}`));
  }
  if (namespaces.size === 0)
    throw new ScenarioError('namespaces', 'at least one namespace is needed');
  return {
    name: optStr(o.name, 'name'),
    description: typeof o.description === 'string' ? o.description : undefined,
    namespaces,
    links: arr(o.links, 'links').map((l, i) => link(l, `links[${i}]`)),
    probes: arr(o.probes, 'probes').map((p, i) => validateProbe(p, `probes[${i}]`)),
  };
}
