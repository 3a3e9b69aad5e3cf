/**
 * The tracer's probe choice: one of the scenario's probes, or one the learner composes (from,
 * to, protocol, port). Validates the composed one before it reaches the engine.
 */
export interface ScenarioProbe {
  readonly name?: string;
  readonly from: string;
  readonly proto: string;
  readonly dst: string;
  readonly dport?: number;
}

export interface Composed {
  readonly from: string;
  readonly dst: string;
  readonly proto: string;
  readonly port: string;
}

export function probeLabel(p: ScenarioProbe): string {
  return p.name ?? `${p.from} → ${p.dst} ${p.proto}${p.dport !== undefined ? `/${p.dport}` : ''}`;
}

export function composedProbe(
  c: Composed,
  namespaces: readonly string[],
): Record<string, unknown> | { error: string } {
  if (!namespaces.includes(c.from))
    return { error: `Choose where the packet starts (${namespaces.join(', ')}).` };
  if (c.dst.trim() === '') return { error: 'Type the IPv4 address the packet goes to.' };
  if (
    !/^\d{1,3}(\.\d{1,3}){3}$/.test(c.dst.trim()) ||
    c.dst.split('.').some((p) => Number(p) > 255)
  )
    return { error: `"${c.dst}" is not an IPv4 address.` };
  if (!['tcp', 'udp', 'icmp'].includes(c.proto)) return { error: 'Protocol is tcp, udp or icmp.' };
  const base = {
    name: `${c.from} → ${c.dst.trim()} ${c.proto}`,
    from: c.from,
    proto: c.proto,
    dst: c.dst.trim(),
  };
  if (c.proto === 'icmp') return base;
  const port = Number(c.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { error: 'Port is a number from 1 to 65535.' };
  return { ...base, name: `${base.name}/${port}`, dport: port };
}
