// `npm run bench`: runs every bench/*.bench.ts (or those named on the command line) and
// prints its figures. Speed targets live here, never in timed test assertions.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** A target to meet, e.g. { max: 5 } for "under 5 ms"; printed beside the figure. */
  target?: { max?: number; min?: number };
}

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

let missed = 0;
for (const file of files) {
  console.log(`\n## ${file}`);
  const mod = (await import(`./${file}`)) as { default: () => Promise<BenchFigure[]> };
  for (const fig of await mod.default()) {
    const t = fig.target;
    const ok =
      !t ||
      ((t.max === undefined || fig.value <= t.max) && (t.min === undefined || fig.value >= t.min));
    if (!ok) missed++;
    const targetText = t
      ? ` (target ${t.max !== undefined ? `≤ ${t.max}` : `≥ ${t.min}`} ${fig.unit}) ${ok ? 'met' : 'MISSED'}`
      : '';
    console.log(
      `${fig.name.padEnd(58)} ${fig.value.toFixed(fig.value < 10 ? 3 : 1).padStart(12)} ${fig.unit}${targetText}`,
    );
  }
}
console.log(`\n${files.length} bench file(s); ${missed} target(s) missed.`);
