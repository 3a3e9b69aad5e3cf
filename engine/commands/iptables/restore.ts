/** iptables-restore: placeholder replaced below. */
import type { Ruleset } from '../../netfilter/model.ts';
export function runIptablesRestore(rs: Ruleset, args: readonly string[], input: string) {
  void rs;
  void args;
  void input;
  return { exit: 1, stdout: '', stderr: 'iptables-restore: not yet\n' };
}
