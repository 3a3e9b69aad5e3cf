import { describe, expect, it } from 'vitest';
import { CHAPTERS } from '../../content/chapters.ts';
import { buildCatalog, neighbours, type LessonMeta } from './catalog.ts';

const ch1: LessonMeta = {
  id: 'bridge-vs-router',
  title: 'Fundamentals: Bridge vs Router',
  chapter: 1,
  summary: 'A bridge switches frames; the host routes packets.',
  minutes: 12,
};

describe('buildCatalog', () => {
  it('lists the 12 chapters in order, written ones with their lesson', () => {
    const catalog = buildCatalog([ch1]);
    expect(catalog.map((e) => e.chapter.number)).toEqual(CHAPTERS.map((c) => c.number));
    expect(catalog).toHaveLength(12);
    expect(catalog[0]?.lesson?.id).toBe('bridge-vs-router');
    expect(catalog.slice(1).every((e) => e.lesson === undefined)).toBe(true);
  });

  it('names the file when a lesson does not match its chapter', () => {
    expect(() => buildCatalog([{ ...ch1, id: 'bridges' }])).toThrow(
      /content\/lessons\/bridges\.mdx: chapter 1 lives at content\/lessons\/bridge-vs-router\.mdx/,
    );
    expect(() => buildCatalog([{ ...ch1, chapter: 13 }])).toThrow(/chapter 13 is not in/);
  });
});

describe('neighbours', () => {
  it('gives previous and next chapters, none beyond the ends', () => {
    const catalog = buildCatalog([ch1]);
    expect(neighbours(catalog, 1).previous).toBeUndefined();
    expect(neighbours(catalog, 1).next?.chapter.number).toBe(2);
    expect(neighbours(catalog, 12).next).toBeUndefined();
    expect(neighbours(catalog, 12).previous?.chapter.number).toBe(11);
  });
});
