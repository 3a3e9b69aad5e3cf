/**
 * Puts iptables-restore text in the canonical order kube-proxy's own tests compare in
 * (sortIPTablesRules in pkg/proxy/iptables/proxier_test.go): tables by name; chains with
 * KUBE-NODEPORTS first, KUBE-SERVICES second, then KUBE-* alphabetically, then the rest;
 * each chain's rules grouped under it in their written order, except that KUBE-NODEPORTS and
 * KUBE-SERVICES rules are stable-sorted by the service name in their comment (the nat
 * "must be the last rule" rule kept last). kube-proxy walks services in Go map order, so
 * only this form is comparable between runs.
 */

interface Table {
  readonly name: string;
  readonly chains: string[];
  readonly rules: Map<string, string[]>;
}

function parse(text: string): Table[] {
  const tables: Table[] = [];
  let current: Table | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      current = { name: line.slice(1), chains: [], rules: new Map() };
      tables.push(current);
    } else if (line.startsWith(':') && current) {
      const chain = line.slice(1).split(' ')[0]!;
      current.chains.push(chain);
      current.rules.set(chain, []);
    } else if (line.startsWith('-A ') && current) {
      const chain = line.split(' ')[1]!;
      current.rules.get(chain)?.push(line);
    }
  }
  return tables;
}

function commentOf(rule: string): string | undefined {
  const m = / --comment ("([^"]*)"|(\S+))/.exec(rule);
  return m ? (m[2] ?? m[3]) : undefined;
}

function serviceNameOf(rule: string): string | undefined {
  const c = commentOf(rule);
  if (c === undefined) return undefined;
  const i = c.search(/[ :]/);
  return i === -1 ? c : c.slice(0, i);
}

function byServiceName(a: string, b: string): number {
  const na = serviceNameOf(a);
  const nb = serviceNameOf(b);
  if (na === undefined || nb === undefined) return 0;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function lastRuleFirst(a: string, b: string): number {
  const la = commentOf(a)?.includes('must be the last rule') ?? false;
  const lb = commentOf(b)?.includes('must be the last rule') ?? false;
  if (la !== lb) return la ? 1 : -1;
  return byServiceName(a, b);
}

function chainOrder(a: string, b: string): number {
  const rank = (c: string): number =>
    c === 'KUBE-NODEPORTS' ? 0 : c === 'KUBE-SERVICES' ? 1 : c.startsWith('KUBE-') ? 2 : 3;
  const d = rank(a) - rank(b);
  if (d !== 0) return d;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortRestoreText(text: string): string {
  const tables = parse(text).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const table of tables) {
    table.chains.sort(chainOrder);
    table.rules.get('KUBE-NODEPORTS')?.sort(byServiceName);
    table.rules.get('KUBE-SERVICES')?.sort(table.name === 'nat' ? lastRuleFirst : byServiceName);
    out.push(`*${table.name}`, ...table.chains.map((c) => `:${c} - [0:0]`));
    for (const chain of table.chains) out.push(...(table.rules.get(chain) ?? []));
    out.push('COMMIT');
  }
  return `${out.join('\n')}\n`;
}
