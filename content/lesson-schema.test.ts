import { describe, expect, it } from 'vitest';
import { lessonSchema } from './lesson-schema.ts';

const good = {
  title: 'Fundamentals: Bridge vs Router',
  chapter: 1,
  summary: 'A bridge switches frames; the host routes packets.',
  objectives: ['Tell a switch from a router.'],
  minutes: 12,
};

function failingFields(value: unknown): string[] {
  const r = lessonSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
}

describe('lesson front matter', () => {
  it('accepts a complete front matter', () => {
    expect(lessonSchema.parse(good)).toEqual(good);
  });

  it.each([
    ['minutes', { ...good, minutes: 'twelve' }],
    ['chapter', { ...good, chapter: 13 }],
    ['chapter', { ...good, chapter: 1.5 }],
    ['objectives', { ...good, objectives: [] }],
    ['summary', { ...good, summary: undefined }],
    ['title', { ...good, title: '' }],
  ])('names the bad field %s', (field, value) => {
    expect(failingFields(value)).toContain(field);
  });

  it('rejects unknown fields so typos do not pass silently', () => {
    expect(lessonSchema.safeParse({ ...good, minuts: 3 }).success).toBe(false);
  });
});
