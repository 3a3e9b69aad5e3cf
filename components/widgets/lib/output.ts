/** What one command printed, as a process would: exit code and the two streams. */
export interface CmdOutput {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const out = (stdout: string): CmdOutput => ({ exit: 0, stdout, stderr: '' });
export const err = (stderr: string, exit = 1): CmdOutput => ({ exit, stdout: '', stderr });
