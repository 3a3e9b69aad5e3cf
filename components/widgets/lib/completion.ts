/**
 * Tab completion for the lesson terminal: command names first, then the options of iptables,
 * sysctl, ip, ping, curl, nc and conntrack, chain names after -A/-I/-D/-R/-N/-X/-F/-L/-S/-P/-Z/-j,
 * table names after -t, sysctl keys and namespace names after `ip netns exec`.
 * Returns the common completion and the candidates, as bash does on a double Tab.
 */
export interface CompletionContext {
  readonly commands: readonly string[];
  /** Chains of the table named by -t (filter by default). */
  /** Chains of `table` in namespace `ns` (`host` unless the line runs `ip netns exec NS`). */
  chains(table: string, ns: string): readonly string[];
  readonly namespaces: readonly string[];
}

export interface Completion {
  /** The whole new line. */
  readonly line: string;
  /** Every candidate when more than one fits (shown to the learner). */
  readonly candidates: readonly string[];
}

const IPTABLES_OPTS = [
  '-A',
  '-C',
  '-D',
  '-I',
  '-R',
  '-L',
  '-S',
  '-F',
  '-Z',
  '-N',
  '-X',
  '-P',
  '-E',
  '-t',
  '-p',
  '-s',
  '-d',
  '-i',
  '-o',
  '-j',
  '-g',
  '-m',
  '-n',
  '-v',
  '-x',
  '--line-numbers',
  '--dport',
  '--sport',
  '--ctstate',
  '--state',
  '--to-destination',
  '--to-source',
  '--to-ports',
  '--reject-with',
  '--append',
  '--insert',
  '--delete',
  '--list',
  '--list-rules',
  '--flush',
  '--policy',
  '--new-chain',
  '--delete-chain',
  '--jump',
  '--protocol',
  '--source',
  '--destination',
  '--in-interface',
  '--out-interface',
  '--match',
  '--table',
  '--syn',
  '--comment',
];
const TARGETS = [
  'ACCEPT',
  'DROP',
  'REJECT',
  'RETURN',
  'LOG',
  'MASQUERADE',
  'SNAT',
  'DNAT',
  'REDIRECT',
];
const OPTIONS: Readonly<Record<string, readonly string[]>> = {
  iptables: IPTABLES_OPTS,
  'iptables-save': ['-t', '-c', '--table', '--counters'],
  sysctl: [
    '-w',
    'net.ipv4.ip_forward',
    'net.bridge.bridge-nf-call-iptables',
    'net.ipv4.conf.all.rp_filter',
  ],
  ip: ['route', 'addr', 'netns', 'get', 'show', 'exec', 'list', '-br'],
  ping: ['-c'],
  curl: ['-m', 'http://'],
  nc: ['-z', '-v', '-u', '-zv'],
  conntrack: ['-L', '-F'],
};
const CHAIN_OPTS = new Set([
  '-A',
  '-I',
  '-D',
  '-R',
  '-N',
  '-X',
  '-F',
  '-L',
  '-S',
  '-P',
  '-Z',
  '-E',
  '-C',
  '--append',
  '--insert',
  '--delete',
  '--list',
  '--flush',
  '--policy',
]);

export function complete(line: string, ctx: CompletionContext): Completion {
  const words = line.split(/\s+/);
  const current = words.pop() ?? '';
  const prior = words.filter((w) => w !== '');
  const pool = candidatesFor(prior, ctx);
  const fits = [...new Set(pool)].filter((c) => c.startsWith(current)).sort();
  if (fits.length === 0) return { line, candidates: [] };
  const prefix = commonPrefix(fits);
  const head = line.slice(0, line.length - current.length);
  if (fits.length === 1) {
    return { line: `${head}${prefix}${prefix.endsWith('/') ? '' : ' '}`, candidates: [] };
  }
  return { line: `${head}${prefix}`, candidates: fits };
}

/**
 * What the terminal shows for one Tab: the candidates as a line of the screen when several fit,
 * and a status that says what Tab did (else the last Tab's candidates would still stand there).
 */
export function tabOutcome(typed: string, r: Completion): { list?: string; status: string } {
  if (r.candidates.length > 0) {
    const first = r.candidates.slice(0, 8).join(', ');
    return {
      list: r.candidates.join('  '),
      status: `${r.candidates.length} completions: ${first}`,
    };
  }
  const word = r.line.trimEnd().split(/\s+/).pop() ?? '';
  return { status: r.line !== typed ? `Completed: ${word}` : 'No completion' };
}

function candidatesFor(prior: readonly string[], ctx: CompletionContext): readonly string[] {
  const inNetns = prior[0] === 'ip' && prior[1] === 'netns' && prior[2] === 'exec';
  if (inNetns && prior.length === 3) return ctx.namespaces;
  const words = inNetns ? prior.slice(4) : prior;
  const ns = inNetns ? (prior[3] as string) : 'host';
  if (words.length === 0) return ctx.commands;
  const cmd = words[0] as string;
  const last = words[words.length - 1] as string;
  if (cmd.startsWith('iptables')) {
    const t = words.indexOf('-t');
    const table = t >= 0 ? (words[t + 1] ?? 'filter') : 'filter';
    if (last === '-t' || last === '--table') return ['filter', 'nat', 'mangle', 'raw'];
    if (CHAIN_OPTS.has(last)) return ctx.chains(table, ns);
    if (last === '-j' || last === '--jump' || last === '-g')
      return [...TARGETS, ...ctx.chains(table, ns)];
    if (last === '-p' || last === '--protocol') return ['tcp', 'udp', 'icmp', 'all'];
    if (last === '-m' || last === '--match')
      return ['conntrack', 'state', 'tcp', 'udp', 'multiport', 'addrtype', 'comment', 'physdev'];
    if (last === '--ctstate' || last === '--state')
      return ['NEW', 'ESTABLISHED', 'RELATED', 'INVALID', 'ESTABLISHED,RELATED'];
  }
  return OPTIONS[cmd] ?? [];
}

function commonPrefix(words: readonly string[]): string {
  let p = words[0] ?? '';
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}
