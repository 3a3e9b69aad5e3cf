/**
 * libnetwork's iptables package (libnetwork/iptables/iptables.go, Docker 20.10), reduced to the
 * argv lists it hands to the `iptables` binary. Every helper issues exactly the calls the Go code
 * makes, in the same order, so positions and removals come out as dockerd's do.
 */
import type { CommandResult } from '../../shell/types.ts';

export type Table = 'filter' | 'nat';
export type Action = '-A' | '-D' | '-I';

export interface IptablesExec {
  (argv: readonly string[]): CommandResult;
}

/** What detectIptables() learned once at start: `--wait` support and `-C` support. */
export interface IptablesFeatures {
  readonly xlock: boolean;
  readonly checkOption: boolean;
}

export interface IpTable {
  readonly exec: IptablesExec;
  readonly features: IptablesFeatures;
}

export class IptablesError extends Error {}

/**
 * detectIptables(): `iptables --wait -L -n` decides whether calls get `--wait`; the version
 * from `iptables --version` decides whether -C exists (since 1.4.11).
 */
export function detectIptables(exec: IptablesExec): IptablesFeatures {
  const xlock = exec(['--wait', '-L', '-n']).exit === 0;
  const m = /v(\d+)\.(\d+)\.(\d+)/.exec(exec(['--version']).stdout);
  const [mj, mn, mc] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [0, 0, 0];
  const checkOption = mj > 1 || (mj === 1 && (mn > 4 || (mn === 4 && mc >= 11)));
  return { xlock, checkOption };
}

/** IPTable.Raw: runs iptables; a non-zero exit is an error carrying the combined output. */
export function raw(ipt: IpTable, ...args: string[]): { output: string; error?: string } {
  const argv = ipt.features.xlock ? ['--wait', ...args] : args;
  const r = ipt.exec(argv);
  const output = r.stdout + r.stderr;
  if (r.exit !== 0) {
    return {
      output: '',
      error: `iptables failed: iptables ${argv.join(' ')}: ${output} (exit status ${r.exit})`,
    };
  }
  return { output };
}

/** IPTable.RawCombinedOutput: any output at all counts as failure too. */
export function rawCombined(ipt: IpTable, ...args: string[]): void {
  const { output, error } = raw(ipt, ...args);
  if (error !== undefined || output.length !== 0)
    throw new IptablesError(`${output} (${error ?? '<nil>'})`);
}

/** IPTable.Exists: `-C` when supported, else a substring search of `-S CHAIN` (existsRaw). */
export function exists(ipt: IpTable, table: Table, chain: string, ...rule: string[]): boolean {
  if (ipt.features.checkOption)
    return raw(ipt, '-t', table, '-C', chain, ...rule).error === undefined;
  const listing = ipt.exec(['-t', table, '-S', chain]).stdout;
  return listing.includes(`${chain} ${rule.join(' ')}\n`);
}

/** IPTable.ProgramRule: add only if absent, delete only if present. */
export function programRule(
  ipt: IpTable,
  table: Table,
  chain: string,
  action: Action,
  args: string[],
): void {
  if (exists(ipt, table, chain, ...args) !== (action === '-D')) return;
  rawCombined(ipt, '-t', table, action, chain, ...args);
}

/** IPTable.NewChain: `-n -L` probes; `-N` only when the listing failed. */
export function newChain(ipt: IpTable, name: string, table: Table): void {
  if (raw(ipt, '-t', table, '-n', '-L', name).error === undefined) return;
  const { output, error } = raw(ipt, '-t', table, '-N', name);
  if (error !== undefined) throw new IptablesError(error);
  if (output.length !== 0)
    throw new IptablesError(`Could not create ${table}/${name} chain: ${output}`);
}

/** IPTable.AddReturnRule: appends `-j RETURN` to a filter chain unless present. */
export function addReturnRule(ipt: IpTable, chain: string): void {
  if (exists(ipt, 'filter', chain, '-j', 'RETURN')) return;
  rawCombined(ipt, '-A', chain, '-j', 'RETURN');
}

/** IPTable.EnsureJumpRule: deletes the jump if present, then inserts it at the top. */
export function ensureJumpRule(ipt: IpTable, fromChain: string, toChain: string): void {
  if (exists(ipt, 'filter', fromChain, '-j', toChain))
    rawCombined(ipt, '-D', fromChain, '-j', toChain);
  rawCombined(ipt, '-I', fromChain, '-j', toChain);
}

/** IPTable.SetDefaultPolicy. */
export function setDefaultPolicy(ipt: IpTable, table: Table, chain: string, policy: string): void {
  rawCombined(ipt, '-t', table, '-P', chain, policy);
}

