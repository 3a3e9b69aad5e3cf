/**
 * Modules whose code arrives later (a browser's `import()`), behind a synchronous shell. The
 * shell cannot wait, so a program whose module is missing answers at once with one plain line;
 * but meeting it starts the load, so running the command again works once the code is there,
 * even when no pre-scan of the text could see the name (`d=dock; ${d}er ps`).
 */
import { fail, type CommandResult, type ShellCommand } from '../types.ts';

/** A module that could not be loaded, named by the program that wanted it. */
export interface LoadFailure {
  readonly program: string;
  readonly error: unknown;
}

export type Loaders<M> = { readonly [K in keyof M]: () => Promise<M[K]> };

export class ModuleRegistry<M extends object> {
  private readonly loaders: Loaders<M>;
  private readonly loaded: Partial<M> = {};
  private readonly inFlight = new Map<keyof M, Promise<M[keyof M]>>();
  private readonly failed = new Map<keyof M, unknown>();

  constructor(loaders: Loaders<M>) {
    this.loaders = loaders;
  }

  /** Makes a module available without waiting (the CLI and tests import it statically). */
  provide<K extends keyof M>(key: K, module: M[K]): void {
    this.loaded[key] = module;
    this.failed.delete(key);
  }

  /** The module if it is loaded. */
  get<K extends keyof M>(key: K): M[K] | undefined {
    return this.loaded[key];
  }

  /**
   * Loads the module once, however many callers ask meanwhile. A failed load is remembered
   * only to be reported (lastFailure); the next call tries again.
   */
  load<K extends keyof M>(key: K): Promise<M[K]> {
    const have = this.loaded[key];
    if (have !== undefined) return Promise.resolve(have);
    const pending = this.inFlight.get(key) as Promise<M[K]> | undefined;
    if (pending) return pending;
    const attempt = this.loaders[key]().then(
      (module) => {
        this.inFlight.delete(key);
        this.provide(key, module);
        return module;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        this.failed.set(key, error);
        throw error;
      },
    );
    this.inFlight.set(key, attempt);
    return attempt;
  }

  /** Starts the load without waiting; its failure is kept for lastFailure, never thrown. */
  start(key: keyof M): void {
    this.load(key).catch(() => undefined);
  }

  /** Why the last load of the module failed, if it did and it is not loaded since. */
  lastFailure(key: keyof M): unknown {
    return this.failed.get(key);
  }

  /** Resolves once no load is in flight (whatever their outcome). */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Loads the modules the programs need (program name -> module); resolves with the failures. */
  async ensure(wanted: ReadonlyMap<string, keyof M>): Promise<LoadFailure[]> {
    const byModule = new Map<keyof M, string>();
    for (const [program, key] of wanted) if (!byModule.has(key)) byModule.set(key, program);
    const failures: LoadFailure[] = [];
    await Promise.all(
      [...byModule].map(([key, program]) =>
        this.load(key).catch((error: unknown) => failures.push({ program, error })),
      ),
    );
    return failures;
  }
}

/**
 * What a program prints while its code is missing: one line, exit 126 (found but cannot run),
 * naming the failure when the last load failed.
 */
export function notLoaded(name: string, failure?: unknown): CommandResult {
  if (failure === undefined)
    return fail(`${name}: the program's code is loading; run the command again\n`, 126);
  const why = failure instanceof Error ? failure.message : String(failure);
  return fail(`${name}: could not load the program's code (${why}); run the command again\n`, 126);
}

/**
 * The shell table's stand-in for a program in a lazily loaded module: runs it when the module
 * is there; otherwise starts loading it and says so.
 */
export function standIn<M extends object, K extends keyof M>(
  registry: ModuleRegistry<M>,
  key: K,
  name: string,
  pick: (module: M[K]) => ShellCommand,
): ShellCommand {
  return (ctx) => {
    const module = registry.get(key);
    if (module !== undefined) return pick(module)(ctx);
    const failure = registry.lastFailure(key);
    registry.start(key);
    return notLoaded(name, failure);
  };
}
