/**
 * Topology: an SVG of the scenario's namespaces, bridges, links and addresses, laid out by
 * lib/topology.ts. Pure markup: it needs no JavaScript unless a tracer draws a path on it
 * (`highlight`: namespaces and `ns/bridge` ids the packet crossed).
 */
import { layout, LINE, NODE_W, type TopoScenario } from './lib/topology.ts';
import './widgets.css';

export interface TopologyProps {
  readonly scenario: TopoScenario & { readonly name?: string };
  readonly highlight?: readonly string[];
  readonly title?: string;
}

export default function Topology({ scenario, highlight = [], title }: TopologyProps) {
  const t = layout(scenario);
  const on = new Set(highlight);
  const byId = new Map(t.nodes.map((n) => [n.id, n]));
  const id = `topo-${(scenario.name ?? 'x').replace(/[^a-z0-9-]/gi, '-')}-${highlight.length}`;
  const label = (nid: string) => byId.get(nid)?.label ?? nid;
  // What a screen reader gets instead of the drawing: each box with its addresses, then links.
  const summary = [
    ...t.nodes.map(
      (n) =>
        `${n.label}${n.kind === 'bridge' ? ' (bridge)' : ''}${n.addrs.length ? `: ${n.addrs.join(', ')}` : ''}`,
    ),
    `links: ${t.edges.map((e) => `${label(e.from)} to ${label(e.to)}`).join(', ')}`,
  ].join('; ');
  return (
    <figure class="pp-topology">
      <svg viewBox={`0 0 ${t.width} ${t.height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title ?? 'Topology of the lesson scenario'}</title>
        <desc id={`${id}-d`}>
          {summary}
          {highlight.length > 0
            ? `. The traced packet crossed ${highlight.map(label).join(', ')}.`
            : ''}
        </desc>
        {t.edges.map((e, i) => (
          <polyline
            key={`${e.from}-${e.to}-${i}`}
            points={e.points.map(([x, y]) => `${x},${y}`).join(' ')}
            class={on.has(e.from) && on.has(e.to) ? 'pp-edge pp-lit' : 'pp-edge'}
          />
        ))}
        {t.nodes.map((n) => (
          <g key={n.id} class={on.has(n.id) ? 'pp-node pp-lit' : 'pp-node'}>
            <rect
              x={n.x - NODE_W / 2}
              y={n.y - n.h / 2}
              width={NODE_W}
              height={n.h}
              rx={n.kind === 'bridge' ? 13 : 4}
              class={n.kind === 'bridge' ? 'pp-bridge' : 'pp-ns'}
            />
            <text x={n.x} y={n.y - n.h / 2 + LINE} text-anchor="middle" class="pp-node-label">
              <tspan x={n.x} {...fit(n.label)}>
                {n.label}
              </tspan>
              {n.addrs.map((a) => (
                <tspan key={a} x={n.x} dy={LINE} {...fit(a)}>
                  {a}
                </tspan>
              ))}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        {title ?? 'The scenario'}: rectangles are hosts (network namespaces), rounded ones bridges;
        the addresses under a name are that host's or bridge's own.
        {highlight.length > 0 ? ' The highlighted path is the traced packet.' : ''}
      </figcaption>
    </figure>
  );
}

/** 13-unit monospace: 14 characters fill a box (`172.17.0.10/16`). */
const FITS = 14;
/**
 * A longer name (Docker's `br-` and 12 hex digits) is condensed to the box's width rather than
 * spilling out of it or shrinking below the 11 px the figures keep at 360 px.
 */
function fit(text: string) {
  return text.length > FITS
    ? { textLength: NODE_W - 8, lengthAdjust: 'spacingAndGlyphs' as const }
    : {};
}
