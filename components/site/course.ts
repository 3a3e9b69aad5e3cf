// Loads the lessons collection into the catalogue (build time only: uses astro:content).
import { getCollection, type CollectionEntry } from 'astro:content';
import { buildCatalog, type CatalogEntry } from './catalog.ts';

export type Lesson = CollectionEntry<'lessons'>;

export async function loadCourse(): Promise<{ catalog: CatalogEntry[]; lessons: Lesson[] }> {
  const lessons = await getCollection('lessons');
  const catalog = buildCatalog(lessons.map((l) => ({ id: l.id, ...l.data })));
  return { catalog, lessons };
}
