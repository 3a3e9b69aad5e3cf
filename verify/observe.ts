/**
 * Reading the kernel's state back: rule and policy counters from `iptables-save -c`, and
 * connection tracking entries from `conntrack -L`, in the shapes of scenario-format.md.
 */
import type { ConntrackEntry, Hit } from './format.ts';

interface CounterKey {
  table: string;
  chain: string;
  /** 0 for a built-in chain's policy, else the 1-based rule index in its chain. */
  index: number;
  text: string;
}

/** Counters of one namespace, in iptables-save order, keyed by table/chain/index/text. */
export type Counters = Map<string, { key: CounterKey; pkts: number; bytes: number }>;

export function parseCounters(save: string): Counters {
  const out: Counters = new Map();
  let table = '';
  let index = new Map<string, number>();
  for (const line of save.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      index = new Map();
      continue;
    }
    const pol = /^:(\S+) (\S+) \[(\d+):(\d+)\]/.exec(line);
    if (pol) {
      if (pol[2] === '-') continue; // a user chain has no policy
      const key = { table, chain: pol[1]!, index: 0, text: pol[2]! };
      out.set(JSON.stringify(key), { key, pkts: Number(pol[3]), bytes: Number(pol[4]) });
      continue;
    }
    const rule = /^\[(\d+):(\d+)\] (-A (\S+) .*)$/.exec(line);
    if (rule) {
      const chain = rule[4]!;
      const n = (index.get(chain) ?? 0) + 1;
      index.set(chain, n);
      const key = { table, chain, index: n, text: rule[3]! };
      out.set(JSON.stringify(key), { key, pkts: Number(rule[1]), bytes: Number(rule[2]) });
    }
  }
  return out;
}

/** Every rule or policy whose packet counter grew between two snapshots. */
export function counterDelta(before: Counters, after: Counters): Hit[] {
  const hits: Hit[] = [];
  for (const [id, { key, pkts, bytes }] of after) {
    const old = before.get(id) ?? { pkts: 0, bytes: 0 };
    if (pkts - old.pkts <= 0) continue;
    const h: Hit = { table: key.table, chain: key.chain } as Hit;
    if (key.index === 0) h.policy = key.text;
    else {
      h.index = key.index;
      h.rule = key.text;
    }
    h.pkts = pkts - old.pkts;
    h.bytes = bytes - old.bytes;
    hits.push(h);
  }
  return hits;
}

/** JSON as Python's json.dumps(sort_keys=True) writes it: the sort order of the recordings. */
export function pythonSortedJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pythonSortedJson).join(', ')}]`;
  if (v && typeof v === 'object') {
    const keys = Object.keys(v).sort();
    const obj = v as Record<string, unknown>;
    return `{${keys.map((k) => `${JSON.stringify(k)}: ${pythonSortedJson(obj[k])}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

/**
 * Parses `conntrack -L` lines such as
 * `tcp 6 431999 ESTABLISHED src=… dst=… sport=… dport=… src=… … [ASSURED] mark=0 use=1`:
 * the first src/dst/ports are the original tuple, the repeated keys the reply tuple.
 * Timeouts and use counts are dropped (they are not behaviour).
 */
export function parseConntrack(text: string): ConntrackEntry[] {
  const entries: ConntrackEntry[] = [];
  for (const line of text.split('\n')) {
    const toks = line.trim().split(/\s+/);
    if (toks.length < 3) continue;
    const e = { proto: toks[0]! } as ConntrackEntry;
    let rest = toks.slice(2);
    if (rest[0] && /^\d+$/.test(rest[0])) rest = rest.slice(1);
    if (rest[0] && !rest[0].includes('=') && !rest[0].startsWith('[')) {
      e.state = rest[0];
      rest = rest.slice(1);
    }
    const orig: Record<string, string | number> = {};
    const reply: Record<string, string | number> = {};
    const flags: string[] = [];
    let cur = orig;
    for (const t of rest) {
      if (t.startsWith('[')) {
        flags.push(t.replace(/[[\]]/g, ''));
        continue;
      }
      const eq = t.indexOf('=');
      if (eq < 0) continue;
      const k = t.slice(0, eq);
      const v = t.slice(eq + 1);
      if (k === 'use') continue;
      if (k === 'mark') {
        e.mark = v;
        continue;
      }
      if (k in cur && cur === orig) cur = reply;
      cur[k] = /^\d+$/.test(v) && k !== 'src' && k !== 'dst' ? Number(v) : v;
    }
    e.orig = orig;
    e.reply = reply;
    if (flags.length) e.flags = flags;
    entries.push(e);
  }
  return entries.sort((a, b) => {
    const x = pythonSortedJson(a);
    const y = pythonSortedJson(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
