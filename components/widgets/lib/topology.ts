/**
 * Lays out a scenario (scenario-format JSON) as a diagram: namespaces and bridges as nodes,
 * veth links and bridge ports as edges, addresses as labels. Layers from top to bottom: peers
 * linked straight to a routing namespace (the LAN), the namespaces that own bridges (the
 * host, the router), the bridges, and the namespaces plugged into them (containers). Drawn
 * 340 units wide so it reads on a 360 px phone: at most three nodes a row (a wider layer wraps
 * onto the next row), addresses inside the nodes one a line, text 13 units (11 px or more at
 * 360 px, the lesson figures' rule). Also turns a trace into the path to highlight.
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
  /** Centre of the node's box. */
  readonly x: number;
  readonly y: number;
  /** The box's height: the label plus one line per address. */
  readonly h: number;
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
/** Boxes fit `172.17.0.10/16` in 13-unit monospace; three of them fit across WIDTH. */
export const NODE_W = 110;
export const LINE = 16;
const COLS = 3;
const GAP = 30;
const TOP = 6;

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
  const rows = used.flatMap((layer) =>
    chunk(
      items.filter((i) => i.layer === layer),
      COLS,
    ),
  );
  const nodes: TopoNode[] = [];
  let top = TOP;
  for (const row of rows) {
    const placed = row.map((i, k) => {
      const detail = detailFor(i.id, edges);
      const h = LINE * (1 + addressLines(detail).length) + 8;
      return { ...i, detail, h, x: Math.round(((k + 0.5) * WIDTH) / row.length) };
    });
    const height = Math.max(...placed.map((n) => n.h));
    for (const n of placed)
      nodes.push({
        id: n.id,
        kind: n.kind,
        label: n.label,
        detail: n.detail,
        x: n.x,
        y: top + height / 2,
        h: n.h,
      });
    top += height + GAP;
  }
  return { nodes, edges, width: WIDTH, height: top - GAP + TOP };
}

/** The addresses a node shows, one a line. */
export function addressLines(detail: string): string[] {
  return detail.split(' ').filter((a) => a !== '');
}

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

function detailFor(id: string, edges: readonly TopoEdge[]): string {
  return edges
    .filter((e) => e.to === id)
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
