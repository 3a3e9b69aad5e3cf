/**
 * The iptables-restore shortcut for Node (restoreShortcut.ts): rule lines of the shapes
 * fastRule.ts knows are read from the line itself, with the batch's own chain names and one
 * jump target per chain. `useFastRestore()` installs it; the CLI, engine/shell/index.ts and the
 * benches do, the browser does not (its lessons restore a few dozen lines).
 */
import type { Ruleset, TableName } from '../../netfilter/model.ts';
import { fastChain, fastRule, fastRuleLine, plainJump } from './fastRule.ts';
import type { JumpTarget, Names } from './fastRule.ts';
import type { LineWords } from './fastWords.ts';
import { installRestoreShortcut, type BatchReader } from './restoreShortcut.ts';

/** Makes every later iptables-restore take the shortcut. */
export function useFastRestore(): void {
  installRestoreShortcut(fastReader);
}

function fastReader(scratch: Ruleset, table: TableName): BatchReader {
  const names = batchNames(scratch, table);
  return {
    declared: (chain) => names.declared(chain),
    rule: (line) => fastRule(line, table, names),
    chain: () => fastChain(names),
    command: (line) => fastRuleLine(line, table, names),
  };
}

/**
 * Names as a batch keeps them: a user chain declared by a `:` line gets its jump target then
 * (kube-proxy jumps to each of its 30,000 chains), so that reading a jump is one lookup.
 */
interface BatchNames extends Names {
  declared(key: string): void;
}

/**
 * The table's own key strings for chain names, and one jump target per chain (targets are
 * immutable values): later lookups compare one pointer. Rules of a chain come in a row, so
 * the last chain named is tried first, on the line's text, without a lookup.
 */
function batchNames(scratch: Ruleset, table: TableName): BatchNames {
  const keyOf = (text: string) => scratch.tables[table]?.chains.get(text)?.name;
  // Only names plainJump allows (fastRule.ts asks `known` before checking the name).
  const jumps = new Map<string, JumpTarget>();
  const guess = jumpGuess();
  let last = '';
  return {
    declared(key) {
      if (!plainJump(key)) return;
      const tg: JumpTarget = { kind: 'jump', chain: key };
      jumps.set(key, tg);
      guess.declared.push(tg);
    },
    known(w, k) {
      return guess.known(w, k) ?? guess.found(jumps.get(w.text(k)));
    },
    jump(chain) {
      let tg = jumps.get(chain);
      if (tg) return tg;
      const key = keyOf(chain);
      tg = { kind: 'jump', chain: key ?? chain };
      if (key !== undefined) jumps.set(key, tg);
      return tg;
    },
    chain(w, k) {
      if (last !== '' && w.is(k, last)) return last;
      const text = w.text(k);
      const key = keyOf(text);
      if (key !== undefined) last = key;
      return key ?? text;
    },
  };
}

/**
 * Which declared chain a jump names, guessed and compared in place (no string, no lookup):
 * iptables-save and kube-proxy jump to their chains first in the order they declared them
 * (KUBE-SVC-x, its KUBE-SEP-x...), and to a few (KUBE-MARK-MASQ) again and again. A wrong
 * guess only costs the lookup it saves.
 */
function jumpGuess() {
  const declared: JumpTarget[] = [];
  let next = 0;
  let again: JumpTarget | undefined;
  return {
    declared,
    known(w: LineWords, k: number): JumpTarget | undefined {
      const tg = declared[next];
      if (tg && w.is(k, tg.chain)) {
        next++;
        return tg;
      }
      return again && w.is(k, again.chain) ? again : undefined;
    },
    /** A target found by lookup: jumped to again next, and past a few chains never jumped to. */
    found(tg: JumpTarget | undefined): JumpTarget | undefined {
      if (!tg) return undefined;
      again = tg;
      for (let d = 1; d <= 4; d++) {
        if (declared[next + d] === tg) {
          next += d + 1;
          break;
        }
      }
      return tg;
    },
  };
}
