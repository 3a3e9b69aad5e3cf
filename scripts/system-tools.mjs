// Which system tools a test suite needs, and the Debian package that brings each.
// A suite whose tool is missing is skipped with a loud line on a developer's machine;
// with CI=true a missing tool fails the run (issue 2).
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export const TOOLS = {
  chromium: { path: '/usr/bin/chromium', apt: 'chromium' },
  ip: { bin: 'ip', apt: 'iproute2' },
  iptables: { bin: 'iptables', apt: 'iptables' },
  'iptables-restore': { bin: 'iptables-restore', apt: 'iptables' },
  conntrack: { bin: 'conntrack', apt: 'conntrack' },
};

function onPath(bin) {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin']);
  return dirs.some((d) => {
    try {
      accessSync(join(d, bin), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Returns the tools of `names` that are missing, each with its apt package. */
export function missingTools(names) {
  return names
    .map((n) => ({ name: n, ...TOOLS[n] }))
    .filter((t) => {
      if (t.path) {
        try {
          accessSync(t.path, constants.X_OK);
          return false;
        } catch {
          return true;
        }
      }
      return !onPath(t.bin);
    });
}

export function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Decides whether a suite runs. Returns true to run; prints a loud skip line and returns
 * false on a developer machine; throws under CI=true so a missing tool fails the run.
 */
export function requireTools(suite, names, { needsRoot = false } = {}) {
  const missing = missingTools(names);
  const problems = missing.map((t) => `${t.name} (apt-get install -y ${t.apt})`);
  if (needsRoot && !isRoot()) problems.push('root (needs to create network namespaces)');
  if (problems.length === 0) return true;
  const line = `!!! SKIPPED ${suite}: missing ${problems.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`${line} — CI=true requires it`);
  console.error(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  return false;
}
