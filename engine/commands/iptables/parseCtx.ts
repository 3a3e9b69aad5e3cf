/** The view of the parse state that extensions get: the state itself (see ParseState). */
import type { ParseCtx } from './ext/types.ts';
import type { ParseState } from './parseState.ts';

export function parseCtx(ps: ParseState): ParseCtx {
  return ps;
}
