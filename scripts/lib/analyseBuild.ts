// A build of the site with source maps in a scratch directory, for the size scripts
// (chunk-sizes.ts, engine-coverage.ts); the dist/ other tools read is left alone.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const ANALYSE_DIR = '/tmp/packetpath-chunk-sizes';

/** Builds into ANALYSE_DIR with source maps (PACKETPATH_OUT_DIR, PACKETPATH_SOURCEMAP). */
export function buildWithSourceMaps(): void {
  execFileSync('npx', ['astro', 'build'], {
    cwd: ROOT,
    env: { ...process.env, PACKETPATH_OUT_DIR: ANALYSE_DIR, PACKETPATH_SOURCEMAP: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
