import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.ts';
import type { CliIO } from '../cli/io.ts';

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    readStdin: async () => '',
  };
  return io;
}

describe('packetpath verify', () => {
  it('is listed in the help', async () => {
    const io = capture();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out).toMatch(/verify\s+replay a scenario/);
  });

  it('rejects an unknown option with exit 2 and the usage', async () => {
    const io = capture();
    expect(await main(['verify', '--bogus'], io)).toBe(2);
    expect(io.err).toContain("unknown option '--bogus'");
  });

  it('names the bad field of a scenario, exit 2, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-verify-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ name: 'bad', namespaces: { a: {} }, probes: [{ name: 'p', from: 'b', proto: 'icmp', dst: '10.0.0.1' }] })); // prettier-ignore
    const io = capture();
    expect(await main(['verify', '--golden-only', file], io)).toBe(2);
    expect(io.err).toContain("probes[0].from: unknown namespace 'b'");
    expect(io.err).not.toMatch(/\n\s+at /);
  });

  it('says when a file is not JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pp-verify-'));
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "name": ');
    const io = capture();
    expect(await main(['verify', '--golden-only', file], io)).toBe(2);
    expect(io.err).toContain('broken.json');
  });
});
