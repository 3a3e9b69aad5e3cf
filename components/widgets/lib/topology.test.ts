// The topology's lines never pass behind a box, over generated scenarios (fast-check): wide
// layers that wrap onto several rows, links inside one layer, links that skip layers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layout, NODE_W, type TopoNode, type TopoScenario } from './topology.ts';
import type { Point } from './topologyRoute.ts';

interface Rect {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

const rectOf = (n: TopoNode): Rect => ({
  x0: n.x - NODE_W / 2,
  x1: n.x + NODE_W / 2,
  y0: n.y - n.h / 2,
  y1: n.y + n.h / 2,
});

/** Whether segment p-q meets the closed rectangle (Liang-Barsky clipping). */
export function segmentHitsRect(p: Point, q: Point, r: Rect): boolean {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  let t0 = 0;
  let t1 = 1;
  const sides: [number, number][] = [
    [-dx, p[0] - r.x0],
    [dx, r.x1 - p[0]],
    [-dy, p[1] - r.y0],
    [dy, r.y1 - p[1]],
  ];
  for (const [den, num] of sides) {
    if (den === 0) {
      if (num < 0) return false;
    } else {
      const t = num / den;
      if (den < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}

const NAMES = ['host', 'r1', 'lan', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'up', 'x'];

/** Scenarios shaped like the lessons' and wider: owners with 0-5 bridges, any links. */
const scenarioArb: fc.Arbitrary<TopoScenario> = fc
  .record({
    count: fc.integer({ min: 1, max: NAMES.length }),
    bridges: fc.array(fc.integer({ min: 0, max: 5 }), {
      minLength: NAMES.length,
      maxLength: NAMES.length,
    }),
    links: fc.array(
      fc.record({
        a: fc.nat(),
        b: fc.nat(),
        aMaster: fc.nat(),
        bMaster: fc.option(fc.nat(), { freq: 6 }),
        aAddr: fc.boolean(),
        bAddrs: fc.integer({ min: 0, max: 3 }),
      }),
      { maxLength: 16 },
    ),
  })
  .map(({ count, bridges, links }) => {
    const names = NAMES.slice(0, count);
    const brs = (ns: string) =>
      Array.from({ length: bridges[NAMES.indexOf(ns)]! }, (_, i) => `br${i}`);
    const addr = (k: number) => `10.${k}.0.1/24`;
    return {
      namespaces: Object.fromEntries(
        names.map((n) => [n, { bridges: brs(n).map((name, i) => ({ name, addrs: [addr(i)] })) }]),
      ),
      links: links.map((l, i) => {
        const a = names[l.a % names.length]!;
        const b = names[l.b % names.length]!;
        const master = (ns: string, k: number) => brs(ns)[k % Math.max(1, brs(ns).length)];
        const am = master(a, l.aMaster);
        const bm = l.bMaster === null ? undefined : master(b, l.bMaster);
        return {
          a: {
            ns: a,
            name: `v${i}a`,
            ...(am ? { master: am } : {}),
            addrs: l.aAddr ? [addr(i)] : [],
          },
          b: {
            ns: b,
            name: `v${i}b`,
            ...(bm ? { master: bm } : {}),
            addrs: Array.from({ length: l.bAddrs }, (_, k) => addr(k + 10)),
          },
        };
      }),
    };
  });

describe('topology layout', () => {
  it('draws no link across a box other than its two ends, boxes apart and inside the width', () => {
    fc.assert(
      fc.property(scenarioArb, (sc) => {
        const t = layout(sc);
        const byId = new Map(t.nodes.map((n) => [n.id, n]));
        for (const e of t.edges) {
          expect(e.points.length).toBeGreaterThanOrEqual(2);
          for (let i = 1; i < e.points.length; i++)
            for (const n of t.nodes) {
              if (n.id === e.from || n.id === e.to) continue;
              const hit = segmentHitsRect(e.points[i - 1]!, e.points[i]!, rectOf(n));
              expect(hit, `${e.from}->${e.to} segment ${i} crosses ${n.id}`).toBe(false);
            }
          // The line starts on its first box and ends on its last.
          const [a, b] = [byId.get(e.from)!, byId.get(e.to)!];
          expect(segmentHitsRect(e.points[0]!, e.points[0]!, rectOf(a))).toBe(true);
          expect(segmentHitsRect(e.points.at(-1)!, e.points.at(-1)!, rectOf(b))).toBe(true);
          for (const [x, y] of e.points)
            expect(x >= 0 && x <= t.width && y >= 0 && y <= t.height).toBe(true);
        }
        for (const n of t.nodes) {
          const r = rectOf(n);
          expect(r.x0 >= 0 && r.x1 <= t.width && r.y0 >= 0 && r.y1 <= t.height).toBe(true);
          for (const m of t.nodes) {
            if (m === n) continue;
            const s = rectOf(m);
            const apart = r.x1 < s.x0 || s.x1 < r.x0 || r.y1 < s.y0 || s.y1 < r.y0;
            expect(apart, `${n.id} overlaps ${m.id}`).toBe(true);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('routes a bridge with five containers (two rows) without crossing the first row', () => {
    const cs = ['c1', 'c2', 'c3', 'c4', 'c5'];
    const t = layout({
      namespaces: {
        host: { bridges: [{ name: 'docker0', addrs: ['172.17.0.1/16'] }] },
        ...Object.fromEntries(cs.map((c) => [c, {}])),
      },
      links: cs.map((c, i) => ({
        a: { ns: 'host', name: `veth${i}`, master: 'docker0' },
        b: { ns: c, name: 'eth0', addrs: [`172.17.0.${i + 2}/16`] },
      })),
    });
    const rows = new Set(cs.map((c) => t.nodes.find((n) => n.id === c)!.y));
    expect(rows.size).toBeGreaterThan(1);
    expect(t.edges.filter((e) => e.from === 'host/docker0')).toHaveLength(5);
  });

  it('draws the host its own uplink and dummy addresses', () => {
    const t = layout({
      namespaces: {
        host: {
          bridges: [{ name: 'br0' }],
          dummies: [{ name: 'uplink0', addrs: ['198.51.100.2/24'] }],
        },
        up: {},
      },
      links: [
        {
          a: { ns: 'host', name: 'eth0', addrs: ['192.0.2.2/24'] },
          b: { ns: 'up', name: 'eth0', addrs: ['192.0.2.1/24'] },
        },
      ],
    });
    expect(t.nodes.find((n) => n.id === 'host')?.addrs).toEqual([
      '192.0.2.2/24',
      '198.51.100.2/24',
    ]);
    expect(t.nodes.find((n) => n.id === 'up')?.addrs).toEqual(['192.0.2.1/24']);
  });
});
