/** The on-demand module registry with fake loaders: no real import(), the timing is the test's. */
import { describe, expect, it } from 'vitest';
import { ModuleRegistry, standIn } from './lazyRegistry.ts';
import { ok, type CommandContext, type ShellCommand } from '../types.ts';

interface Fake {
  readonly tools: { readonly hello: ShellCommand };
}

/** A loader the test resolves or rejects by hand, counting its calls. */
function manualLoader() {
  const calls: { resolve: (m: Fake['tools']) => void; reject: (e: unknown) => void }[] = [];
  const load = () =>
    new Promise<Fake['tools']>((resolve, reject) => calls.push({ resolve, reject }));
  return { load, calls };
}

const ctx = { argv: ['hello'] } as unknown as CommandContext;
const tools = { hello: () => ok('hi\n') };

describe('ModuleRegistry and stand-ins', () => {
  it('a stand-in that meets an unloaded module starts the load; the second try runs', async () => {
    const loader = manualLoader();
    const registry = new ModuleRegistry<Fake>({ tools: loader.load });
    const hello = standIn(registry, 'tools', 'hello', (m) => m.hello);

    const first = hello(ctx);
    expect(first).toEqual({
      exit: 126,
      stdout: '',
      stderr: "hello: the program's code is loading; run the command again\n",
    });
    expect(loader.calls).toHaveLength(1);
    hello(ctx); // still loading: no second fetch
    expect(loader.calls).toHaveLength(1);

    loader.calls[0]!.resolve(tools);
    await registry.settled();
    expect(hello(ctx)).toEqual(ok('hi\n'));
    expect(loader.calls).toHaveLength(1);
  });

  it('a failed load is named on the next try, which loads again', async () => {
    const loader = manualLoader();
    const registry = new ModuleRegistry<Fake>({ tools: loader.load });
    const hello = standIn(registry, 'tools', 'hello', (m) => m.hello);

    hello(ctx);
    loader.calls[0]!.reject(new Error('Failed to fetch'));
    await registry.settled();
    expect(hello(ctx).stderr).toBe(
      "hello: could not load the program's code (Failed to fetch); run the command again\n",
    );
    expect(loader.calls).toHaveLength(2);
    loader.calls[1]!.resolve(tools);
    await registry.settled();
    expect(hello(ctx).stdout).toBe('hi\n');
    expect(registry.lastFailure('tools')).toBeUndefined();
  });

  it('ensure loads each module once and reports failures by the program that wanted them', async () => {
    const loader = manualLoader();
    const registry = new ModuleRegistry<Fake>({ tools: loader.load });
    const wanted = new Map([
      ['hello', 'tools' as const],
      ['bye', 'tools' as const],
    ]);
    const done = registry.ensure(wanted);
    expect(loader.calls).toHaveLength(1);
    loader.calls[0]!.reject('offline');
    expect(await done).toEqual([{ program: 'hello', error: 'offline' }]);
    expect(registry.get('tools')).toBeUndefined();
  });

  it('a provided module needs no loader call', () => {
    const loader = manualLoader();
    const registry = new ModuleRegistry<Fake>({ tools: loader.load });
    registry.provide('tools', tools);
    expect(standIn(registry, 'tools', 'hello', (m) => m.hello)(ctx).stdout).toBe('hi\n');
    expect(loader.calls).toHaveLength(0);
  });
});
