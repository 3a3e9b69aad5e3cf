/**
 * How iptables 1.8.9 reports errors (libxtables xtables_exit_error, xshared.c exit_tryhelp):
 * a PARAMETER_PROBLEM (exit 2) prints `PROG v1.8.9 (nf_tables): MSG` and the `Try ...` line;
 * other problems print the first line only; some messages (nft_strerror) are printed bare.
 */

export const VERSION = 'v1.8.9 (nf_tables)';

export type XtErrorKind = 'parameter' | 'other' | 'bare' | 'badArgument' | 'tryOnly';

/** Thrown inside the parser and caught at the command boundary; never escapes the module. */
export class XtError extends Error {
  readonly kind: XtErrorKind;
  readonly exit: number;
  /** Output already printed before the failure (e.g. -L -Z). */
  stdout = '';
  constructor(kind: XtErrorKind, exit: number, message: string) {
    super(message);
    this.kind = kind;
    this.exit = exit;
  }
}

/** xtables_error(PARAMETER_PROBLEM, ...): exit 2 with the Try line. */
export function paramProblem(message: string): XtError {
  return new XtError('parameter', 2, message);
}

/** xtables_error(OTHER_PROBLEM or RESOURCE_PROBLEM, ...): exit 1/3/4 without the Try line. */
export function otherProblem(message: string, exit: number): XtError {
  return new XtError('other', exit, message);
}

/** `iptables: MSG.` as nft_strerror prints it (exit 1). */
export function bareProblem(message: string, exit = 1): XtError {
  return new XtError('bare', exit, message);
}

/** `Bad argument `X'` (printed without the program prefix, then the Try line). */
export function badArgument(arg: string): XtError {
  return new XtError('badArgument', 2, `Bad argument \`${arg}'`);
}

/** The stderr text of an error for program `prog` (iptables, iptables-restore...). */
export function formatError(e: XtError, prog: string, line?: number): string {
  const tryLine = `Try \`${prog} -h' or '${prog} --help' for more information.\n`;
  const at = line !== undefined ? `Error occurred at line: ${line}\n` : '';
  switch (e.kind) {
    case 'parameter':
      return `${prog} ${VERSION}: ${e.message}\n${at}${tryLine}`;
    case 'badArgument':
      return `${e.message}\n${at}${tryLine}`;
    case 'other':
      return `${prog} ${VERSION}: ${e.message}\n`;
    case 'bare':
      return `${prog}: ${e.message}\n`;
    case 'tryOnly':
      return `${at}${tryLine}`;
  }
}
