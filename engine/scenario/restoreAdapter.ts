/**
 * `iptables-restore` (without --noflush) for scenarios: a thin driver over the command layer's
 * rule parser (parseIptables) and command executor (execIptables), so rules are parsed and
 * printed by the one shared implementation. Linear in the input (rules are appended directly,
 * not committed one by one): the command layer's runIptablesRestore took 221 s on the 110k-line
 * kube-proxy bench file, this takes seconds. Tables are replaced at COMMIT; a jump to a chain
 * the table does not define fails the table. restoreAdapter.test.ts checks it gives the same
 * iptables-save -c as runIptablesRestore on every fixture ruleset; switch rules.ts to
 * runIptablesRestore once that is linear too.
 */
import { XtError, formatError } from '../commands/iptables/errors.ts';
import { execIptables } from '../commands/iptables/exec.ts';
import { parseIptables } from '../commands/iptables/parse.ts';
import {
  BUILTIN_CHAINS,
  emptyRuleset,
  isTableName,
  newCounters,
  newTable,
} from '../netfilter/model.ts';
import type { Ruleset, Table, TableName } from '../netfilter/model.ts';

const PROG = 'iptables-restore';

/** iptables-restore's tokenizer (add_param_to_argv): whitespace splits, double quotes group, \\ escapes. */
export function restoreWords(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (c === '"') {
      quoted = !quoted;
      has = true;
    } else if (!quoted && (c === ' ' || c === '\t')) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

class RestoreFailure extends Error {}

function fail(n: number, why?: string): never {
  throw new RestoreFailure(why ?? `${PROG}: line ${n} failed`);
}

function chainLine(t: Table, line: string, n: number): void {
  const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?\s*$/.exec(line);
  if (!m) fail(n);
  const [, name, policy] = m as unknown as [string, string, string];
  const builtin = BUILTIN_CHAINS[t.name].includes(name);
  if (builtin) {
    if (policy !== 'ACCEPT' && policy !== 'DROP') fail(n);
    t.chains.get(name)!.policy = policy;
    return;
  }
  if (policy !== '-' || name.length > 28 || t.chains.has(name)) fail(n);
  t.chains.set(name, { name, builtin: false, policyCounters: newCounters(), rules: [] });
}

function ruleLine(rs: Ruleset, t: Table, line: string, n: number): void {
  const words = restoreWords(line);
  try {
    const p = parseIptables([PROG, ...words], true, t.name);
    const chain = p.chain !== undefined ? t.chains.get(p.chain) : undefined;
    if (words[0] === '-A' && chain) {
      chain.rules.push(...p.rules);
      return;
    }
    const scratch: Ruleset = { tables: { ...rs.tables, [t.name]: t } };
    execIptables(scratch, p);
    Object.assign(t, { chains: scratch.tables[t.name]!.chains });
  } catch (e) {
    if (e instanceof XtError) fail(n, formatError(e, PROG, n).trim());
    throw e;
  }
}

function commitTable(rs: Ruleset, t: Table, n: number): void {
  for (const c of t.chains.values()) {
    for (const r of c.rules) {
      const tg = r.target;
      if ((tg.kind === 'jump' || tg.kind === 'goto') && !t.chains.has(tg.chain)) {
        fail(n, `${PROG}: line ${n} failed: chain ${tg.chain} does not exist in table ${t.name}`);
      }
    }
  }
  (rs.tables as Record<TableName, Table>)[t.name] = t;
}

/** Restores `lines` into a fresh ruleset, or returns iptables-restore's error text. */
export function restoreRuleset(lines: readonly string[]): { ruleset: Ruleset } | { error: string } {
  const rs = emptyRuleset();
  let table: Table | undefined;
  let n = 0;
  try {
    for (const raw of lines) {
      n++;
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      if (line.startsWith('*')) {
        const name = line.slice(1);
        if (table || !isTableName(name)) fail(n);
        table = newTable(name);
      } else if (!table) {
        fail(n);
      } else if (line === 'COMMIT') {
        commitTable(rs, table, n);
        table = undefined;
      } else if (line.startsWith(':')) chainLine(table, line, n);
      else ruleLine(rs, table, line, n);
    }
    if (table) fail(n + 1, `${PROG}: COMMIT expected at line ${n + 1}`);
  } catch (e) {
    if (e instanceof RestoreFailure) return { error: e.message.split('\n').join('; ') };
    throw e;
  }
  return { ruleset: rs };
}
