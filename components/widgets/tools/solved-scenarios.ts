// Writes content/scenarios/<scenario>-solved.json and its copy in scenarios/ for every lesson
// exercise: the state its reference solution leaves, with the exercise's checks as probes, so
// `npm run verify:kernel scenarios/<scenario>-solved.json` proves the solution on real Linux.
//   npx node components/widgets/tools/solved-scenarios.ts
// components/widgets/lessons.test.ts fails until the files match the lessons.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExerciseDef } from '../lib/exercise.ts';
import { lessonExports } from '../lib/lessonExports.ts';
import type { ScenarioJson } from '../lib/lessonWorld.ts';
import { solvedScenario } from '../lib/solvedScenario.ts';

const root = resolve(import.meta.dirname, '../../..');
for (const file of readdirSync(resolve(root, 'content/lessons')).filter((f) =>
  f.endsWith('.mdx'),
)) {
  const text = readFileSync(resolve(root, 'content/lessons', file), 'utf8');
  const scenarioFile = /from '\.\.\/scenarios\/([\w-]+)\.json'/.exec(text)?.[1];
  const exercises = Object.values(lessonExports(text)).filter(
    (d): d is ExerciseDef => typeof d === 'object' && d !== null && 'solution' in d,
  );
  if (!scenarioFile || exercises.length === 0) continue;
  const base = JSON.parse(
    readFileSync(resolve(root, 'content/scenarios', `${scenarioFile}.json`), 'utf8'),
  ) as ScenarioJson;
  for (const ex of exercises) {
    const json = `${JSON.stringify(solvedScenario(base, ex), null, 2)}\n`;
    for (const dir of ['content/scenarios', 'scenarios']) {
      writeFileSync(resolve(root, dir, `${base.name}-solved.json`), json);
    }
    console.log(`${file} ${ex.id}: ${base.name}-solved.json (run prettier on it)`);
  }
}
