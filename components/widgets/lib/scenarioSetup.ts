/**
 * A scenario (shared/scenario-format.md) as the shell commands that build it on a fresh host:
 * `ip netns add`, bridges, veth pairs, addresses, routes, sysctls, hairpin and
 * `iptables-restore`, the same steps oracle-tools/trace.py takes on the real kernel. The
 * scenario's `host` namespace is the shell's own (root) namespace. The servers its probes
 * reach are started too (serverCommands), as the harness starts a listener for each probe.
 */
export interface SetupScenario {
  readonly namespaces: Readonly<
    Record<
      string,
      {
        readonly sysctls?: Readonly<Record<string, number | string>>;
        readonly bridges?: readonly { readonly name: string; readonly addrs?: readonly string[] }[];
        readonly dummies?: readonly { readonly name: string; readonly addrs?: readonly string[] }[];
        readonly routes?: readonly string[];
        readonly iptables?: readonly string[] | string;
      }
    >
  >;
  readonly links?: readonly {
    readonly a: LinkEnd;
    readonly b: LinkEnd;
    readonly hairpin?: boolean;
  }[];
  readonly probes?: readonly SetupProbe[];
}

interface SetupProbe {
  readonly proto: string;
  readonly dst: string;
  readonly dport?: number;
  readonly listen?: readonly { readonly ns?: string; readonly port?: number }[] | false;
}

interface LinkEnd {
  readonly ns: string;
  readonly name: string;
  readonly master?: string;
  readonly addrs?: readonly string[];
}

export const HOST = 'host';

const inNs = (ns: string, cmd: string) => (ns === HOST ? cmd : `ip netns exec ${ns} ${cmd}`);

export function setupCommands(sc: SetupScenario): string[] {
  const lines = Object.keys(sc.namespaces)
    .filter((n) => n !== HOST)
    .map((n) => `ip netns add ${n}`);
  for (const [ns, d] of Object.entries(sc.namespaces)) {
    for (const [k, v] of Object.entries(d.sysctls ?? {}))
      lines.push(inNs(ns, `sysctl -qw ${k}=${v}`));
    for (const b of d.bridges ?? []) lines.push(...device(ns, b.name, 'bridge', b.addrs));
    for (const b of d.dummies ?? []) lines.push(...device(ns, b.name, 'dummy', b.addrs));
  }
  for (const l of sc.links ?? []) lines.push(...link(l));
  for (const [ns, d] of Object.entries(sc.namespaces)) {
    for (const r of d.routes ?? []) lines.push(inNs(ns, `ip route add ${r}`));
    if (d.iptables === undefined) continue;
    const rules = typeof d.iptables === 'string' ? d.iptables : d.iptables.join('\n');
    lines.push(inNs(ns, `iptables-restore <<'SCENARIO'\n${rules.replace(/\n$/, '')}\nSCENARIO`));
  }
  return [...lines, ...serverCommands(sc)];
}

/**
 * The servers the scenario's TCP/UDP probes expect: each probe's listener (its `listen`, else
 * the namespace owning the destination address) runs one, so a learner's `nc`/`curl` finds
 * what the probes find. A web port gets `python3 -m http.server`, any other `nc -lk`
 * (`nc -lku` for UDP). They are disowned: the machine runs them, not the learner's shell.
 */
export function serverCommands(sc: SetupScenario): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const p of sc.probes ?? []) {
    if ((p.proto !== 'tcp' && p.proto !== 'udp') || p.dport === undefined || p.listen === false)
      continue;
    for (const l of p.listen ?? [{}]) {
      const ns = l.ns ?? addressOwner(sc, p.dst);
      const port = l.port ?? p.dport;
      const key = `${ns}/${p.proto}/${port}`;
      if (ns === undefined || seen.has(key)) continue;
      seen.add(key);
      lines.push(inNs(ns, `${serverFor(p.proto, port)} &`));
    }
  }
  return lines.length > 0 ? [...lines, 'disown -a'] : [];
}

const WEB_PORTS = new Set([80, 8000, 8080]);

function serverFor(proto: string, port: number): string {
  if (proto === 'udp') return `nc -lku ${port}`;
  return WEB_PORTS.has(port) ? `python3 -m http.server ${port}` : `nc -lk ${port}`;
}

/** The namespace whose interface holds the address (the scenario's addrs are CIDR strings). */
function addressOwner(sc: SetupScenario, addr: string): string | undefined {
  const holds = (addrs: readonly string[] = []) => addrs.some((a) => a.split('/')[0] === addr);
  for (const [ns, d] of Object.entries(sc.namespaces))
    if ([...(d.bridges ?? []), ...(d.dummies ?? [])].some((b) => holds(b.addrs))) return ns;
  for (const l of sc.links ?? []) for (const e of [l.a, l.b]) if (holds(e.addrs)) return e.ns;
  return undefined;
}

function device(ns: string, name: string, type: string, addrs: readonly string[] = []): string[] {
  return [
    inNs(ns, `ip link add ${name} type ${type}`),
    ...addrs.map((a) => inNs(ns, `ip addr add ${a} dev ${name}`)),
    inNs(ns, `ip link set ${name} up`),
  ];
}

function link(l: NonNullable<SetupScenario['links']>[number]): string[] {
  // Create the pair from the host's side when one end is there: `netns NAME` names the other.
  const [a, b] = l.b.ns === HOST && l.a.ns !== HOST ? [l.b, l.a] : [l.a, l.b];
  const peer = b.ns === a.ns ? '' : ` netns ${b.ns}`;
  const lines = [inNs(a.ns, `ip link add ${a.name} type veth peer name ${b.name}${peer}`)];
  for (const e of [a, b]) {
    if (e.master) lines.push(inNs(e.ns, `ip link set ${e.name} master ${e.master}`));
    for (const addr of e.addrs ?? []) lines.push(inNs(e.ns, `ip addr add ${addr} dev ${e.name}`));
    lines.push(inNs(e.ns, `ip link set ${e.name} up`));
  }
  const port = l.a.master ? l.a : l.b.master ? l.b : undefined;
  if (l.hairpin && port) lines.push(inNs(port.ns, `bridge link set dev ${port.name} hairpin on`));
  return lines;
}
