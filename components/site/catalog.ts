// The course catalogue: the guide's 12 chapters joined with the lessons written so far.
// Fails the build loudly when a lesson file does not fit its chapter, so a typo never
// turns into a silently missing lesson or a link to a 404.
import { CHAPTERS, type Chapter } from '../../content/chapters.ts';

export interface LessonMeta {
  readonly id: string;
  readonly title: string;
  readonly chapter: number;
  readonly summary: string;
  readonly minutes: number;
}

export interface CatalogEntry {
  readonly chapter: Chapter;
  /** Present once content/lessons/<slug>.mdx exists; absent means "upcoming". */
  readonly lesson?: LessonMeta;
}

export function buildCatalog(
  lessons: readonly LessonMeta[],
  chapters: readonly Chapter[] = CHAPTERS,
): CatalogEntry[] {
  const byChapter = new Map<number, LessonMeta>();
  for (const lesson of lessons) {
    const chapter = chapters.find((c) => c.number === lesson.chapter);
    const where = `content/lessons/${lesson.id}.mdx`;
    if (!chapter)
      throw new Error(`${where}: chapter ${lesson.chapter} is not in content/chapters.ts`);
    if (chapter.slug !== lesson.id) {
      throw new Error(
        `${where}: chapter ${chapter.number} lives at content/lessons/${chapter.slug}.mdx (rename the file or fix "chapter")`,
      );
    }
    byChapter.set(lesson.chapter, lesson);
  }
  return chapters.map((chapter) => {
    const lesson = byChapter.get(chapter.number);
    return lesson ? { chapter, lesson } : { chapter };
  });
}

export interface Neighbours {
  readonly previous?: CatalogEntry;
  readonly next?: CatalogEntry;
}

/** The chapters before and after `number`, written or upcoming. */
export function neighbours(catalog: readonly CatalogEntry[], number: number): Neighbours {
  const i = catalog.findIndex((e) => e.chapter.number === number);
  const out: { previous?: CatalogEntry; next?: CatalogEntry } = {};
  if (i > 0) out.previous = catalog[i - 1];
  if (i >= 0 && i < catalog.length - 1) out.next = catalog[i + 1];
  return out;
}
