/**
 * Builds a World from a validated scenario in the order the recording harness does
 * (oracle-tools/trace.py build): namespaces with lo up; bridges and dummies with their
 * addresses; veth links with masters, hairpin mode and addresses; everything up; then sysctls,
 * routes and the iptables-restore input. Each failure names its field.
 */
import { EngineError, World, type WorldOptions } from '../stack/world.ts';
import type { Ruleset } from '../netfilter/model.ts';
import type { LinkEnd, Scenario } from './types.ts';
import { ScenarioError } from './types.ts';

/** iptables-restore of one namespace's rules: the ruleset, or the error iptables-restore prints. */
export type RestoreFn = (lines: readonly string[]) => { ruleset: Ruleset } | { error: string };

function at<T>(path: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof EngineError) throw new ScenarioError(path, e.message);
    throw e;
  }
}

export function buildWorld(sc: Scenario, restore: RestoreFn, opts: WorldOptions = {}): World {
  const w = new World(opts);
  for (const name of sc.namespaces.keys()) w.addNamespace(name);
  for (const [name, spec] of sc.namespaces) {
    spec.bridges.forEach((b, i) => {
      const path = `namespaces.${name}.bridges[${i}]`;
      at(`${path}.name`, () => w.addBridge(name, b.name));
      b.addrs.forEach((a, j) => at(`${path}.addrs[${j}]`, () => w.addAddress(name, b.name, a)));
    });
    spec.dummies.forEach((d, i) => {
      const path = `namespaces.${name}.dummies[${i}]`;
      // trace.py's stub: a dummy where the kernel has the module, else (as on the recording
      // machines) a veth whose peer NAME-p stays in the namespace, up and without address:
      // ARP through it goes unanswered, which the recordings show (ICMP host unreachable ~3 s on).
      at(`${path}.name`, () =>
        w.addVethPair({ ns: name, name: d.name }, { ns: name, name: `${d.name}-p`.slice(0, 15) }),
      );
      d.addrs.forEach((a, j) => at(`${path}.addrs[${j}]`, () => w.addAddress(name, d.name, a)));
    });
  }
  sc.links.forEach((l, i) => buildLink(w, sc, `links[${i}]`, l.a, l.b, l.hairpin));
  for (const ns of w.namespaces.values()) for (const d of ns.devices.values()) d.up = true;
  for (const [name, spec] of sc.namespaces) {
    const ns = w.ns(name);
    for (const [k, v] of Object.entries(spec.sysctls)) {
      const err = ns.sysctls.set(k, v);
      if (err) throw new ScenarioError(`namespaces.${name}.sysctls["${k}"]`, err);
    }
    spec.routes.forEach((r, i) =>
      at(`namespaces.${name}.routes[${i}]`, () => w.addRoute(name, r.trim().split(/\s+/))),
    );
    if (spec.iptables.length > 0) {
      const res = restore(spec.iptables);
      if ('error' in res) throw new ScenarioError(`namespaces.${name}.iptables`, res.error);
      ns.ruleset = res.ruleset;
    }
  }
  return w;
}

function buildLink(
  w: World,
  sc: Scenario,
  path: string,
  a: LinkEnd,
  b: LinkEnd,
  hairpin: boolean,
): void {
  for (const [end, p] of [
    [a, `${path}.a`],
    [b, `${path}.b`],
  ] as const) {
    if (!sc.namespaces.has(end.ns))
      throw new ScenarioError(`${p}.ns`, `unknown namespace "${end.ns}"`);
  }
  at(`${path}.b.name`, () => w.addVethPair({ ns: a.ns, name: a.name }, { ns: b.ns, name: b.name }));
  for (const [end, p] of [
    [a, `${path}.a`],
    [b, `${path}.b`],
  ] as const) {
    if (end.master !== undefined) {
      at(`${p}.master`, () => w.setMaster(end.ns, end.name, end.master!));
      if (hairpin || end.hairpin) w.device(end.ns, end.name).hairpin = true;
    }
    end.addrs.forEach((x, j) => at(`${p}.addrs[${j}]`, () => w.addAddress(end.ns, end.name, x)));
  }
}
