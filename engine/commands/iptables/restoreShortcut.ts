/**
 * Where iptables-restore finds its shortcut reader (fastRestore.ts), when one is installed.
 * The shortcut exists for kube-proxy-sized restores (110k lines in Node); the Node entry points
 * install it (the CLI, engine/shell/index.ts, the benches), the browser build never imports it.
 * Without it every rule line goes through restoreWords and parseIptables, which read each line
 * the shortcut answers for to the same command and rule (fastRule.test.ts), so a restore gives
 * the same ruleset and the same errors either way (restore.test.ts runs in both).
 */
import type { Rule, Ruleset, TableName } from '../../netfilter/model.ts';
import type { ParsedCommand } from './parseFinish.ts';

/** One batch's reader: answers only for the line shapes it is sure of, else undefined. */
export interface BatchReader {
  /** A user chain the batch declared (a `:` line): jumps to it are then read without a lookup. */
  declared(chain: string): void;
  /** The rule of an `-A CHAIN rule` line (after any `[p:b]`); its chain is then chain(). */
  rule(line: string): Rule | undefined;
  /** The chain (the table's own key string) of the line rule() last answered for. */
  chain(): string;
  /** The line as parseIptables would read it, when the batch tracks commands (a refusal). */
  command(line: string): ParsedCommand | undefined;
}

/** Opens the reader of a batch whose table (the batch's copy) is `scratch.tables[table]`. */
export type RestoreShortcut = (scratch: Ruleset, table: TableName) => BatchReader;

let installed: RestoreShortcut | undefined;

/** Installs the shortcut for every later restore (undefined: the parser reads every line). */
export function installRestoreShortcut(shortcut: RestoreShortcut | undefined): void {
  installed = shortcut;
}

/** The reader of a new batch, when a shortcut is installed. */
export function batchReader(scratch: Ruleset, table: TableName): BatchReader | undefined {
  return installed?.(scratch, table);
}
