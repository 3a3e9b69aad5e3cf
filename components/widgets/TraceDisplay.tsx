/**
 * What the packet tracer shows once a probe is traced: the verdict, the step controls (first,
 * back, forward, play/pause), the step line, the hook diagram with the current stage lit, the
 * step's facts and the path on the topology. PacketTracer loads this module with `import()`
 * beside the engine when Trace is pressed (nothing here draws before a trace exists), so a
 * lesson page does not ship it on load. One trace per mount: the tracer gives each new trace a
 * new key, which starts it at step 1, paused.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ScenarioJson } from './lib/lessonWorld.ts';
import type { TraceView } from './lib/machine.ts';
import { STAGES } from './lib/hookDiagram.ts';
import { stepView, type StepView } from './lib/traceSteps.ts';
import Topology from './Topology.tsx';

export interface TraceDisplayProps {
  readonly scenario: ScenarioJson;
  readonly trace: TraceView;
  /** Says where playing stopped, in the tracer's status line. */
  readonly onStatus: (text: string) => void;
}

export default function TraceDisplay({ scenario, trace, onStatus }: TraceDisplayProps) {
  const [at, onStep] = useState(0);
  const [playing, setPlaying] = useState(false);
  const timer = useRef<number | undefined>(undefined);
  const last = trace.steps.length - 1;
  const where = (i: number) => `${i + 1} of ${trace.steps.length}: ${trace.steps[i]?.text}`;

  useEffect(() => {
    if (!playing) return undefined;
    timer.current = window.setInterval(() => onStep((i) => Math.min(last, i + 1)), 450);
    return () => window.clearInterval(timer.current);
  }, [playing]);

  // The step line is not live while playing (one announcement every 450 ms would drown the
  // reader); the status says where playing stopped.
  useEffect(() => {
    if (!playing || at < last) return;
    setPlaying(false);
    onStatus(`Played to the last step, ${where(at)}`);
  }, [at, playing]);

  const onTogglePlay = () => {
    if (playing) onStatus(`Paused at step ${where(at)}`);
    else if (at >= last) onStep(0);
    setPlaying(!playing);
  };

  const view = stepView(trace.steps, at);
  if (!view) return null;
  return (
    <div class="pp-trace">
      <p class="pp-verdict">
        <strong>Verdict:</strong> {trace.verdict}
      </p>
      <div class="pp-row" role="group" aria-label="Step through the trace">
        <button type="button" onClick={() => onStep(0)} aria-disabled={at === 0}>
          First
        </button>
        <button type="button" onClick={() => onStep(Math.max(0, at - 1))} aria-disabled={at === 0}>
          Back
        </button>
        <button
          type="button"
          onClick={() => onStep(Math.min(last, at + 1))}
          aria-disabled={at >= last}
        >
          Forward
        </button>
        {/* The label says what pressing does; no aria-pressed on top of a changing label. */}
        <button type="button" onClick={onTogglePlay}>
          {playing ? 'Pause' : 'Play'}
        </button>
      </div>
      <p class="pp-step" aria-live={playing ? 'off' : 'polite'}>
        <span class="pp-step-n">
          Step {at + 1} of {trace.steps.length}
        </span>{' '}
        {view.step.text}
      </p>
      <HookDiagram view={view} />
      <StepDetails view={view} />
      <Topology scenario={scenario} highlight={trace.path} title="Path of the traced packet" />
    </div>
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
