/**
 * bash's job table for `CMD &` (bash(1) JOB CONTROL), as far as a simulation without passing
 * time allows: a background command runs at once; a server it starts (`nc -l`, `python3 -m
 * http.server`) keeps running under the job's PID until `kill`; anything else has finished by
 * the next prompt, where bash reports it (`[1]+  Done  …`). Notices use bash's layout:
 * `[N]` + the current (+) / previous (-) mark + two spaces + the state padded to 24 columns.
 */
import type { WorldHost } from '../host.ts';

export type JobState =
  | { readonly kind: 'running' }
  | { readonly kind: 'exited'; readonly exit: number }
  | { readonly kind: 'signalled'; readonly signal: string };

export interface Job {
  readonly n: number;
  readonly pid: number;
  /** The command as bash shows it, without the `&`. */
  readonly text: string;
  state: JobState;
}

/** The shell's own PID ($$); background processes count up from it, machine-wide. */
export const SHELL_PID = 4242;

/** A new PID, unique on the machine (every shell on it draws from the same counter). */
export function nextPid(world: WorldHost): number {
  const counter = world.globalState('pid-counter', () => ({ last: SHELL_PID }));
  return ++counter.last;
}

function stateText(s: JobState): string {
  if (s.kind === 'running') return 'Running';
  if (s.kind === 'signalled') return s.signal;
  return s.exit === 0 ? 'Done' : `Exit ${s.exit}`;
}

export class JobTable {
  private readonly jobs: Job[] = [];
  private readonly alive: (pid: number) => boolean;

  /** `alive` tells whether a job's process still runs (a server can end on its own). */
  constructor(alive: (pid: number) => boolean) {
    this.alive = alive;
  }

  /** A new job numbered one past the highest still in the table (bash reuses freed tops). */
  add(pid: number, text: string): Job {
    const n = Math.max(0, ...this.jobs.map((j) => j.n)) + 1;
    const job: Job = { n, pid, text, state: { kind: 'running' } };
    this.jobs.push(job);
    return job;
  }

  /** `%N`, `%+`/`%%` (current), `%-` (previous). */
  find(spec: string): Job | undefined {
    if (spec === '%%' || spec === '%+' || spec === '%') return this.jobs[this.jobs.length - 1];
    if (spec === '%-') return this.jobs[this.jobs.length - 2];
    const n = /^%(\d+)$/.exec(spec);
    return n ? this.jobs.find((j) => j.n === Number(n[1])) : undefined;
  }

  byPid(pid: number): Job | undefined {
    return this.jobs.find((j) => j.pid === pid);
  }

  /** `jobs [-l]`: one line per job; finished ones are reported once and dropped. */
  list(withPid: boolean): string {
    this.refresh();
    const out = this.jobs.map((j) => this.line(j, withPid)).join('');
    this.dropFinished();
    return out;
  }

  /** What bash prints before the next prompt: each job that ended since, then forgets it. */
  notices(): string {
    this.refresh();
    const out = this.jobs
      .filter((j) => j.state.kind !== 'running')
      .map((j) => this.line(j, false))
      .join('');
    this.dropFinished();
    return out;
  }

  /** `disown`: the jobs leave the table; their processes keep running. */
  disown(jobs: readonly Job[]): void {
    for (const j of jobs) this.jobs.splice(this.jobs.indexOf(j), 1);
  }

  all(): readonly Job[] {
    return this.jobs;
  }

  private line(j: Job, withPid: boolean): string {
    const i = this.jobs.indexOf(j);
    const mark = i === this.jobs.length - 1 ? '+' : i === this.jobs.length - 2 ? '-' : ' ';
    const pid = withPid ? `${j.pid} ` : ' ';
    const text = j.state.kind === 'running' ? `${j.text} &` : j.text;
    return `[${j.n}]${mark} ${pid}${stateText(j.state).padEnd(24)}${text}\n`;
  }

  /** A running job whose process is gone has exited (a server ends with status 0). */
  private refresh(): void {
    for (const j of this.jobs)
      if (j.state.kind === 'running' && !this.alive(j.pid)) j.state = { kind: 'exited', exit: 0 };
  }

  private dropFinished(): void {
    for (const j of this.jobs.filter((x) => x.state.kind !== 'running')) this.disown([j]);
  }
}
