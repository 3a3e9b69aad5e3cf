/**
 * TEST DOUBLE, not an iptables: a ruleset store that understands only the argument shapes
 * dockerd 20.10 emits, printing them in iptables-save's canonical order. It lets the generator's
 * positions be checked before (and independently of) the engine's real iptables command; the
 * golden tests run against the real one (engine/commands/iptables) as soon as it exists.
 */
import type { CommandResult } from '../../../shell/types.ts';

const BUILTIN: Record<string, string[]> = {
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
};

interface Table {
  policies: Map<string, string>;
  chains: Map<string, string[]>;
}

/** One rule's arguments in save order. */
export function canonicalRule(args: readonly string[]): string {
  const base: Record<string, string> = {};
  const matches: string[][] = [];
  let target: string[] = [];
  let neg = false;
  let proto = '';
  const portOpts: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const v = args[i + 1] ?? '';
    const bang = neg ? '! ' : '';
    if (a === '!') {
      neg = true;
      continue;
    }
    if (a === '-s' || a === '--src' || a === '-d' || a === '--dst') {
      const key = a.startsWith('-s') || a === '--src' ? '-s' : '-d';
      if (v !== '0/0') base[key] = `${bang}${key} ${v.includes('/') ? v : `${v}/32`}`;
      i++;
    } else if (a === '-i' || a === '-o' || a === '-p') {
      base[a] = `${bang}${a} ${v}`;
      if (a === '-p') proto = v;
      i++;
    } else if (a === '-m') {
      const m: string[] = ['-m', v];
      i += 2;
      const stop = ['-m', '-j', '-s', '-d', '-i', '-o', '-p', '--dst', '--src'];
      while (
        i < args.length &&
        !stop.includes(args[i] as string) &&
        !(args[i] === '!' && stop.includes(args[i + 1] ?? ''))
      ) {
        m.push(args[i] as string);
        i++;
      }
      i--;
      matches.push(m);
    } else if (a === '--dport' || a === '--sport') {
      portOpts.push(`${bang}${a} ${v}`);
      i++;
    } else if (a === '-j') {
      target = ['-j', v];
      i += 2;
      while (
        i < args.length &&
        args[i] !== '!' &&
        !['-i', '-o', '-s', '-d'].includes(args[i] as string)
      )
        target.push(args[i++] as string);
      i--;
    }
    neg = false;
  }
  if (portOpts.length) matches.unshift(['-m', proto, ...portOpts]);
  const parts = [base['-s'], base['-d'], base['-i'], base['-o'], base['-p']].filter(
    (x) => x !== undefined,
  );
  return [...parts, ...matches.map((m) => m.join(' ')), target.join(' ')]
    .filter((x) => x !== '')
    .join(' ');
}

export class FakeIptables {
  readonly tables = new Map<string, Table>();

  private table(name: string): Table {
    let t = this.tables.get(name);
    if (t === undefined) {
      t = {
        policies: new Map((BUILTIN[name] ?? []).map((c) => [c, 'ACCEPT'])),
        chains: new Map((BUILTIN[name] ?? []).map((c) => [c, []])),
      };
      this.tables.set(name, t);
    }
    return t;
  }

  run(argv: readonly string[]): CommandResult {
    let args = [...argv];
    if (args[0] === '--wait') args = args.slice(1);
    if (args[0] === '--version')
      return { exit: 0, stdout: 'iptables v1.8.9 (nf_tables)\n', stderr: '' };
    let tableName = 'filter';
    if (args[0] === '-t') {
      tableName = args[1] as string;
      args = args.slice(2);
    }
    const t = this.table(tableName);
    const fail: CommandResult = { exit: 1, stdout: '', stderr: 'iptables: fake failure.\n' };
    const [op, chain = '', ...rest] = args;
    const rules = t.chains.get(chain);
    switch (op) {
      case '-L':
      case '-n':
        if (op === '-n' && chain === '-L')
          return t.chains.has(rest[0] ?? '') || rest[0] === undefined
            ? { exit: 0, stdout: '', stderr: '' }
            : fail;
        return { exit: 0, stdout: '', stderr: '' };
      case '-N':
        if (rules !== undefined) return fail;
        t.chains.set(chain, []);
        return { exit: 0, stdout: '', stderr: '' };
      case '-X':
        if (rules === undefined || rules.length > 0 || this.referenced(t, chain)) return fail;
        t.chains.delete(chain);
        return { exit: 0, stdout: '', stderr: '' };
      case '-F':
        if (rules === undefined) return fail;
        rules.length = 0;
        return { exit: 0, stdout: '', stderr: '' };
      case '-P':
        t.policies.set(chain, rest[0] ?? 'ACCEPT');
        return { exit: 0, stdout: '', stderr: '' };
      case '-S':
        return {
          exit: 0,
          stdout: (rules ?? []).map((r) => `-A ${chain} ${r}\n`).join(''),
          stderr: '',
        };
    }
    if (rules === undefined || rest.length === 0) return fail;
    const targetIdx = rest.indexOf('-j');
    const jump = targetIdx >= 0 ? rest[targetIdx + 1] : undefined;
    if (
      jump !== undefined &&
      /^[A-Z_-]+$/.test(jump) &&
      !['ACCEPT', 'DROP', 'RETURN', 'MASQUERADE', 'DNAT', 'SNAT'].includes(jump) &&
      !t.chains.has(jump)
    )
      return fail;
    const rule = canonicalRule(rest);
    const at = rules.indexOf(rule);
    switch (op) {
      case '-C':
        return at >= 0 ? { exit: 0, stdout: '', stderr: '' } : fail;
      case '-D':
        if (at < 0) return fail;
        rules.splice(at, 1);
        return { exit: 0, stdout: '', stderr: '' };
      case '-I':
        rules.unshift(rule);
        return { exit: 0, stdout: '', stderr: '' };
      case '-A':
        rules.push(rule);
        return { exit: 0, stdout: '', stderr: '' };
    }
    return fail;
  }

  private referenced(t: Table, chain: string): boolean {
    return [...t.chains.values()].some((rs) => rs.some((r) => r.endsWith(`-j ${chain}`)));
  }

  /** iptables-save without the comment lines. */
  save(): string {
    let out = '';
    for (const name of ['filter', 'nat']) {
      const t = this.tables.get(name);
      if (t === undefined) continue;
      out += `*${name}\n`;
      const builtins = BUILTIN[name] ?? [];
      const users = [...t.chains.keys()].filter((c) => !builtins.includes(c)).sort();
      for (const c of builtins) out += `:${c} ${t.policies.get(c) ?? 'ACCEPT'} [0:0]\n`;
      for (const c of users) out += `:${c} - [0:0]\n`;
      for (const c of [...builtins, ...users])
        for (const r of t.chains.get(c) ?? []) out += `-A ${c} ${r}\n`;
      out += 'COMMIT\n';
    }
    return out;
  }
}
