/**
 * Wires the programs implemented elsewhere in the engine (the iptables family, nft) into each
 * simulated namespace, over that namespace's ruleset. This is the only file that knows their
 * APIs. iptables-nft and iptables-legacy are the same commands here: the course simulates the
 * nf_tables backend's behaviour (iptables 1.8.9), which is what `iptables` is on Debian 12.
 */
import { runIptables, runIptablesRestore, runIptablesSave } from '../../commands/iptables/index.ts';
import { moduleOrLoad } from '../commands/lazy.ts';
import type { Program } from '../host.ts';
import type { ProgramFactory } from './simulatedWorld.ts';

export const wireEnginePrograms: ProgramFactory = (ns, world) => {
  const changed = <T>(r: T): T => {
    ns.netns.rulesetChanged();
    return r;
  };
  const iptables: Program = (argv) => changed(runIptables(ns.netns.ruleset, argv.slice(1)));
  const save: Program = (argv) =>
    runIptablesSave(ns.netns.ruleset, argv.slice(1), { now: world.clock.now().getTime() });
  const restore: Program = (argv, stdin) =>
    changed(runIptablesRestore(ns.netns.ruleset, argv.slice(1), stdin));
  const programs = new Map<string, Program>();
  for (const suffix of ['', '-nft', '-legacy']) {
    programs.set(`iptables${suffix}`, iptables);
    programs.set(`iptables${suffix}-save`, save);
    programs.set(`iptables${suffix}-restore`, restore);
  }
  // nft's code loads on demand (commands/lazy.ts); until it is there it says so.
  programs.set('nft', (argv) => {
    const nft = moduleOrLoad('nft', 'nft');
    return 'runNft' in nft ? nft.runNft(ns.netns.ruleset, argv.slice(1)) : nft;
  });
  return programs;
};
