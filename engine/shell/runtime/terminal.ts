/**
 * The terminal a shell session runs on, as far as background jobs are concerned: a process
 * started with `CMD &` keeps the terminal as its stdout and stderr (bash(1) JOB CONTROL; also
 * after `disown`, which only takes it out of the job table), so what it prints later shows up
 * among whatever runs in the foreground. The session takes it after each command (runner.ts:
 * before the command's own output, as a server answers before its client prints the answer)
 * or a command takes it itself at the point it waited on the server (curl.ts); what is written
 * between command lines is shown before the next line's output.
 *
 * A lesson's setup starts its servers with `… &` then `disown -a` in the learner's own shell,
 * and nobody sees the setup's output. Showing those servers' log lines among the learner's
 * commands would be faithful to a machine where the setup was typed in this very terminal, but
 * surprising: the learner never started them, and on a real machine they would run in another
 * terminal (or as services). So the session offers newTerminal() (session.ts): the lesson calls
 * it after its setup and those servers write to a terminal nobody shows, while servers the
 * learner starts log here, as on Linux (also after `disown`, which keeps the terminal).
 */
import type { CommandResult, JobOutput, OutputChunk } from '../types.ts';

export class Terminal {
  private pending: OutputChunk[] = [];
  private closed = false;

  /** The terminal as a job's stdout and stderr. */
  readonly sink: JobOutput = {
    write: (fd, text) => {
      if (!this.closed && text !== '') this.pending.push({ fd, text, job: true });
    },
  };

  /** What jobs wrote since the last call, oldest first. */
  take(): OutputChunk[] {
    return this.pending.splice(0);
  }

  /** Nobody shows this terminal any more: what its jobs write is lost (a closed window). */
  close(): void {
    this.closed = true;
    this.pending = [];
  }
}

/** A result's output in order: its chunks, or stdout then stderr. */
export function chunksOf(r: CommandResult): readonly OutputChunk[] {
  if (r.output !== undefined) return r.output;
  const out: OutputChunk[] = [];
  if (r.stdout !== '') out.push({ fd: 1, text: r.stdout });
  if (r.stderr !== '') out.push({ fd: 2, text: r.stderr });
  return out;
}

/**
 * A result from chunks in order; stdout and stderr are their fd 1 and fd 2 texts. `output` is
 * left out where it would say nothing more (no job output, stdout before stderr), so such
 * results stay what they were before output existed.
 */
export function fromChunks(exit: number, chunks: readonly OutputChunk[]): CommandResult {
  const merged: OutputChunk[] = [];
  for (const c of chunks) {
    const last = merged[merged.length - 1];
    if (c.text === '') continue;
    if (last && last.fd === c.fd && last.job === c.job)
      merged[merged.length - 1] = { ...last, text: last.text + c.text };
    else merged.push(c);
  }
  const text = (fd: 1 | 2) =>
    merged
      .filter((c) => c.fd === fd)
      .map((c) => c.text)
      .join('');
  const plain = merged.every((c, i) => !c.job && (c.fd === 1 || merged[i + 1]?.fd !== 1));
  const result = { exit, stdout: text(1), stderr: text(2) };
  return plain ? result : { ...result, output: merged };
}

/** What the command itself wrote to fd 1, without its jobs' terminal output: what a pipe carries. */
export function ownStdout(r: CommandResult): string {
  if (r.output === undefined) return r.stdout;
  return r.output
    .filter((c) => c.fd === 1 && !c.job)
    .map((c) => c.text)
    .join('');
}
