/**
 * Lays out a scenario (scenario-format JSON) as a diagram: namespaces and bridges as nodes,
 * veth links and bridge ports as edges, each node showing its own addresses. Layers from top to
 * bottom: peers linked straight to a routing namespace (the LAN), the namespaces that own
 * bridges (the host, the router), the bridges, and the namespaces plugged into them
 * (containers). Drawn 340 units wide so it reads on a 360 px phone: at most three nodes a row
 * (a wider layer wraps), addresses one a line, text 13 units (11 px or more at 360 px, the
 * lesson figures' rule). Links are routed by lib/topologyRoute.ts so that no line passes
 * behind a box. Also turns a trace into the path to highlight.
 */
import { routeEdges, type Point, type RowBox } from './topologyRoute.ts';

interface TopoEnd {
  readonly ns: string;
  readonly name: string;
  readonly master?: string;
  readonly addrs?: readonly string[];
}
interface TopoIface {
  readonly name: string;
  readonly addrs?: readonly string[];
}

export interface TopoScenario {
  readonly namespaces: Readonly<
    Record<
      string,
      { readonly bridges?: readonly TopoIface[]; readonly dummies?: readonly TopoIface[] }
    >
  >;
  readonly links?: readonly { readonly a: TopoEnd; readonly b: TopoEnd }[];
}

export interface TopoNode {
  readonly id: string;
  readonly kind: 'ns' | 'bridge';
  readonly label: string;
  /** The node's own addresses: a bridge's, or a namespace's on its unenslaved interfaces. */
  readonly addrs: readonly string[];
  /** Centre of the node's box. */
  readonly x: number;
  readonly y: number;
  /** The box's height: the label plus one line per address. */
  readonly h: number;
}

export interface TopoEdge {
  readonly from: string;
  readonly to: string;
  /** The line drawn, from `from`'s box to `to`'s box, through free space only. */
  readonly points: readonly Point[];
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
export const GAP = 30;
const TOP = 6;
/** Free for lines to pass through a row: the middle column, between side boxes. */
export const CORRIDOR = { from: WIDTH / 2 - 50, to: WIDTH / 2 + 50 } as const;

interface Item {
  readonly id: string;
  readonly kind: 'ns' | 'bridge';
  readonly label: string;
  readonly layer: number;
  readonly addrs: readonly string[];
}

const bridgeId = (ns: string, br: string) => `${ns}/${br}`;

export function layout(sc: TopoScenario): Topology {
  const { items, links } = itemsOf(sc);
  // A row a line must pass through gets a free middle column; that can push nodes onto more
  // rows and so change which rows are crossed: repeat until no new layer needs one (at most
  // once per layer, since the set only grows).
  const corridorLayers = new Set<number>();
  for (;;) {
    const rows = placeRows(items, corridorLayers);
    const boxes = new Map(rows.flatMap((r) => r.nodes.map((n) => [n.id, { ...n, row: r }])));
    const routed = routeEdges(links, boxes, rows, { nodeW: NODE_W, gap: GAP, corridor: CORRIDOR });
    const blocked = routed.blockedRows.filter((r) => !corridorLayers.has(r.layer));
    if (blocked.length === 0) return finish(rows, routed.edges, routed.extraBottom);
    for (const r of blocked) corridorLayers.add(r.layer);
  }
}

function finish(
  rows: readonly (RowBox & { nodes: readonly TopoNode[] })[],
  edges: readonly TopoEdge[],
  extraBottom: number,
): Topology {
  const last = rows[rows.length - 1];
  const height = (last ? last.bottom : 0) + TOP + extraBottom;
  return { nodes: rows.flatMap((r) => r.nodes), edges, width: WIDTH, height };
}

/** Nodes with their layer and addresses, and the links as node-id pairs (no self-links). */
function itemsOf(sc: TopoScenario): { items: Item[]; links: { from: string; to: string }[] } {
  const owners = Object.entries(sc.namespaces).filter(([, n]) => (n.bridges ?? []).length > 0);
  const ownerNames = new Set(owners.map(([n]) => n));
  const layerOf = new Map<string, number>(owners.map(([n]) => [n, 1]));
  const addrsOf = new Map<string, string[]>();
  const addAddrs = (ns: string, addrs: readonly string[] = []) =>
    addrsOf.set(ns, [...(addrsOf.get(ns) ?? []), ...addrs]);
  const bridges = owners.flatMap(([ns, n]) => (n.bridges ?? []).map((b) => ({ ns, ...b })));
  const links = bridges.map((b) => ({ from: b.ns, to: bridgeId(b.ns, b.name) }));
  for (const l of sc.links ?? []) {
    const [up, down] = l.a.master || ownerNames.has(l.a.ns) ? [l.a, l.b] : [l.b, l.a];
    for (const end of [up, down]) if (!end.master) addAddrs(end.ns, end.addrs);
    const from = up.master ? bridgeId(up.ns, up.master) : up.ns;
    const to = down.master ? bridgeId(down.ns, down.master) : down.ns;
    if (from !== to) links.push({ from, to });
    if (!layerOf.has(down.ns)) layerOf.set(down.ns, up.master ? 3 : 0);
  }
  for (const [ns, n] of Object.entries(sc.namespaces)) {
    for (const d of n.dummies ?? []) addAddrs(ns, d.addrs);
    if (!layerOf.has(ns)) layerOf.set(ns, 1);
  }
  const items: Item[] = [
    ...[...layerOf].map(([id, layer]) => ({
      id,
      kind: 'ns' as const,
      label: id,
      layer,
      addrs: addrsOf.get(id) ?? [],
    })),
    ...bridges.map((b) => ({
      id: bridgeId(b.ns, b.name),
      kind: 'bridge' as const,
      label: b.name,
      layer: 2,
      addrs: [...(b.addrs ?? [])],
    })),
  ];
  return { items, links };
}

/**
 * Rows of boxes, layer by layer. A layer that a line must cross puts at most two boxes a
 * row, in the side columns, so the middle column (CORRIDOR) stays free.
 */
function placeRows(
  items: readonly Item[],
  corridorLayers: ReadonlySet<number>,
): (RowBox & { nodes: TopoNode[] })[] {
  const layers = [...new Set(items.map((i) => i.layer))].sort((a, b) => a - b);
  const out: (RowBox & { nodes: TopoNode[] })[] = [];
  let top = TOP;
  for (const layer of layers) {
    const corridor = corridorLayers.has(layer);
    const inLayer = items.filter((i) => i.layer === layer);
    for (const row of chunk(inLayer, corridor ? 2 : COLS)) {
      const hs = row.map((i) => LINE * (1 + i.addrs.length) + 8);
      const height = Math.max(...hs);
      const nodes = row.map((i, k) => ({
        id: i.id,
        kind: i.kind,
        label: i.label,
        addrs: i.addrs,
        x: corridor ? [WIDTH / 6, (5 * WIDTH) / 6][k]! : ((k + 0.5) * WIDTH) / row.length,
        y: top + height / 2,
        h: hs[k]!,
      }));
      out.push({ index: out.length, layer, top, bottom: top + height, nodes });
      top += height + GAP;
    }
  }
  return out;
}

function chunk<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
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
