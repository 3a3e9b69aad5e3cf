/**
 * Whether the live kernel suites run here: root plus the tools, each missing one named with
 * its apt package. A developer machine skips with a loud line; CI=true fails instead
 * (the rule of scripts/system-tools.mjs, which this extends with python3 and procps).
 */
import { requireTools } from '../scripts/system-tools.mjs';
import { kernelProblems } from './tools.ts';

export function liveKernelAvailable(suite: string): boolean {
  const tools = ['ip', 'iptables', 'iptables-restore', 'conntrack'];
  if (!requireTools(suite, tools, { needsRoot: true })) return false;
  const problems = kernelProblems();
  if (problems.length === 0) return true;
  const line = `!!! SKIPPED ${suite}: missing ${problems.join(', ')}`;
  if (process.env.CI === 'true') throw new Error(`${line} — CI=true requires it`);
  console.error(`\n${'!'.repeat(line.length)}\n${line}\n${'!'.repeat(line.length)}\n`);
  return false;
}
