// The learner's progress, kept in localStorage under ONE key with a versioned schema.
// Everything that reads or writes progress goes through this module. A value that does not
// parse, has another version, or has the wrong shape is replaced by an empty record for
// the current version; other localStorage keys are never read or written. Storage that
// throws (disabled cookies, private mode, quota) degrades to an in-memory record.

export const PROGRESS_KEY = 'packetpath:progress';
export const PROGRESS_VERSION = 1;

export interface QuizScore {
  readonly score: number;
  readonly max: number;
}

export interface LessonProgress {
  readonly visited: boolean;
  readonly completed: boolean;
  readonly quizzes: Readonly<Record<string, QuizScore>>;
  readonly exercises: Readonly<Record<string, true>>;
}

export interface ProgressV1 {
  readonly version: typeof PROGRESS_VERSION;
  readonly lessons: Readonly<Record<string, LessonProgress>>;
}

/** The part of the Web Storage API this module uses; tests pass their own. */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export const EMPTY_LESSON: LessonProgress = Object.freeze({
  visited: false,
  completed: false,
  quizzes: Object.freeze({}),
  exercises: Object.freeze({}),
});

export function emptyProgress(): ProgressV1 {
  return { version: PROGRESS_VERSION, lessons: {} };
}

const ID = /^[a-z0-9][a-z0-9-]{0,79}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isQuizScore(v: unknown): v is QuizScore {
  if (!isRecord(v)) return false;
  const { score, max } = v;
  return (
    Number.isInteger(score) &&
    Number.isInteger(max) &&
    (score as number) >= 0 &&
    (max as number) > 0 &&
    (score as number) <= (max as number)
  );
}

function isLessonProgress(v: unknown): v is LessonProgress {
  if (!isRecord(v)) return false;
  if (typeof v.visited !== 'boolean' || typeof v.completed !== 'boolean') return false;
  const { quizzes, exercises } = v;
  if (!isRecord(quizzes) || !isRecord(exercises)) return false;
  return (
    Object.entries(quizzes).every(([k, q]) => ID.test(k) && isQuizScore(q)) &&
    Object.entries(exercises).every(([k, e]) => ID.test(k) && e === true)
  );
}

/** Returns the stored progress when `raw` is a valid current-version value, else null. */
export function parseProgress(raw: string | null): ProgressV1 | null {
  if (raw === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.version !== PROGRESS_VERSION || !isRecord(value.lessons)) {
    return null;
  }
  const lessons = Object.entries(value.lessons);
  if (!lessons.every(([slug, l]) => ID.test(slug) && isLessonProgress(l))) return null;
  return {
    version: PROGRESS_VERSION,
    lessons: Object.fromEntries(lessons) as ProgressV1['lessons'],
  };
}

function memoryStore(): KeyValueStore {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

/** localStorage when the browser lets us use it, else a store that forgets on reload. */
export function defaultStore(): KeyValueStore {
  try {
    const probe = globalThis.localStorage;
    probe.getItem(PROGRESS_KEY);
    return probe;
  } catch {
    return memoryStore();
  }
}

export type LessonUpdate = (lesson: LessonProgress) => LessonProgress;

/** Progress bound to one store. Reads are fresh each time, so two tabs do not clobber. */
export class ProgressStore {
  readonly #store: KeyValueStore;

  constructor(store: KeyValueStore = defaultStore()) {
    this.#store = store;
  }

  /** The stored progress; a corrupt or foreign value is replaced by an empty record. */
  read(): ProgressV1 {
    let raw: string | null;
    try {
      raw = this.#store.getItem(PROGRESS_KEY);
    } catch {
      return emptyProgress();
    }
    const parsed = parseProgress(raw);
    if (parsed) return parsed;
    const fresh = emptyProgress();
    if (raw !== null) this.#write(fresh);
    return fresh;
  }

  lesson(slug: string): LessonProgress {
    return this.read().lessons[slug] ?? EMPTY_LESSON;
  }

  update(slug: string, change: LessonUpdate): LessonProgress {
    if (!ID.test(slug)) throw new RangeError(`progress: invalid lesson id "${slug}"`);
    const current = this.read();
    const next = change(current.lessons[slug] ?? EMPTY_LESSON);
    this.#write({ version: PROGRESS_VERSION, lessons: { ...current.lessons, [slug]: next } });
    return next;
  }

  markVisited(slug: string): LessonProgress {
    return this.update(slug, (l) => (l.visited ? l : { ...l, visited: true }));
  }

  setCompleted(slug: string, completed: boolean): LessonProgress {
    return this.update(slug, (l) => ({ ...l, visited: true, completed }));
  }

  recordQuiz(slug: string, quizId: string, score: QuizScore): LessonProgress {
    if (!ID.test(quizId) || !isQuizScore(score)) {
      throw new RangeError(`progress: invalid quiz score for "${quizId}"`);
    }
    return this.update(slug, (l) => ({ ...l, quizzes: { ...l.quizzes, [quizId]: score } }));
  }

  markExerciseSolved(slug: string, exerciseId: string): LessonProgress {
    if (!ID.test(exerciseId)) throw new RangeError(`progress: invalid exercise id "${exerciseId}"`);
    return this.update(slug, (l) => ({ ...l, exercises: { ...l.exercises, [exerciseId]: true } }));
  }

  #write(value: ProgressV1): void {
    try {
      this.#store.setItem(PROGRESS_KEY, JSON.stringify(value));
    } catch {
      // Quota exceeded or storage disabled: progress stays for this page view only.
    }
  }
}

export type LessonStatus = 'not-started' | 'visited' | 'completed';

export function lessonStatus(l: LessonProgress): LessonStatus {
  if (l.completed) return 'completed';
  return l.visited ? 'visited' : 'not-started';
}

/** "quiz 4/5 · 1 exercise solved": what the learner scored in a lesson, or '' if nothing. */
export function lessonDetail(l: LessonProgress): string {
  const quizzes = Object.values(l.quizzes);
  const parts: string[] = [];
  if (quizzes.length > 0) {
    const score = quizzes.reduce((s, q) => s + q.score, 0);
    const max = quizzes.reduce((s, q) => s + q.max, 0);
    parts.push(`${quizzes.length === 1 ? 'quiz' : 'quizzes'} ${score}/${max}`);
  }
  const solved = Object.keys(l.exercises).length;
  if (solved > 0) parts.push(`${solved} ${solved === 1 ? 'exercise' : 'exercises'} solved`);
  return parts.join(' · ');
}
