/**
 * Quiz island: multiple-choice and short-answer questions, each checked on its own with an
 * explanation; the score is kept in progress (ProgressStore.recordQuiz) and the page repaints.
 * Server-rendered complete, so it reads fine before hydration.
 */
import { useEffect, useState } from 'preact/hooks';
import { ProgressStore } from '../progress/progress.ts';
import { PROGRESS_EVENT } from '../progress/progress-client.ts';
import { grade, score, type QuizQuestion } from './lib/quiz.ts';
import './widgets.css';

export interface QuizProps {
  readonly lesson: string;
  readonly id: string;
  readonly questions: readonly QuizQuestion[];
  readonly title?: string;
}

export default function Quiz({ lesson, id, questions, title }: QuizProps) {
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [checked, setChecked] = useState<Record<string, string>>({});
  const [best, setBest] = useState<number | undefined>(undefined);
  const qid = `quiz-${lesson}-${id}`;

  useEffect(() => {
    setBest(new ProgressStore().lesson(lesson).quizzes[id]?.score);
  }, []);

  const check = (q: QuizQuestion) => {
    const answer = drafts[q.id] ?? '';
    const next = { ...checked, [q.id]: answer };
    setChecked(next);
    const s = score(questions, next);
    const store = new ProgressStore();
    const previous = store.lesson(lesson).quizzes[id]?.score ?? 0;
    if (s >= previous) store.recordQuiz(lesson, id, { score: s, max: questions.length });
    setBest(Math.max(s, previous));
    window.dispatchEvent(new Event(PROGRESS_EVENT));
  };

  const current = score(questions, checked);
  return (
    <section class="pp-widget pp-quiz" aria-labelledby={`${qid}-h`}>
      <h3 id={`${qid}-h`} class="pp-widget-title">
        {title ?? 'Quiz'}
      </h3>
      <ol class="pp-questions">
        {questions.map((q, n) => {
          const done = checked[q.id];
          const g = done === undefined ? undefined : grade(q, done);
          const name = `${qid}-${q.id}`;
          return (
            <li key={q.id}>
              <fieldset>
                <legend>
                  {n + 1}. {q.prompt}
                </legend>
                {q.kind === 'choice' ? (
                  q.options.map((o, i) => (
                    <label key={i} class="pp-option">
                      <input
                        type="radio"
                        name={name}
                        value={String(i)}
                        checked={drafts[q.id] === String(i)}
                        onChange={() => setDrafts({ ...drafts, [q.id]: String(i) })}
                      />{' '}
                      {o.text}
                    </label>
                  ))
                ) : (
                  <label class="pp-option">
                    Your answer{' '}
                    <input
                      type="text"
                      value={drafts[q.id] ?? ''}
                      autocomplete="off"
                      spellcheck={false}
                      onInput={(e) => setDrafts({ ...drafts, [q.id]: e.currentTarget.value })}
                      onKeyDown={(e) => e.key === 'Enter' && check(q)}
                    />
                  </label>
                )}
                <button type="button" onClick={() => check(q)}>
                  Check answer
                </button>
                <p
                  class="pp-feedback"
                  role="status"
                  aria-live="polite"
                  data-correct={g && !g.unanswered ? String(g.correct) : undefined}
                >
                  {g?.unanswered && g.explanation}
                  {g && !g.unanswered && (
                    <>
                      <strong>{g.correct ? 'Correct.' : 'Not quite.'}</strong> {g.explanation}
                    </>
                  )}
                </p>
              </fieldset>
            </li>
          );
        })}
      </ol>
      <p class="pp-score" data-quiz-score={current}>
        Score: {current} of {questions.length}
        {best !== undefined ? ` (best saved: ${best} of ${questions.length})` : ''}
      </p>
    </section>
  );
}