/** ChainInfo.Remove: errors ignored, the chains may never have existed. */
export function removeChain(ipt: IpTable, name: string, table: Table): void {
  if (table === 'nat') {
    raw(ipt, '-t', 'nat', '-D', 'PREROUTING', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', name);
    raw(
      ipt,
      '-t',
      'nat',
      '-D',
      'OUTPUT',
      '-m',
      'addrtype',
      '--dst-type',
      'LOCAL',
      '!',
      '--dst',
      '127.0.0.0/8',
      '-j',
      name,
    );
    raw(ipt, '-t', 'nat', '-D', 'OUTPUT', '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', name);
    raw(ipt, '-t', 'nat', '-D', 'PREROUTING');
    raw(ipt, '-t', 'nat', '-D', 'OUTPUT');
  }
  raw(ipt, '-t', table, '-F', name);
  raw(ipt, '-t', table, '-X', name);
}

/** The one rule written twice by ProgramChain: add when absent, delete when present. */
function toggle(
  ipt: IpTable,
  table: Table,
  chain: string,
  addAction: Action,
  args: string[],
  enable: boolean,
): void {
  const present = exists(ipt, table, chain, ...args);
  if (!present && enable) rawChecked(ipt, '-t', table, addAction, chain, ...args);
  else if (exists(ipt, table, chain, ...args) && !enable)
    rawChecked(ipt, '-t', table, '-D', chain, ...args);
}

function rawChecked(ipt: IpTable, ...args: string[]): void {
  const { output, error } = raw(ipt, ...args);
  if (error !== undefined) throw new IptablesError(error);
  if (output.length !== 0) throw new IptablesError(output);
}

/**
 * IPTable.ProgramChain: the nat chain's PREROUTING/OUTPUT jumps (appended), or a bridge's
 * FORWARD jump to DOCKER and its RELATED,ESTABLISHED accept (inserted at the top).
 * Note the Go code re-runs Exists in the else-branch; so does this.
 */
export function programChain(
  ipt: IpTable,
  chain: { name: string; table: Table },
  bridgeName: string,
  hairpinMode: boolean,
  enable: boolean,
): void {
  if (chain.table === 'nat') {
    const preroute = ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', chain.name];
    toggleBare(ipt, 'PREROUTING', preroute, enable);
    const output = ['-m', 'addrtype', '--dst-type', 'LOCAL', '-j', chain.name];
    if (!hairpinMode) output.push('!', '--dst', '127.0.0.0/8');
    toggleBare(ipt, 'OUTPUT', output, enable);
    return;
  }
  const link = ['-o', bridgeName, '-j', chain.name];
  toggleFilter(ipt, link, enable);
  const establish = [
    '-o',
    bridgeName,
    '-m',
    'conntrack',
    '--ctstate',
    'RELATED,ESTABLISHED',
    '-j',
    'ACCEPT',
  ];
  toggleFilter(ipt, establish, enable);
}

/** nat PREROUTING/OUTPUT jumps go through ChainInfo.Prerouting/Output: `-t nat -A|-D CHAIN`. */
function toggleBare(ipt: IpTable, builtin: string, args: string[], enable: boolean): void {
  toggle(ipt, 'nat', builtin, '-A', args, enable);
}

/** The filter FORWARD rules of ProgramChain are issued without `-t filter`. */
function toggleFilter(ipt: IpTable, args: string[], enable: boolean): void {
  const present = exists(ipt, 'filter', 'FORWARD', ...args);
  if (!present && enable) rawChecked(ipt, '-I', 'FORWARD', ...args);
  else if (exists(ipt, 'filter', 'FORWARD', ...args) && !enable)
    rawChecked(ipt, '-D', 'FORWARD', ...args);
}

/**
 * ChainInfo.Forward: one published port = nat DOCKER DNAT, filter DOCKER ACCEPT and nat
 * POSTROUTING hairpin MASQUERADE, each through ProgramRule (so -A appends after a -C).
 */
export function forward(
  ipt: IpTable,
  chain: { name: string; hairpinMode: boolean },
  action: '-A' | '-D',
  p: {
    hostIp: string;
    hostPort: number;
    proto: string;
    destAddr: string;
    destPort: number;
    bridgeName: string;
  },
): void {
  const daddr = p.hostIp === '0.0.0.0' ? '0/0' : p.hostIp;
  const dnat = [
    '-p',
    p.proto,
    '-d',
    daddr,
    '--dport',
    String(p.hostPort),
    '-j',
    'DNAT',
    '--to-destination',
    `${p.destAddr}:${p.destPort}`,
  ];
  if (!chain.hairpinMode) dnat.push('!', '-i', p.bridgeName);
  programRule(ipt, 'nat', chain.name, action, dnat);
  const accept = [
    '!',
    '-i',
    p.bridgeName,
    '-o',
    p.bridgeName,
    '-p',
    p.proto,
    '-d',
    p.destAddr,
    '--dport',
    String(p.destPort),
    '-j',
    'ACCEPT',
  ];
  programRule(ipt, 'filter', chain.name, action, accept);
  const masq = [
    '-p',
    p.proto,
    '-s',
    p.destAddr,
    '-d',
    p.destAddr,
    '--dport',
    String(p.destPort),
    '-j',
    'MASQUERADE',
  ];
  programRule(ipt, 'nat', 'POSTROUTING', action, masq);
}
