// Every exercise of every lesson: its reference solution (in the lesson file) passes the
// checker on the lesson scenario, and the starting state fails. Every quiz is well formed.
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks, type ExerciseDef } from './lib/exercise.ts';
import { lessonExports } from './lib/lessonExports.ts';
import { LessonShell } from './lib/lessonShell.ts';
import type { ScenarioJson } from './lib/lessonWorld.ts';
import { quizProblems, type QuizQuestion } from './lib/quiz.ts';
import { solvedScenario } from './lib/solvedScenario.ts';

const root = resolve(import.meta.dirname, '../..');
const lessonsDir = resolve(root, 'content/lessons');

interface LessonData {
  readonly file: string;
  readonly scenario: ScenarioJson;
  readonly exercises: ExerciseDef[];
  readonly quizzes: { id: string; questions: QuizQuestion[] }[];
}

function lessons(): LessonData[] {
  return readdirSync(lessonsDir)
    .filter((f) => f.endsWith('.mdx'))
    .map((file) => {
      const text = readFileSync(resolve(lessonsDir, file), 'utf8');
      const scenarioFile = /from '\.\.\/scenarios\/([\w-]+\.json)'/.exec(text)?.[1];
      const data = Object.values(lessonExports(text)) as Record<string, unknown>[];
      return {
        file,
        scenario: scenarioFile
          ? (JSON.parse(
              readFileSync(resolve(root, 'content/scenarios', scenarioFile), 'utf8'),
            ) as ScenarioJson)
          : ({ name: '', namespaces: {} } as ScenarioJson),
        exercises: data.filter((d) => 'solution' in d) as unknown as ExerciseDef[],
        quizzes: data.filter((d) => 'questions' in d) as unknown as LessonData['quizzes'],
      };
    });
}

const all = lessons();

describe('lesson exercises', () => {
  it('chapters 1-3 each have an exercise and a quiz of at least 5 questions', () => {
    for (const slug of ['bridge-vs-router', 'two-custom-bridges', 'router-component']) {
      const l = all.find((x) => x.file === `${slug}.mdx`);
      expect(l, slug).toBeDefined();
      expect(l?.exercises.length, slug).toBeGreaterThanOrEqual(1);
      expect(l?.quizzes[0]?.questions.length ?? 0, slug).toBeGreaterThanOrEqual(5);
    }
  });

  for (const l of all) {
    for (const ex of l.exercises) {
      const send = (shell: LessonShell) => (p: object) => shell.probe({ ...p }).result;

      it(`${l.file} ${ex.id}: the starting state fails`, () => {
        const results = runChecks(ex.checks, send(new LessonShell(l.scenario)));
        expect(results.some((r) => !r.pass)).toBe(true);
      });

      it(`${l.file} ${ex.id}: the reference solution passes every check`, () => {
        const shell = new LessonShell(l.scenario);
        for (const line of ex.solution) expect(shell.run(line).exit, line).toBe(0);
        const results = runChecks(ex.checks, send(shell));
        expect(results.filter((r) => !r.pass)).toEqual([]);
      });
    }
    for (const q of l.quizzes) {
      it(`${l.file} quiz ${q.id} is well formed`, () =>
        expect(quizProblems(q.questions)).toEqual([]));
    }
  }
});

/** Other correct solutions pass; plausible wrong ones fail on the named condition. */
const OTHER_SOLUTIONS: Record<string, { pass: string[][]; fail: [string[], string][] }> = {
  'icc-web-only': {
    pass: [['iptables -I FORWARD 3 -p tcp -s 172.17.0.2 -d 172.17.0.3 --dport 80 -j ACCEPT']],
    fail: [
      [['sysctl -w net.bridge.bridge-nf-call-iptables=0'], 'c1 still cannot reach c2 on tcp/22'],
      [
        ['iptables -I FORWARD -i docker0 -o docker0 -j ACCEPT'],
        'c1 still cannot reach c2 on tcp/22',
      ],
      [
        ['iptables -A FORWARD -i docker0 -o docker0 -p tcp --dport 80 -j ACCEPT'],
        'c1 reaches c2 on tcp/80',
      ],
    ],
  },
  'db-only': {
    pass: [
      [
        'iptables -I FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT',
        'iptables -I FORWARD 2 -i bra -p tcp -d 10.20.0.2 --dport 5432 -j ACCEPT',
      ],
    ],
    fail: [
      [['iptables -P FORWARD ACCEPT'], 'a1 still cannot reach b1 on tcp/22'],
      [
        ['iptables -A FORWARD -i bra -o brb -p tcp --dport 5432 -j ACCEPT'],
        'a1 reaches b1 on tcp/5432',
      ],
    ],
  },
  'reach-upstream': {
    pass: [
      [
        'sysctl -w net.ipv4.ip_forward=1',
        'iptables -t nat -A POSTROUTING -o eth0 -j SNAT --to-source 192.0.2.2',
      ],
    ],
    fail: [
      [['sysctl -w net.ipv4.ip_forward=1'], 'a1 reaches 192.0.2.1 on tcp/80, seen as 192.0.2.2'],
      [
        ['iptables -t nat -A POSTROUTING -o eth0 -j MASQUERADE'],
        'a1 reaches 192.0.2.1 on tcp/80, seen as 192.0.2.2',
      ],
    ],
  },
};

describe('other solutions', () => {
  for (const l of all) {
    for (const ex of l.exercises) {
      const other = OTHER_SOLUTIONS[ex.id];
      it(`${l.file} ${ex.id}: has other solutions to test`, () => expect(other).toBeDefined());
      for (const lines of other?.pass ?? []) {
        it(`${ex.id}: also solved by ${lines.join(' && ')}`, () => {
          const shell = new LessonShell(l.scenario);
          for (const line of lines) expect(shell.run(line).exit, line).toBe(0);
          const failed = runChecks(ex.checks, (p) => shell.probe({ ...p }).result);
          expect(failed.filter((r) => !r.pass)).toEqual([]);
        });
      }
      for (const [lines, condition] of other?.fail ?? []) {
        it(`${ex.id}: ${lines.join(' && ')} fails "${condition}" with its hint`, () => {
          const shell = new LessonShell(l.scenario);
          for (const line of lines) expect(shell.run(line).exit, line).toBe(0);
          const results = runChecks(ex.checks, (p) => shell.probe({ ...p }).result);
          const failed = results.find((r) => !r.pass);
          expect(failed?.label).toBe(condition);
          expect(failed?.hint).toBeTruthy();
        });
      }
    }
  }
});

describe('lesson scenarios', () => {
  it('each exercise has a solved scenario for the kernel harness, equal to its reference solution', () => {
    for (const l of all) {
      for (const ex of l.exercises) {
        const file = resolve(root, 'content/scenarios', `${l.scenario.name}-solved.json`);
        const committed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
        expect(committed, `regenerate ${file} with solvedScenario()`).toEqual(
          solvedScenario(l.scenario, ex),
        );
      }
    }
  });

  it('each one is also in scenarios/ for kernel verification, byte for byte', () => {
    for (const f of readdirSync(resolve(root, 'content/scenarios'))) {
      const a = readFileSync(resolve(root, 'content/scenarios', f), 'utf8');
      const b = readFileSync(resolve(root, 'scenarios', f), 'utf8');
      expect(b, f).toBe(a);
    }
  });
});
