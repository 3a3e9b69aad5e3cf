// Content collections of the course.
//
// HOW TO ADD A LESSON
// 1. Find its chapter in content/chapters.ts (number, title, slug).
// 2. Create content/lessons/<slug>.mdx with this front matter (checked by content/lesson-schema.ts;
//    a missing or wrong field fails `astro build` naming the file and the field):
//      ---
//      title: Two Custom Bridges Architecture
//      chapter: 2
//      summary: One sentence for the home page and search results.
//      objectives:
//        - What the learner can do after the lesson.
//      minutes: 15
//      ---
// 3. Write the lesson in MDX. Code blocks tagged ```iptables or ```iptables-save get the
//    course's iptables highlighting. Diagrams are inline SVG components with <title> and
//    <desc> (see components/diagrams/). Widgets are Preact islands: see components/README.md.
// 4. The home page, navigation, previous/next and search pick the lesson up on the next build.
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonSchema } from './content/lesson-schema.ts';

const lessons = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './content/lessons' }),
  schema: lessonSchema,
});

export const collections = { lessons };
