/**
 * A command line's argv exactly as bash would pass it to a program (no variables set), for
 * tools and tests that need bash's word splitting without running anything.
 */
import { parse } from '../syntax/parser.ts';
import { expandWord } from './expand.ts';

/** The argv of the first simple command of `line`, or undefined if it is not one simple command. */
export function shellSplit(line: string): string[] | undefined {
  const { units, incomplete } = parse(line);
  const unit = units[0];
  if (incomplete || units.length !== 1 || unit?.kind !== 'list' || unit.items.length !== 1)
    return undefined;
  const item = unit.items[0]!;
  if (item.rest.length > 0 || item.first.commands.length !== 1 || item.first.negate)
    return undefined;
  const cmd = item.first.commands[0]!;
  if (cmd.redirects.length > 0) return undefined;
  try {
    return cmd.words.flatMap((w) => expandWord(w, () => ''));
  } catch {
    return undefined;
  }
}
