/**
 * Test helper: the two ways iptables-restore reads rule lines, for tests that must hold in
 * both: with the shortcut installed (the CLI and Node, fastRestore.ts) and through the parser
 * alone (the browser build, which never imports the shortcut).
 */
import { useFastRestore } from './fastRestore.ts';
import { installRestoreShortcut } from './restoreShortcut.ts';

export const RESTORE_MODES: readonly (readonly [string, () => void])[] = [
  ['with the shortcut', useFastRestore],
  ['through the parser alone', () => installRestoreShortcut(undefined)],
];
