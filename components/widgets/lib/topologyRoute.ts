/**
 * Routes the topology's links so that no line passes behind a box. Boxes sit in rows with a
 * free band (the gap) between rows; a line only ever runs
 *   - straight up or down inside its own box's column, between the box and its row's edge
 *     (nothing else is in that column within the row),
 *   - across a gap band (no boxes there),
 *   - down a row's free middle column (the corridor) when it must cross rows in between.
 * Links between boxes of the same row dip into the band below it. A row that a line must
 * cross but has a box in the corridor is reported back, and the layout gives that layer a
 * corridor.
 */
export type Point = readonly [number, number];

export interface RowBox {
  readonly index: number;
  readonly layer: number;
  readonly top: number;
  readonly bottom: number;
}

export interface Box {
  readonly x: number;
  readonly y: number;
  readonly h: number;
  readonly row: RowBox;
}

export interface Geometry {
  readonly nodeW: number;
  readonly gap: number;
  /** The x range kept free of boxes in a row that lines cross. */
  readonly corridor: { readonly from: number; readonly to: number };
}

export interface Routed {
  readonly edges: { from: string; to: string; points: Point[] }[];
  /** Rows a line had to cross whose corridor holds a box. */
  readonly blockedRows: RowBox[];
  /** Room needed under the last row for same-row links that dip below it. */
  readonly extraBottom: number;
}

export function routeEdges(
  links: readonly { readonly from: string; readonly to: string }[],
  boxes: ReadonlyMap<string, Box>,
  rows: readonly RowBox[],
  g: Geometry,
): Routed {
  const edges: Routed['edges'] = [];
  const blocked = new Map<number, RowBox>();
  let long = 0;
  const sameRow = new Map<number, number>();
  let extraBottom = 0;
  for (const { from, to } of links) {
    const a = boxes.get(from);
    const b = boxes.get(to);
    if (!a || !b) continue;
    const [u, l] = a.row.index <= b.row.index ? [a, b] : [b, a];
    let points: Point[];
    if (u.row.index === l.row.index) {
      const k = sameRow.get(u.row.index) ?? 0;
      sameRow.set(u.row.index, k + 1);
      const y = u.row.bottom + (g.gap * (1 + (k % 3))) / 4;
      if (u.row.index === rows.length - 1) extraBottom = g.gap;
      points = [
        [u.x, u.y + u.h / 2],
        [u.x, y],
        [l.x, y],
        [l.x, l.y + l.h / 2],
      ];
    } else if (l.row.index === u.row.index + 1) {
      points = [...down(u), ...up(l)];
    } else {
      const lane = laneX(g, long++);
      const crossed = rows.slice(u.row.index + 1, l.row.index);
      for (const r of crossed) if (corridorTaken(r, boxes, g)) blocked.set(r.index, r);
      points = [
        ...down(u),
        [lane, crossed[0]!.top],
        [lane, crossed[crossed.length - 1]!.bottom],
        ...up(l),
      ];
    }
    edges.push({ from, to, points: dedupe(a === u ? points : points.reverse()) });
  }
  return { edges, blockedRows: [...blocked.values()], extraBottom };
}

/** From the box's bottom edge straight down to its row's bottom. */
const down = (b: Box): Point[] => [
  [b.x, b.y + b.h / 2],
  [b.x, b.row.bottom],
];
/** From the row's top straight down to the box's top edge. */
const up = (b: Box): Point[] => [
  [b.x, b.row.top],
  [b.x, b.y - b.h / 2],
];

/** Lines down the corridor side by side, 8 units apart, so they do not hide each other. */
function laneX(g: Geometry, k: number): number {
  const mid = (g.corridor.from + g.corridor.to) / 2;
  const slots = Math.floor((g.corridor.to - g.corridor.from) / 2 / 8);
  const n = k % (2 * slots + 1);
  return mid + (n % 2 === 0 ? n / 2 : -(n + 1) / 2) * 8;
}

function corridorTaken(row: RowBox, boxes: ReadonlyMap<string, Box>, g: Geometry): boolean {
  for (const b of boxes.values())
    if (
      b.row.index === row.index &&
      b.x - g.nodeW / 2 < g.corridor.to &&
      b.x + g.nodeW / 2 > g.corridor.from
    )
      return true;
  return false;
}

function dedupe(points: readonly Point[]): Point[] {
  return points.filter(
    (p, i) => i === 0 || p[0] !== points[i - 1]![0] || p[1] !== points[i - 1]![1],
  );
}
