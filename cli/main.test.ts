import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { main } from './main.ts';
import { VERSION } from './version.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: (s: string) => void out.push(s),
      stderr: (s: string) => void err.push(s),
      readStdin: async () => '',
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('packetpath CLI', () => {
  it('prints help with exit 0 for --help', async () => {
    const c = capture();
    expect(await main(['--help'], c.io)).toBe(0);
    expect(c.out()).toMatch(/^Usage: packetpath/);
  });

  it('prints help with exit 2 when no command is given', async () => {
    const c = capture();
    expect(await main([], c.io)).toBe(2);
  });

  it('prints the package version', async () => {
    const c = capture();
    expect(await main(['--version'], c.io)).toBe(0);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(VERSION).toBe(pkg.version);
    expect(c.out()).toBe(`packetpath ${pkg.version}\n`);
  });

  it('rejects an unknown command with one line and exit 2', async () => {
    const c = capture();
    expect(await main(['frobnicate'], c.io)).toBe(2);
    expect(c.err()).toBe("packetpath: unknown command 'frobnicate' (see 'packetpath --help')\n");
  });
});
