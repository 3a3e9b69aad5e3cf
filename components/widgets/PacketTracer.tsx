/**
 * Packet tracer island: choose or compose a probe, send it through the engine on the lesson's
 * machine (shared with the page's terminal), then step forward/back or play through the trace.
 * Shows the hook diagram with the current stage lit, the rule being tested and why it matched
 * or not, NAT, conntrack, the routing decision, the bridge's decision, the one-line verdict and
 * the path on the topology. Every control is a button, select or input.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ScenarioJson } from './lib/lessonWorld.ts';
import type { TraceView } from './lib/machine.ts';
import { STAGES } from './lib/hookDiagram.ts';
import { composedProbe, probeLabel } from './lib/tracerForm.ts';
import { stepView, type StepView } from './lib/traceSteps.ts';
import { loadMachine } from './Terminal.tsx';
import Topology from './Topology.tsx';
import './widgets.css';

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
  const [trace, setTrace] = useState<TraceView | undefined>(undefined);
  const [at, setAt] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [message, setMessage] = useState('');
  const timer = useRef<number | undefined>(undefined);
  const id = `tracer-${session.replace(/[^a-z0-9-]/gi, '-')}`;

  useEffect(() => {
    if (!playing || !trace) return undefined;
    const last = trace.steps.length - 1;
    timer.current = window.setInterval(() => setAt((i) => Math.min(last, i + 1)), 450);
    return () => window.clearInterval(timer.current);
  }, [playing, trace]);

  // The step line is not live while playing (one announcement every 450 ms would drown the
  // reader); the status says where playing stopped.
  useEffect(() => {
    if (!playing || !trace || at + 1 < trace.steps.length) return;
    setPlaying(false);
    setMessage(
      `Played to the last step, ${at + 1} of ${trace.steps.length}: ${trace.steps[at]?.text}`,
    );
  }, [at, playing, trace]);

  const togglePlay = () => {
    if (!trace) return;
    if (playing) {
      setMessage(`Paused at step ${at + 1} of ${trace.steps.length}: ${trace.steps[at]?.text}`);
    } else if (at + 1 >= trace.steps.length) {
      setAt(0);
    }
    setPlaying(!playing);
  };

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
    const m = await loadMachine();
    const { shell } = await m.openSession(session, scenario);
    const t = m.traceProbe(shell, spec);
    setTrace(t);
    setAt(0);
    setPlaying(false);
    setMessage(`Result: ${t.client}. ${t.verdict}. ${t.steps.length} steps.`);
  };

  const step = trace?.steps[at];
  const view = trace ? stepView(trace.steps, at) : undefined;
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
      {trace && step && (
        <div class="pp-trace">
          <p class="pp-verdict">
            <strong>Verdict:</strong> {trace.verdict}
          </p>
          <div class="pp-row" role="group" aria-label="Step through the trace">
            <button type="button" onClick={() => setAt(0)} aria-disabled={at === 0}>
              First
            </button>
            <button
              type="button"
              onClick={() => setAt(Math.max(0, at - 1))}
              aria-disabled={at === 0}
            >
              Back
            </button>
            <button
              type="button"
              onClick={() => setAt(Math.min(trace.steps.length - 1, at + 1))}
              aria-disabled={at + 1 >= trace.steps.length}
            >
              Forward
            </button>
            {/* The label says what pressing does; no aria-pressed on top of a changing label. */}
            <button type="button" onClick={togglePlay}>
              {playing ? 'Pause' : 'Play'}
            </button>
          </div>
          <p class="pp-step" aria-live={playing ? 'off' : 'polite'}>
            <span class="pp-step-n">
              Step {at + 1} of {trace.steps.length}
            </span>{' '}
            {step.text}
          </p>
          {view && <HookDiagram view={view} />}
          {view && <StepDetails view={view} />}
          <Topology scenario={scenario} highlight={trace.path} title="Path of the traced packet" />
        </div>
      )}
    </section>
  );
}

function HookDiagram({ view }: { view: StepView }) {
  return (
    <ol class="pp-hooks" aria-label={`Netfilter hooks in ${view.step.position.ns}`}>
      {STAGES.map((s) => (
        <li
          key={s.id}
          class={view.stage === s.id ? 'pp-hook pp-lit' : 'pp-hook'}
          aria-current={view.stage === s.id ? 'step' : undefined}
        >
          <span class="pp-hook-name">{s.label}</span>
          {s.tables.length > 0 && (
            <span class="pp-hook-tables">
              {s.tables.map((t) => (
                <span
                  key={t}
                  class={view.stage === s.id && view.table === t ? 'pp-table pp-lit' : 'pp-table'}
                >
                  {t}
                </span>
              ))}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function StepDetails({ view }: { view: StepView }) {
  const step = view.step;
  return (
    <dl class="pp-details">
      <dt>Where</dt>
      <dd>{view.where || '—'}</dd>
      <dt>Packet</dt>
      <dd>{step.packet ?? '—'}</dd>
      <dt>Rule tested</dt>
      <dd>{view.rule}</dd>
      <dt>NAT</dt>
      <dd>{step.nat ?? 'none yet'}</dd>
      <dt>Conntrack</dt>
      <dd>{step.conntrack ?? 'no entry yet'}</dd>
      <dt>Routing</dt>
      <dd>{step.route ?? 'no routing decision yet'}</dd>
      <dt>Bridge</dt>
      <dd>{step.bridge ?? 'no bridge decision yet'}</dd>
    </dl>
  );
}
