/**
 * Packet tracer island: choose or compose a probe, send it through the engine on the lesson's
 * machine (shared with the page's terminal), then step forward/back or play through the trace.
 * Shows the hook diagram with the current stage lit, the rule being tested and why it matched
 * or not, NAT, conntrack, the routing decision, the bridge's decision, the one-line verdict and
 * the path on the topology. Every control is a button, select or input.
 *
 * On load only the probe form ships; what draws a trace (TraceDisplay.tsx) loads with the
 * engine when Trace is pressed, and appears once both are there.
 */
import { useRef, useState } from 'preact/hooks';
import type { ScenarioJson } from './lib/lessonWorld.ts';
import type { TraceView } from './lib/machine.ts';
import { composedProbe, probeLabel } from './lib/tracerForm.ts';
import { loadMachine } from './Terminal.tsx';
import './widgets.css';

type Display = (typeof import('./TraceDisplay.tsx'))['default'];

let displayLoader: Promise<Display> | undefined;
/** The trace's view, loaded once; a failed load is tried again on the next Trace. */
function loadTraceDisplay(): Promise<Display> {
  displayLoader ??= import('./TraceDisplay.tsx').then(
    (mod) => mod.default,
    (err: unknown) => {
      displayLoader = undefined;
      throw err;
    },
  );
  return displayLoader;
}

export interface TracerProps {
  readonly session: string;
  readonly scenario: ScenarioJson;
  readonly label?: string;
}

const COMPOSE = 'compose';

export default function PacketTracer({ session, scenario, label }: TracerProps) {
  const probes = scenario.probes ?? [];
  const namespaces = Object.keys(scenario.namespaces);
  const [choice, setChoice] = useState(probes.length > 0 ? '0' : COMPOSE);
  const [form, setForm] = useState({
    from: namespaces[1] ?? namespaces[0] ?? '',
    dst: '',
    proto: 'tcp',
    port: '80',
  });
  // Each trace gets a new `run` (the view's key), so it starts at step 1, paused.
  const [traced, setTraced] = useState<{ trace: TraceView; run: number } | undefined>(undefined);
  const [message, setMessage] = useState('');
  const display = useRef<Display | undefined>(undefined);
  const id = `tracer-${session.replace(/[^a-z0-9-]/gi, '-')}`;

  const run = async () => {
    const spec =
      choice === COMPOSE
        ? composedProbe(form, namespaces)
        : (probes[Number(choice)] as unknown as Record<string, unknown>);
    if ('error' in spec) {
      setMessage(String(spec.error));
      return;
    }
    setMessage('Sending the probe…');
    let m: Awaited<ReturnType<typeof loadMachine>>;
    try {
      [m, display.current] = await Promise.all([loadMachine(), loadTraceDisplay()]);
    } catch {
      setMessage('The tracer could not load (network?): press Trace to try again.');
      return;
    }
    const { shell } = await m.openSession(session, scenario);
    const t = m.traceProbe(shell, spec);
    setTraced((old) => ({ trace: t, run: (old?.run ?? 0) + 1 }));
    setMessage(`Result: ${t.client}. ${t.verdict}. ${t.steps.length} steps.`);
  };

  const Trace = display.current;
  return (
    <section class="pp-widget pp-tracer" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} class="pp-widget-title">
        {label ?? 'Packet tracer'}
      </h3>
      <div class="pp-form">
        {/* Labels point at their control (for/id) rather than wrap it, so a select's name is
            "Probe", not "Probe" followed by every option's text. */}
        <span class="pp-field">
          <label for={`${id}-probe`}>Probe</label>{' '}
          <select
            id={`${id}-probe`}
            value={choice}
            onChange={(e) => setChoice(e.currentTarget.value)}
          >
            {probes.map((p, i) => (
              <option key={i} value={String(i)}>
                {probeLabel(p)}
              </option>
            ))}
            <option value={COMPOSE}>Compose your own…</option>
          </select>
        </span>
        {choice === COMPOSE && (
          <fieldset class="pp-compose">
            <legend>Your probe</legend>
            <span class="pp-field">
              <label for={`${id}-from`}>From</label>{' '}
              <select
                id={`${id}-from`}
                value={form.from}
                onChange={(e) => setForm({ ...form, from: e.currentTarget.value })}
              >
                {namespaces.map((n) => (
                  <option key={n}>{n}</option>
                ))}
              </select>
            </span>
            <span class="pp-field">
              <label for={`${id}-to`}>To</label>{' '}
              <input
                id={`${id}-to`}
                value={form.dst}
                size={13}
                inputMode="decimal"
                onInput={(e) => setForm({ ...form, dst: e.currentTarget.value })}
              />
            </span>
            <span class="pp-field">
              <label for={`${id}-proto`}>Protocol</label>{' '}
              <select
                id={`${id}-proto`}
                value={form.proto}
                onChange={(e) => setForm({ ...form, proto: e.currentTarget.value })}
              >
                <option>tcp</option>
                <option>udp</option>
                <option>icmp</option>
              </select>
            </span>
            {form.proto !== 'icmp' && (
              <span class="pp-field">
                <label for={`${id}-port`}>Port</label>{' '}
                <input
                  id={`${id}-port`}
                  value={form.port}
                  size={5}
                  inputMode="numeric"
                  onInput={(e) => setForm({ ...form, port: e.currentTarget.value })}
                />
              </span>
            )}
          </fieldset>
        )}
        <button type="button" onClick={() => void run()}>
          Trace
        </button>
      </div>
      <p class="pp-status" role="status" aria-live="polite">
        {message}
      </p>
      {traced && Trace && (
        <Trace key={traced.run} scenario={scenario} trace={traced.trace} onStatus={setMessage} />
      )}
    </section>
  );
}
