/**
 * getopt_long's option table after each sequence of loaded extensions (xtables_merge_options:
 * the newest extension's options first, then the earlier ones, after iptables' own). Tables
 * are the same for the same extensions loaded in the same order, so they are built once, in a
 * tree keyed by extension, and shared by every command line.
 */
import type { AnyExtension } from './ext/types.ts';
import { optTable, type LongOption, type OptTable } from './getopt.ts';
import { BASE_OPTS } from './options.ts';

export interface OptNode extends OptTable {
  /** The extensions' options, newest first. */
  readonly ext: readonly LongOption[];
  /** How many extensions are loaded (the slot of the next one). */
  readonly depth: number;
  readonly children: Map<AnyExtension<unknown>, OptNode>;
}

function node(ext: readonly LongOption[], depth: number): OptNode {
  return { ...optTable([...BASE_OPTS, ...ext]), ext, depth, children: new Map() };
}

export const BASE_NODE: OptNode = node([], 0);

/** The table once `ext` is loaded on top of `from`. */
export function withExtension(from: OptNode, ext: AnyExtension<unknown>): OptNode {
  let child = from.children.get(ext);
  if (!child) {
    const slot = from.depth;
    const own: LongOption[] = ext.options.map((o) => ({
      name: o.name,
      hasArg: o.hasArg,
      val: '',
      slot,
      id: o.id,
    }));
    child = node([...own, ...from.ext], slot + 1);
    from.children.set(ext, child);
  }
  return child;
}
