/** What a subcommand may touch of the outside world: passed in so tests can capture it. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  readStdin(): Promise<string>;
}

/** Exit codes the CLI promises: 0 ok, 1 failure (including a judged difference), 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Thrown by a subcommand for bad arguments or input; main prints its one-line message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
