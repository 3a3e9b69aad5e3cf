/**
 * Quiz questions and their grading: multiple choice (one right option, each option explains
 * itself) and short answers (any accepted answer, compared without case, spaces or a trailing
 * full stop). The widget only draws what these functions return.
 */
export interface ChoiceOption {
  readonly text: string;
  readonly correct?: boolean;
  /** Why this option is right or wrong; shown after answering. */
  readonly why: string;
}

export type QuizQuestion =
  | {
      readonly id: string;
      readonly kind: 'choice';
      readonly prompt: string;
      readonly options: readonly ChoiceOption[];
    }
  | {
      readonly id: string;
      readonly kind: 'short';
      readonly prompt: string;
      /** Accepted answers (normalised before comparing). */
      readonly answers: readonly string[];
      readonly why: string;
    };

export interface Graded {
  readonly correct: boolean;
  readonly explanation: string;
  /** Nothing chosen or typed yet: ask for an answer, do not mark it wrong or give it away. */
  readonly unanswered?: true;
}

export function normalise(answer: string): string {
  return answer
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/\.$/, '')
    .replace(/\s*=\s*/g, '=');
}

/** `answer` is the chosen option's index (as a string) or the typed text. */
export function grade(q: QuizQuestion, answer: string): Graded {
  if (q.kind === 'short') {
    if (answer.trim() === '')
      return { correct: false, unanswered: true, explanation: 'Type an answer first.' };
    const correct = q.answers.some((a) => normalise(a) === normalise(answer));
    return { correct, explanation: q.why };
  }
  const option = q.options[Number(answer)];
  if (!option || answer.trim() === '')
    return { correct: false, unanswered: true, explanation: 'Choose one of the answers first.' };
  return { correct: option.correct === true, explanation: option.why };
}

export function score(
  questions: readonly QuizQuestion[],
  answers: Readonly<Record<string, string>>,
): number {
  return questions.filter(
    (q) => answers[q.id] !== undefined && grade(q, answers[q.id] as string).correct,
  ).length;
}

/** A quiz is well formed: unique ids, each choice question has exactly one right option. */
export function quizProblems(questions: readonly QuizQuestion[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const q of questions) {
    if (ids.has(q.id)) problems.push(`${q.id}: duplicate id`);
    ids.add(q.id);
    if (q.kind === 'choice' && q.options.filter((o) => o.correct).length !== 1)
      problems.push(`${q.id}: needs exactly one correct option`);
    if (q.kind === 'short' && q.answers.length === 0) problems.push(`${q.id}: no accepted answer`);
  }
  return problems;
}
