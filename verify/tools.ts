/** What the kernel side needs on this machine, each with the Debian package that brings it. */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export const KERNEL_TOOLS: Record<string, string> = {
  ip: 'iproute2',
  iptables: 'iptables',
  'iptables-restore': 'iptables',
  'iptables-save': 'iptables',
  conntrack: 'conntrack',
  python3: 'python3',
  sysctl: 'procps',
};

function onPath(bin: string): boolean {
  const dirs = (process.env.PATH ?? '').split(delimiter).concat(['/usr/sbin', '/sbin', '/usr/bin']);
  return dirs.some((d) => d !== '' && existsSync(join(d, bin)));
}

/** Missing tools as `name (apt-get install -y pkg)`, plus root when not root. */
export function kernelProblems(): string[] {
  const out = Object.entries(KERNEL_TOOLS)
    .filter(([bin]) => !onPath(bin))
    .map(([bin, pkg]) => `${bin} (apt-get install -y ${pkg})`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    out.push('root (to create network namespaces)');
  return out;
}
