/** The view of the parse state that extensions get. */
import type { ParseCtx } from './ext/types.ts';
import type { ParseState } from './parseState.ts';

export function parseCtx(ps: ParseState): ParseCtx {
  return {
    getopt: ps.g,
    proto: ps.proto,
    protoInvert: ps.invflags.has('p'),
    warn: (w: string) => ps.warnings.push(w),
  };
}
