// The front matter every lesson must have (content.config.ts applies it to
// content/lessons/*.mdx). Astro reports a mismatch as a build error naming the file and field.
import { z } from 'astro/zod';
import { CHAPTERS } from './chapters.ts';

export const lessonSchema = z
  .object({
    title: z.string().min(3).max(90),
    chapter: z
      .number()
      .int()
      .min(1)
      .max(CHAPTERS.length, `chapter must be 1–${CHAPTERS.length} (see content/chapters.ts)`),
    summary: z.string().min(20).max(240),
    objectives: z.array(z.string().min(3)).min(1).max(8),
    minutes: z.number().int().positive().max(120),
  })
  .strict();

export type LessonFrontMatter = z.infer<typeof lessonSchema>;
