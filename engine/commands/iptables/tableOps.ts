/** Copy-on-write helpers: a command works on a copy of its table and commits it on success. */
import type { Chain, Table } from '../../netfilter/model.ts';
import { shareFolds } from './rulesFold.ts';

export function cloneTable(t: Table): Table {
  const chains = new Map<string, Chain>();
  for (const [k, c] of t.chains) {
    const rules = [...c.rules];
    shareFolds(c.rules, rules);
    chains.set(k, { ...c, rules });
  }
  return { name: t.name, chains };
}

/** Is `name` jumped to (or gone to) from any rule of the table? */
export function isReferenced(t: Table, name: string): boolean {
  for (const c of t.chains.values()) {
    for (const r of c.rules) {
      if ((r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === name)
        return true;
    }
  }
  return false;
}

export function referenceCount(t: Table, name: string): number {
  let n = 0;
  for (const c of t.chains.values()) {
    for (const r of c.rules) {
      if ((r.target.kind === 'jump' || r.target.kind === 'goto') && r.target.chain === name) n++;
    }
  }
  return n;
}
