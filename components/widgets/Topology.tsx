/**
 * Topology: an SVG of the scenario's namespaces, bridges, links and addresses, laid out by
 * lib/topology.ts. Pure markup: it needs no JavaScript unless a tracer draws a path on it
 * (`highlight`: namespaces and `ns/bridge` ids the packet crossed).
 */
import { layout, type TopoScenario } from './lib/topology.ts';
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
  const summary = t.edges
    .map((e) => `${e.from} to ${e.to}${e.label ? ` (${e.label})` : ''}`)
    .join('; ');
  return (
    <figure class="pp-topology">
      <svg viewBox={`0 0 ${t.width} ${t.height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
        <title id={`${id}-t`}>{title ?? 'Topology of the lesson scenario'}</title>
        <desc id={`${id}-d`}>
          {summary}
          {highlight.length > 0 ? `. The traced packet crossed ${highlight.join(', ')}.` : ''}
        </desc>
        {t.edges.map((e) => {
          const a = byId.get(e.from);
          const b = byId.get(e.to);
          if (!a || !b) return null;
          const lit = on.has(e.from) && on.has(e.to);
          return (
            <g key={`${e.from}-${e.to}`}>
              <line
                x1={a.x}
                y1={a.y}
                x2={b.x}
                y2={b.y}
                class={lit ? 'pp-edge pp-lit' : 'pp-edge'}
              />
              {e.label && (
                <text x={(a.x + b.x) / 2 + 4} y={(a.y + b.y) / 2} class="pp-edge-label">
                  {e.label}
                </text>
              )}
            </g>
          );
        })}
        {t.nodes.map((n) => (
          <g key={n.id} class={on.has(n.id) ? 'pp-node pp-lit' : 'pp-node'}>
            <rect
              x={n.x - 36}
              y={n.y - 13}
              width={72}
              height={26}
              rx={n.kind === 'bridge' ? 13 : 4}
              class={n.kind === 'bridge' ? 'pp-bridge' : 'pp-ns'}
            />
            <text x={n.x} y={n.y + 4} text-anchor="middle" class="pp-node-label">
              {n.label}
            </text>
          </g>
        ))}
      </svg>
      <figcaption>
        {title ?? 'The scenario'}: rectangles are hosts (network namespaces), rounded ones bridges;
        labels are addresses.
        {highlight.length > 0 ? ' The highlighted path is the traced packet.' : ''}
      </figcaption>
    </figure>
  );
}
