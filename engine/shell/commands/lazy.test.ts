/**
 * The on-demand programs (lazy.ts). This file imports the shell core without
 * engine/shell/index.ts, so nothing is loaded up front, as in the browser.
 */
import { describe, expect, it, vi } from 'vitest';
import { createHostShell } from '../hostShell.ts';
import { ensureProgramsFor, lazyProgramsIn, loadedModule, programLoadsSettled } from './lazy.ts';

describe('lazy programs', () => {
  it('finds the programs a line may run, wherever they are in it', () => {
    expect(lazyProgramsIn('iptables -S')).toEqual([]);
    expect(lazyProgramsIn('ip netns exec c1 nft list ruleset')).toEqual(['nft']);
    expect(lazyProgramsIn('sudo /usr/bin/docker network ls')).toEqual(['docker']);
    expect(lazyProgramsIn(`sh -c 'kubectl apply -f - && dockerd --iptables=false'`)).toEqual([
      'dockerd',
      'kubectl',
    ]);
    expect(lazyProgramsIn('docker-compose up')).toEqual([]);
    expect(lazyProgramsIn('iptables -S | grep DOCKER | wc -l')).toEqual(['grep', 'wc']);
    // An iptables match and a link kind are no programs; the tool of the same name is.
    expect(lazyProgramsIn('iptables -A FORWARD -m conntrack --ctstate NEW -j DROP')).toEqual([]);
    expect(lazyProgramsIn('ip link add br0 type bridge')).toEqual([]);
    expect(lazyProgramsIn('ip link add br0 type bridge && bridge link')).toEqual(['bridge']);
    expect(lazyProgramsIn('conntrack -L; iptables -m conntrack')).toEqual(['conntrack']);
    expect(lazyProgramsIn('sysctl -w net.bridge.bridge-nf-call-iptables=1')).toEqual([]);
    // An ip object is no program either; net-tools' route of the same name is.
    expect(lazyProgramsIn('ip route get 10.0.0.1')).toEqual([]);
    expect(lazyProgramsIn('ip netns exec r route -n; ping -c 1 10.0.0.1')).toEqual(['route']);
  });

  it('says plainly that a program is loading, then runs it once it is', async () => {
    const shell = createHostShell();
    expect(loadedModule('docker')).toBeUndefined();
    const before = shell.run('docker network ls');
    expect(before.exit).toBe(126);
    expect(before.stderr).toBe("docker: the program's code is loading; run the command again\n");
    expect(shell.run('nft list ruleset').stderr).toContain('nft: the program');

    expect(await ensureProgramsFor('docker network ls; sudo nft list ruleset')).toEqual([]);
    // The client loads the daemon's module with it.
    expect(loadedModule('dockerd')).toBeDefined();
    expect(shell.run('dockerd').exit).toBe(0);
    const after = shell.run('docker network ls');
    expect(after.exit).toBe(0);
    expect(after.stdout).toMatch(/^NETWORK ID +NAME +DRIVER +SCOPE\n/);
    expect(shell.run('nft list ruleset').exit).toBe(0);
    expect(loadedModule('kubectl')).toBeUndefined();
  });

  it('a name built at run time, which no pre-scan sees, works on the second try', async () => {
    const shell = createHostShell();
    const line = 'c=conn; ${c}track -L';
    expect(lazyProgramsIn(line)).toEqual([]);
    expect(shell.run(line).stderr).toBe(
      "conntrack: the program's code is loading; run the command again\n",
    );
    await programLoadsSettled();
    const again = shell.run(line);
    expect(again.stderr).toBe(
      'conntrack v1.4.7 (conntrack-tools): 0 flow entries have been shown.\n',
    );
    expect(again.exit).toBe(0);
  });

  it('dockerd loads the daemon alone; the docker client then loads its own code', async () => {
    // A fresh copy of the modules: the tests above loaded docker already.
    vi.resetModules();
    const lazy = await import('./lazy.ts');
    const shell = (await import('../hostShell.ts')).createHostShell();
    expect(await lazy.ensureProgramsFor('dockerd --icc=false')).toEqual([]);
    expect(lazy.loadedModule('dockerd')).toBeDefined();
    expect(lazy.loadedModule('docker')).toBeUndefined();
    expect(shell.run('dockerd --icc=false').exit).toBe(0);
    expect(shell.run('iptables -S FORWARD').stdout).toContain(
      '-A FORWARD -i docker0 -o docker0 -j DROP',
    );
    expect(shell.run('docker network ls').stderr).toBe(
      "docker: the program's code is loading; run the command again\n",
    );
    await lazy.programLoadsSettled();
    expect(shell.run('docker network ls').stdout).toMatch(/ bridge +bridge +local\n/);
  });
});
