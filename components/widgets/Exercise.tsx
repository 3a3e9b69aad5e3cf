/**
 * Exercise island: a goal in words, a terminal on its own copy of the lesson's machine, and a
 * Check button that sends the exercise's probes through the engine on the learner's state.
 * Any solution that makes every probe behave passes; a failed check is named with a hint.
 * Solved exercises are kept in progress and show as solved after a reload.
 */
import { useEffect, useState } from 'preact/hooks';
import { ProgressStore } from '../progress/progress.ts';
import { PROGRESS_EVENT } from '../progress/progress-client.ts';
import type { CheckResult, ExerciseDef } from './lib/exercise.ts';
import type { ScenarioJson } from './lib/lessonWorld.ts';
import Terminal, { loadMachine } from './Terminal.tsx';
import './widgets.css';

export interface ExerciseProps {
  readonly lesson: string;
  readonly scenario: ScenarioJson;
  readonly exercise: ExerciseDef;
}

export default function Exercise({ lesson, scenario, exercise }: ExerciseProps) {
  const session = `${lesson}:${exercise.id}`;
  const [solved, setSolved] = useState(false);
  const [results, setResults] = useState<readonly CheckResult[]>([]);
  const [message, setMessage] = useState('');
  const id = `ex-${lesson}-${exercise.id}`;

  useEffect(() => {
    setSolved(new ProgressStore().lesson(lesson).exercises[exercise.id] === true);
  }, []);

  const check = async () => {
    setMessage('Sending the probes…');
    const m = await loadMachine();
    const { shell } = await m.openSession(session, scenario);
    const r = m.checkExercise(shell, exercise.checks);
    setResults(r);
    const failed = r.filter((c) => !c.pass);
    if (failed.length === 0) {
      new ProgressStore().markExerciseSolved(lesson, exercise.id);
      window.dispatchEvent(new Event(PROGRESS_EVENT));
      setSolved(true);
      setMessage('Solved: every check passes.');
    } else {
      setMessage(
        `${failed.length} of ${r.length} checks fail. First: ${failed[0]?.label} (${failed[0]?.saw}). Each failed check below has a hint.`,
      );
    }
  };

  return (
    <section class="pp-widget pp-exercise" aria-labelledby={`${id}-h`} data-solved={String(solved)}>
      <h3 id={`${id}-h`} class="pp-widget-title">
        Exercise{solved ? <span class="pp-solved"> (solved)</span> : null}
      </h3>
      <p class="pp-goal">{exercise.goal}</p>
      <Terminal session={session} scenario={scenario} label="Exercise terminal" />
      <div class="pp-row">
        <button type="button" onClick={() => void check()}>
          Check my solution
        </button>
      </div>
      <p class="pp-status" role="status" aria-live="polite">
        {message}
      </p>
      {results.length > 0 && (
        <ul class="pp-checks">
          {results.map((c) => (
            <li key={c.label} data-pass={String(c.pass)}>
              <strong>{c.pass ? 'Pass' : 'Fail'}:</strong> {c.label} ({c.saw})
              {c.hint ? `. Hint: ${c.hint}` : ''}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
