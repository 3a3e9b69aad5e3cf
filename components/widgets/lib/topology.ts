/**
 * Lays out a scenario (scenario-format JSON) as a diagram: namespaces and bridges as nodes,
 * veth links and bridge ports as edges, addresses as labels. Layers from top to bottom: peers
 * linked straight to a routing namespace (the LAN), the namespaces that own bridges (the
 * host, the router), the bridges, and the namespaces plugged into them (containers). Drawn
 * 340 units wide so it reads on a 360 px phone. Also turns a trace into the path to highlight.
 */
export interface TopoScenario {
  readonly namespaces: Readonly<
    Record<
      string,
      {
        readonly bridges?: readonly { readonly name: string; readonly addrs?: readonly string[] }[];
      }
    >
  >;
  readonly links?: readonly {
    readonly a: {
      readonly ns: string;
      readonly name: string;
      readonly master?: string;
      readonly addrs?: readonly string[];
    };
    readonly b: {
      readonly ns: string;
      readonly name: string;
      readonly master?: string;
      readonly addrs?: readonly string[];
    };
  }[];
}

export interface TopoNode {
  readonly id: string;
  readonly kind: 'ns' | 'bridge';
  readonly label: string;
  readonly detail: string;
  readonly x: number;
  readonly y: number;
}

export interface TopoEdge {
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

export interface Topology {
  readonly nodes: readonly TopoNode[];
  readonly edges: readonly TopoEdge[];
  readonly width: number;
  readonly height: number;
}

export const WIDTH = 340;
const ROW = 78;

const bridgeId = (ns: string, br: string) => `${ns}/${br}`;

export function layout(sc: TopoScenario): Topology {
  const links = sc.links ?? [];
  const owners = Object.entries(sc.namespaces).filter(([, n]) => (n.bridges ?? []).length > 0);
  const ownerNames = new Set(owners.map(([n]) => n));
  const edges: TopoEdge[] = [];
  const layerOf = new Map<string, number>();
  for (const [n] of owners) layerOf.set(n, 1);
  const bridges = owners.flatMap(([ns, n]) => (n.bridges ?? []).map((b) => ({ ns, ...b })));
  for (const b of bridges)
    edges.push({ from: b.ns, to: bridgeId(b.ns, b.name), label: (b.addrs ?? []).join(' ') });
  for (const l of links) {
    const [up, down] = l.a.master || ownerNames.has(l.a.ns) ? [l.a, l.b] : [l.b, l.a];
    const from = up.master ? bridgeId(up.ns, up.master) : up.ns;
    edges.push({ from, to: down.ns, label: (down.addrs ?? up.addrs ?? []).join(' ') });
    if (!layerOf.has(down.ns)) layerOf.set(down.ns, up.master ? 3 : 0);
  }
  for (const ns of Object.keys(sc.namespaces)) if (!layerOf.has(ns)) layerOf.set(ns, 1);
  const items: { id: string; kind: 'ns' | 'bridge'; label: string; layer: number }[] = [
    ...[...layerOf].map(([id, layer]) => ({ id, kind: 'ns' as const, label: id, layer })),
    ...bridges.map((b) => ({
      id: bridgeId(b.ns, b.name),
      kind: 'bridge' as const,
      label: b.name,
      layer: 2,
    })),
  ];
  const used = [...new Set(items.map((i) => i.layer))].sort();
  const nodes = used.flatMap((layer, row) => {
    const inLayer = items.filter((i) => i.layer === layer);
    return inLayer.map((i, k) => ({
      id: i.id,
      kind: i.kind,
      label: i.label,
      detail: detailFor(i.id, edges),
      x: Math.round(((k + 0.5) * WIDTH) / inLayer.length),
      y: 30 + row * ROW,
    }));
  });
  return { nodes, edges, width: WIDTH, height: 30 + used.length * ROW - 20 };
}

function detailFor(id: string, edges: readonly TopoEdge[]): string {
  return edges
    .filter((e) => e.to === id && !id.includes('/'))
    .map((e) => e.label)
    .join(' ');
}

/** The namespaces and bridges the first packet crossed, in order, from trace events. */
export function tracePath(
  events: readonly { readonly type: string; readonly ns: string; readonly bridge?: string }[],
): string[] {
  const path: string[] = [];
  const push = (id: string) => {
    if (path[path.length - 1] !== id) path.push(id);
  };
  for (const e of events) {
    if (e.type === 'bridge' && e.bridge) push(bridgeId(e.ns, e.bridge));
    else if (e.type === 'send' || e.type === 'receive') push(e.ns);
    if (e.type === 'deliver' || e.type === 'drop') break;
  }
  return path;
}
