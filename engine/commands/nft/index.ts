/**
 * The `nft` command, limited to listing what iptables-nft wrote: `nft list ruleset` and
 * `nft list table ip NAME`. Anything else says plainly that the simulator does not model it.
 */
import type { Ruleset } from '../../netfilter/model.ts';
import { isTableName } from '../../netfilter/model.ts';
import { listRuleset, warnings } from './render.ts';

export { listRuleset } from './render.ts';
export { ruleLine } from './xlate.ts';

export interface NftResult {
  readonly exit: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runNft(rs: Ruleset, args: readonly string[]): NftResult {
  const words = args.filter((a) => a !== '-a' && a !== '--handle');
  if (words.join(' ') === 'list ruleset') {
    return { exit: 0, stdout: listRuleset(rs), stderr: warnings(rs) };
  }
  if (words.length === 4 && words[0] === 'list' && words[1] === 'table' && words[2] === 'ip') {
    const name = words[3] as string;
    const t = isTableName(name) ? rs.tables[name] : undefined;
    if (!t) {
      return {
        exit: 1,
        stdout: '',
        stderr: `Error: No such file or directory\nlist table ip ${name}\n`,
      };
    }
    const one = { tables: { [name]: t } };
    return { exit: 0, stdout: listRuleset(one), stderr: warnings(one) };
  }
  return {
    exit: 1,
    stdout: '',
    stderr: "nft: only 'nft list ruleset' and 'nft list table ip NAME' are simulated\n",
  };
}
