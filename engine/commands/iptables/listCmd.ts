/** -S (list_rules) and -L (list_entries) for one table (iptables/nft.c 1.8.9). */
import type { Ruleset, TableName } from '../../netfilter/model.ts';
import { BUILTIN_CHAINS, ZERO_COUNTERS, newTable } from '../../netfilter/model.ts';
import { otherProblem } from './errors.ts';
import { OPT, CMD } from './options.ts';
import type { ParsedCommand } from './parseFinish.ts';
import { listRulesChain, listRulesTable, orderedChains } from './save.ts';
import { listTable } from './list.ts';

function lines(l: readonly string[]): string {
  return l.map((x) => `${x}\n`).join('');
}

export function listCommand(rs: Ruleset, p: ParsedCommand, name: TableName): { stdout: string } {
  const t = rs.tables[name] ?? newTable(name);
  const counters = (p.options & OPT.v) !== 0;
  if (p.chain !== undefined && !t.chains.has(p.chain)) {
    // iptables-nft 1.8.9 reports a missing chain this way for both -L and -S.
    throw otherProblem(
      `chain \`${p.chain}' in table \`${name}' is incompatible, use 'nft' tool.`,
      1,
    );
  }
  let out: string;
  if (p.command & CMD.LIST_RULES) {
    const chain = p.chain !== undefined ? t.chains.get(p.chain) : undefined;
    out = lines(
      chain
        ? listRulesChain(chain, counters, p.rulenum)
        : listRulesTable(rs.tables[name], name, counters),
    );
  } else {
    out = listTable(t, p);
  }
  if (p.command & (CMD.ZERO | CMD.ZERO_NUM) && !rs.tables[name]) {
    const first = p.chain ?? BUILTIN_CHAINS[name][0];
    const e = otherProblem(` CHAIN_ZERO failed (No such file or directory): chain ${first}`, 4);
    e.stdout = out;
    throw e;
  }
  if (p.command & (CMD.ZERO | CMD.ZERO_NUM)) {
    for (const c of orderedChains(t)) {
      if (p.chain !== undefined && c.name !== p.chain) continue;
      if (counters) out += `Zeroing chain \`${c.name}'\n`;
      c.policyCounters = ZERO_COUNTERS;
      for (const r of c.rules) r.counters = ZERO_COUNTERS;
    }
  }
  return { stdout: out };
}
