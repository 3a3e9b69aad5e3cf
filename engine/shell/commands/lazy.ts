/**
 * Programs whose code loads on demand, so the browser's engine chunk holds only what the
 * lessons run: dockerd (the daemon and the rules it writes) and docker (the client's commands,
 * which load dockerd's module with them), kubectl (the kube-proxy generator
 * and the YAML parser), nft, the tools not every lesson uses (tcpdump, conntrack,
 * bridge, modprobe/lsmod, printf and the text tools cat, grep, head, tail, wc, sort, uniq,
 * tee, ss and net-tools' route). The shell stays synchronous: its table holds a stand-in for each (lazyRegistry.ts)
 * that runs the real command once the module is loaded and starts the load when it is not;
 * a caller that can wait (the lesson terminal) awaits ensureProgramsFor(line) before
 * run(line). The CLI and the tests load every module up front (allPrograms.ts, imported by
 * engine/shell/index.ts).
 */
import type { ShellCommand } from '../types.ts';
import { ModuleRegistry, notLoaded, standIn, type LoadFailure } from './lazyRegistry.ts';

export type { LoadFailure } from './lazyRegistry.ts';

const LOADERS = {
  // The docker client imports dockerd's module: both are there once it has loaded.
  docker: () =>
    import('./docker.ts').then((module) => {
      registry.provide('dockerd', module.daemon);
      return module;
    }),
  dockerd: () => import('./dockerd.ts'),
  kubectl: () => import('./kubectl.ts'),
  nft: () => import('../../commands/nft/index.ts'),
  tcpdump: () => import('./probe/tcpdump.ts'),
  conntrack: () => import('./conntrack.ts'),
  bridge: () => import('./bridge.ts'),
  modules: () => import('./modules.ts'),
  printf: () => import('./printf.ts'),
  text: () => import('./text.ts'),
  pipes: () => import('./pipes.ts'),
  ss: () => import('./ss.ts'),
  route: () => import('./route.ts'),
};

export type LazyModules = { [K in keyof typeof LOADERS]: Awaited<ReturnType<(typeof LOADERS)[K]>> };
type ModuleKey = keyof LazyModules;

/** The exports of a module that are shell commands. */
type CommandExport<M> = { [E in keyof M]: M[E] extends ShellCommand ? E : never }[keyof M];
type Provider = { [K in ModuleKey]: readonly [K, CommandExport<LazyModules[K]>] }[ModuleKey];

/** Each lazily loaded shell command: its module and the export that runs it. */
const SHELL_PROGRAMS = {
  docker: ['docker', 'docker'],
  dockerd: ['dockerd', 'dockerd'],
  kubectl: ['kubectl', 'kubectl'],
  tcpdump: ['tcpdump', 'tcpdump'],
  conntrack: ['conntrack', 'conntrack'],
  bridge: ['bridge', 'bridge'],
  modprobe: ['modules', 'modprobe'],
  lsmod: ['modules', 'lsmod'],
  printf: ['printf', 'printf'],
  cat: ['text', 'cat'],
  grep: ['text', 'grep'],
  head: ['text', 'head'],
  tail: ['text', 'tail'],
  wc: ['text', 'wc'],
  sort: ['pipes', 'sort'],
  uniq: ['pipes', 'uniq'],
  tee: ['pipes', 'tee'],
  ss: ['ss', 'ss'],
  route: ['route', 'route'],
} as const satisfies Record<string, Provider>;

/** The module that provides each lazily loaded program (nft is a namespace program). */
const PROVIDER: ReadonlyMap<string, ModuleKey> = new Map<string, ModuleKey>([
  ...Object.entries(SHELL_PROGRAMS).map(([name, [key]]): [string, ModuleKey] => [name, key]),
  ['nft', 'nft'],
]);

const registry = new ModuleRegistry<LazyModules>(LOADERS);

/** Makes a module available without waiting (the CLI and tests, which import it statically). */
export function provideModule<K extends ModuleKey>(key: K, module: LazyModules[K]): void {
  registry.provide(key, module);
}

/** The module if it is loaded. */
export function loadedModule<K extends ModuleKey>(key: K): LazyModules[K] | undefined {
  return registry.get(key);
}

/** The module if it is loaded; otherwise starts loading it and returns what to print. */
export function moduleOrLoad<K extends ModuleKey>(
  key: K,
  name: string,
): LazyModules[K] | ReturnType<ShellCommand> {
  const module = registry.get(key);
  if (module !== undefined) return module;
  const failure = registry.lastFailure(key);
  registry.start(key);
  return notLoaded(name, failure);
}

/** The on-demand modules; the browser build makes each its own chunk, named after it. */
export const LAZY_MODULES = Object.keys(LOADERS) as ModuleKey[];

/** The names of the lazily loaded shell commands. */
export const LAZY_COMMANDS = Object.keys(SHELL_PROGRAMS) as (keyof typeof SHELL_PROGRAMS)[];

/** The shell table's stand-in for a lazily loaded shell command. */
export function lazyCommand(name: keyof typeof SHELL_PROGRAMS): ShellCommand {
  const [key, exported] = SHELL_PROGRAMS[name] as readonly [ModuleKey, string];
  return standIn(
    registry,
    key,
    name,
    (module) => (module as unknown as Record<string, ShellCommand>)[exported]!,
  );
}

/**
 * Words that name something other than a program in the word after them: an iptables match
 * (`-m conntrack`), an `ip link add … type bridge` kind and an ip object (`ip route`).
 */
const NAMES_NO_PROGRAM = new Set(['-m', '--match', 'type', 'ip']);

/**
 * The lazily loaded programs a line may run. Deliberately a superset: every word anywhere in
 * the text counts (after `ip netns exec NS`, `sudo`, inside `sh -c '…'`, in a here-document,
 * behind a path such as /usr/bin/docker), since loading one module too many costs a fetch and
 * missing one makes the command fail once (the stand-in then starts the load itself). Only a
 * word right after `-m`, `--match`, `type` or `ip`, or inside a dotted name, does not count.
 */
export function lazyProgramsIn(text: string): string[] {
  const tokens = text.split(/\s+/);
  const words = new Set<string>();
  tokens.forEach((token, i) => {
    if (NAMES_NO_PROGRAM.has(tokens[i - 1] ?? '')) return;
    // Dots stay inside words: net.bridge.bridge-nf-call-iptables is a sysctl key.
    for (const word of token.split(/[^A-Za-z0-9_.-]+/)) words.add(word);
  });
  return [...PROVIDER.keys()].filter((name) => words.has(name));
}

/** The on-demand modules a line of shell text may need (as ensureProgramsFor loads them). */
export function lazyModulesFor(text: string): ModuleKey[] {
  return [...new Set(lazyProgramsIn(text).map((name) => PROVIDER.get(name)!))];
}

/** Loads the modules the named programs need; resolves with the ones that failed. */
export function ensurePrograms(names: Iterable<string>): Promise<LoadFailure[]> {
  const wanted = new Map<string, ModuleKey>();
  for (const name of names) {
    const key = PROVIDER.get(name);
    if (key) wanted.set(name, key);
  }
  return registry.ensure(wanted);
}

/** ensurePrograms for the programs a line of shell text may run. */
export function ensureProgramsFor(text: string): Promise<LoadFailure[]> {
  return ensurePrograms(lazyProgramsIn(text));
}

/** Resolves once every load the shell started (a stand-in met an unloaded program) is done. */
export function programLoadsSettled(): Promise<void> {
  return registry.settled();
}
