import { describe, expect, it } from 'vitest';
import {
  EMPTY_LESSON,
  PROGRESS_KEY,
  PROGRESS_VERSION,
  ProgressStore,
  lessonDetail,
  lessonStatus,
  parseProgress,
  type KeyValueStore,
} from './progress.ts';

class MapStore implements KeyValueStore {
  readonly map = new Map<string, string>();
  getItem(k: string): string | null {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string): void {
    this.map.set(k, v);
  }
}

describe('ProgressStore', () => {
  it('starts empty and records visited, completed, quiz scores and exercises', () => {
    const store = new ProgressStore(new MapStore());
    expect(store.lesson('bridge-vs-router')).toEqual(EMPTY_LESSON);
    store.markVisited('bridge-vs-router');
    store.recordQuiz('bridge-vs-router', 'quiz-1', { score: 4, max: 5 });
    store.markExerciseSolved('bridge-vs-router', 'reach-b1');
    store.setCompleted('bridge-vs-router', true);
    expect(store.lesson('bridge-vs-router')).toEqual({
      visited: true,
      completed: true,
      quizzes: { 'quiz-1': { score: 4, max: 5 } },
      exercises: { 'reach-b1': true },
    });
    expect(lessonStatus(store.lesson('bridge-vs-router'))).toBe('completed');
  });

  it('survives a reload: a new store over the same storage sees the same progress', () => {
    const backing = new MapStore();
    new ProgressStore(backing).markVisited('bridge-vs-router');
    const again = new ProgressStore(backing);
    expect(lessonStatus(again.lesson('bridge-vs-router'))).toBe('visited');
    expect(JSON.parse(backing.getItem(PROGRESS_KEY) ?? '').version).toBe(PROGRESS_VERSION);
  });

  it.each([
    ['not JSON', '{oops'],
    ['a foreign value', '"hello"'],
    ['another version', JSON.stringify({ version: 99, lessons: {} })],
    ['a wrong shape', JSON.stringify({ version: 1, lessons: { x: { visited: 'yes' } } })],
    [
      'a quiz score above its max',
      JSON.stringify({
        version: 1,
        lessons: {
          a: {
            visited: true,
            completed: false,
            quizzes: { q: { score: 9, max: 5 } },
            exercises: {},
          },
        },
      }),
    ],
    ['an array', '[1,2,3]'],
    ['null', 'null'],
  ])('resets %s without throwing and without touching other keys', (_label, raw) => {
    const backing = new MapStore();
    backing.setItem(PROGRESS_KEY, raw);
    backing.setItem('someone-else', 'keep me');
    const store = new ProgressStore(backing);
    expect(() => store.read()).not.toThrow();
    expect(store.read().lessons).toEqual({});
    expect(parseProgress(backing.getItem(PROGRESS_KEY))).not.toBeNull();
    expect(backing.getItem('someone-else')).toBe('keep me');
    expect([...backing.map.keys()].sort()).toEqual([PROGRESS_KEY, 'someone-else']);
  });

  it('keeps working when storage throws on every call', () => {
    const broken: KeyValueStore = {
      getItem() {
        throw new Error('SecurityError');
      },
      setItem() {
        throw new Error('QuotaExceededError');
      },
    };
    const store = new ProgressStore(broken);
    expect(() => store.markVisited('bridge-vs-router')).not.toThrow();
    expect(store.lesson('bridge-vs-router')).toEqual(EMPTY_LESSON);
  });

  it('refuses ids that could not round-trip through validation', () => {
    const store = new ProgressStore(new MapStore());
    expect(() => store.markVisited('../etc')).toThrow(RangeError);
    expect(() => store.recordQuiz('a', 'q', { score: 3, max: 2 })).toThrow(RangeError);
    expect(() => store.markExerciseSolved('a', 'Bad Id')).toThrow(RangeError);
  });

  it('does not write when nothing is stored and nothing changes', () => {
    const backing = new MapStore();
    new ProgressStore(backing).read();
    expect(backing.map.size).toBe(0);
  });
});

describe('lessonDetail', () => {
  it('sums quiz scores and counts solved exercises', () => {
    expect(lessonDetail(EMPTY_LESSON)).toBe('');
    const store = new ProgressStore(new MapStore());
    store.recordQuiz('a', 'q1', { score: 4, max: 5 });
    expect(lessonDetail(store.lesson('a'))).toBe('quiz 4/5');
    store.recordQuiz('a', 'q2', { score: 1, max: 3 });
    store.markExerciseSolved('a', 'e1');
    expect(lessonDetail(store.lesson('a'))).toBe('quizzes 5/8 · 1 exercise solved');
    store.markExerciseSolved('a', 'e2');
    expect(lessonDetail(store.lesson('a'))).toMatch(/2 exercises solved$/);
  });
});
