/**
 * Programs whose code loads on demand: docker and dockerd (the dockerd generator), kubectl (the
 * kube-proxy generator and the YAML parser) and nft. The first lessons never run them, so the
 * browser's engine chunk leaves them out. The shell stays synchronous: its table holds a
 * stand-in for each that runs the real command once the module is loaded; a caller that can
 * wait (the lesson terminal) awaits ensureProgramsFor(line) before run(line). The CLI and the
 * tests load every program up front (allPrograms.ts, imported by engine/shell/index.ts).
 */
import { fail, type ShellCommand } from '../types.ts';

export interface LazyModules {
  readonly docker: typeof import('./docker.ts');
  readonly kubectl: typeof import('./kubectl.ts');
  readonly nft: typeof import('../../commands/nft/index.ts');
}
type ModuleKey = keyof LazyModules;

const LOADERS: { readonly [K in ModuleKey]: () => Promise<LazyModules[K]> } = {
  docker: () => import('./docker.ts'),
  kubectl: () => import('./kubectl.ts'),
  nft: () => import('../../commands/nft/index.ts'),
};

/** The module that provides each lazily loaded program. */
const PROVIDER: ReadonlyMap<string, ModuleKey> = new Map<string, ModuleKey>([
  ['docker', 'docker'],
  ['dockerd', 'docker'],
  ['kubectl', 'kubectl'],
  ['nft', 'nft'],
]);

const loaded: { -readonly [K in ModuleKey]?: LazyModules[K] } = {};

/** Makes a module available without waiting (the CLI and tests, which import it statically). */
export function provideModule<K extends ModuleKey>(key: K, module: LazyModules[K]): void {
  loaded[key] = module;
}

/** The module if it is loaded. */
export function loadedModule<K extends ModuleKey>(key: K): LazyModules[K] | undefined {
  return loaded[key];
}

/** What a program prints when its module is not loaded yet: plain, one line, never a hang. */
export function notLoaded(name: string): ReturnType<ShellCommand> {
  return fail(`${name}: the program's code is not loaded yet; run the command again\n`, 126);
}

/** The shell table's stand-in for a lazily loaded shell command (docker, dockerd, kubectl). */
export function lazyCommand(name: 'docker' | 'dockerd' | 'kubectl'): ShellCommand {
  return (ctx) => {
    const impl =
      name === 'kubectl' ? loaded.kubectl?.kubectl : loaded.docker?.[name as 'docker' | 'dockerd'];
    return impl ? impl(ctx) : notLoaded(name);
  };
}

/**
 * The lazily loaded programs a line may run. Deliberately a superset: every word anywhere in
 * the text counts (after `ip netns exec NS`, `sudo`, inside `sh -c '…'`, in a here-document,
 * behind a path such as /usr/bin/docker), since loading one module too many costs a fetch and
 * missing one makes the command fail.
 */
export function lazyProgramsIn(text: string): string[] {
  const words = new Set(text.split(/[^A-Za-z0-9_-]+/));
  return [...PROVIDER.keys()].filter((name) => words.has(name));
}

/** A module that could not be loaded, named by the program the line wanted. */
export interface LoadFailure {
  readonly program: string;
  readonly error: unknown;
}

/** Loads the modules the named programs need; resolves with the ones that failed. */
export async function ensurePrograms(names: Iterable<string>): Promise<LoadFailure[]> {
  const wanted = new Map<ModuleKey, string>();
  for (const name of names) {
    const key = PROVIDER.get(name);
    if (key && !loaded[key] && !wanted.has(key)) wanted.set(key, name);
  }
  const failures: LoadFailure[] = [];
  await Promise.all(
    [...wanted].map(async ([key, program]) => {
      try {
        provideModule(key, await LOADERS[key]());
      } catch (error) {
        failures.push({ program, error });
      }
    }),
  );
  return failures;
}

/** ensurePrograms for the programs a line of shell text may run. */
export function ensureProgramsFor(text: string): Promise<LoadFailure[]> {
  return ensurePrograms(lazyProgramsIn(text));
}
