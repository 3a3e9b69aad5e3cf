/** iptables-restore's options (xtables-restore.c options[]) and how a failing line ends the run. */
import { formatError, paramProblem } from './errors.ts';
import type { CmdResult } from './index.ts';

export const PROG = 'iptables-restore';

export interface RestoreOpts {
  readonly counters: boolean;
  readonly noflush: boolean;
  readonly test: boolean;
  /** -T: only this table is applied. */
  readonly only?: string;
}

/** Ends the run with this result (caught at the top: nothing after the failing line runs). */
export class LineFailure extends Error {
  readonly result: CmdResult;
  constructor(result: CmdResult) {
    super(result.stderr);
    this.result = result;
  }
}

export function fail(exit: number, stderr: string): never {
  throw new LineFailure({ exit, stdout: '', stderr });
}

export function parseRestoreOpts(args: readonly string[]): RestoreOpts | CmdResult {
  const o: { -readonly [K in keyof RestoreOpts]: RestoreOpts[K] } = {
    counters: false,
    noflush: false,
    test: false,
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-c' || a === '--counters') o.counters = true;
    else if (a === '-n' || a === '--noflush') o.noflush = true;
    else if (a === '-t' || a === '--test') o.test = true;
    else if (a === '-v' || a === '--verbose' || a === '-w' || a === '--wait') continue;
    else if (a === '-T' || a === '--table') o.only = args[++i];
    else if (a === '-W' || a === '--wait-interval' || a === '-M' || a === '--modprobe') i++;
    else {
      const msg = a.startsWith('-')
        ? `unknown option "${a}"`
        : `reading a file argument is not supported here; use stdin`;
      return { exit: 2, stdout: '', stderr: formatError(paramProblem(msg), PROG) };
    }
  }
  return o;
}
