/**
 * Route lookup island: a routing table and a destination the learner edits; each route's
 * prefix test is shown and the longest matching prefix is named with the reason it wins.
 * No engine: the arithmetic is in lib/routeLookup.ts (plain integers).
 */
import { useState } from 'preact/hooks';
import { lookup, parseRouteRow, type RouteRow } from './lib/routeLookup.ts';
import './widgets.css';

export interface RouteLookupProps {
  readonly id: string;
  readonly routes: readonly string[];
  readonly destination?: string;
  readonly title?: string;
}

export default function RouteLookup({
  id,
  routes,
  destination = '10.20.0.2',
  title,
}: RouteLookupProps) {
  const [dst, setDst] = useState(destination);
  const rows = routes.map(parseRouteRow).filter((r): r is RouteRow => !('error' in r));
  const r = lookup(rows, dst);
  const rid = `route-${id}`;
  return (
    <section class="pp-widget pp-routes" aria-labelledby={`${rid}-h`}>
      <h3 id={`${rid}-h`} class="pp-widget-title">
        {title ?? 'Route lookup'}
      </h3>
      <label>
        Destination{' '}
        <input
          value={dst}
          size={15}
          inputMode="decimal"
          aria-describedby={`${rid}-why`}
          onInput={(e) => setDst(e.currentTarget.value)}
        />
      </label>
      <div
        class="pp-scroll"
        tabIndex={0}
        role="region"
        aria-label="Routing table with each route's test"
      >
        <table class="pp-route-table" role="table">
          <thead>
            <tr role="row">
              <th scope="col" role="columnheader">
                Destination
              </th>
              <th scope="col" role="columnheader">
                Gateway
              </th>
              <th scope="col" role="columnheader">
                Interface
              </th>
              <th scope="col" role="columnheader">
                Prefix test
              </th>
            </tr>
          </thead>
          <tbody>
            {'error' in r
              ? null
              : r.tests.map((t) => (
                  <tr
                    role="row"
                    key={t.row.text}
                    class={r.winner === t.row ? 'pp-lit' : undefined}
                    aria-current={r.winner === t.row ? 'true' : undefined}
                  >
                    <td role="cell" data-label="Destination">
                      {t.destination}
                    </td>
                    <td role="cell" data-label="Gateway">
                      {t.gateway}
                    </td>
                    <td role="cell" data-label="Interface">
                      {t.row.dev ?? ''}
                    </td>
                    <td role="cell" data-label="Prefix test">
                      {t.explanation}
                      {/* In words, not only the outline: the row the kernel uses. */}
                      {r.winner === t.row && (
                        <strong class="pp-chosen">. Chosen: the longest match</strong>
                      )}
                    </td>
                  </tr>
                ))}
          </tbody>
        </table>
      </div>
      <p id={`${rid}-why`} class="pp-status" role="status" aria-live="polite">
        {'error' in r ? r.error : r.why}
      </p>
      <p class="pp-note-small">
        Two different zeros: the destination <code>0.0.0.0/0</code> (the default route) matches
        every address with a prefix of length 0; a gateway of <code>0.0.0.0</code> means there is no
        next hop: the destination is on that link.
      </p>
    </section>
  );
}
