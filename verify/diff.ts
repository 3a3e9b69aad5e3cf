/**
 * Field-by-field comparison of two results of the same scenario (the kernel's and the
 * engine's), judged as scenario-format.md says: client.result with errno and ICMP type/code,
 * delivered, server[*] peer/local, conntrack entries, and the set of hits with pkts.
 * Hit bytes, the ICMP error's sender and the quoted addresses are reported as bonus fields:
 * printed, but they do not fail the comparison.
 */
import type { ConntrackEntry, Hit, ProbeResult, ScenarioResult, ServerView } from './format.ts';
import { pythonSortedJson } from './observe.ts';

export interface Difference {
  /** 1-based probe number (0: the scenario as a whole). */
  probe: number;
  probeName: string;
  /** Dotted path, e.g. `client.result`, `hits.host`, `conntrack.host`. */
  field: string;
  /** What the field is about inside that path, e.g. the rule text; '' when the path says it. */
  what: string;
  kernel: unknown;
  engine: unknown;
  judged: boolean;
}

const CLIENT_JUDGED = ['result', 'errno', 'type', 'code'] as const;
const CLIENT_BONUS = ['error_from', 'reply_from', 'quoted_src', 'quoted_dst'] as const;

type Add = (
  field: string,
  what: string,
  kernel: unknown,
  engine: unknown,
  judged?: boolean,
) => void;

const same = (a: unknown, b: unknown) => pythonSortedJson(a) === pythonSortedJson(b);

function diffClient(k: ProbeResult, e: ProbeResult, add: Add): void {
  for (const f of CLIENT_JUDGED)
    if (!same(k.client?.[f], e.client?.[f])) add(`client.${f}`, '', k.client?.[f], e.client?.[f]);
  for (const f of CLIENT_BONUS)
    if (!same(k.client?.[f], e.client?.[f]))
      add(`client.${f}`, '', k.client?.[f], e.client?.[f], false);
}

function serverView(v: ServerView | undefined): Record<string, unknown> | undefined {
  if (!v) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of ['accepted', 'received', 'peer', 'local']) if (key in v) out[key] = v[key];
  return out;
}

function diffServer(k: ProbeResult, e: ProbeResult, add: Add): void {
  const names = new Set([...Object.keys(k.server ?? {}), ...Object.keys(e.server ?? {})]);
  for (const ns of [...names].sort()) {
    const kv = serverView(k.server?.[ns]);
    const ev = serverView(e.server?.[ns]);
    for (const f of ['accepted', 'received', 'peer', 'local'])
      if (!same(kv?.[f], ev?.[f])) add(`server.${ns}.${f}`, '', kv?.[f], ev?.[f]);
  }
}

function hitName(h: Hit): string {
  return h.policy !== undefined
    ? `${h.table} ${h.chain} policy ${h.policy}`
    : `${h.table} ${h.chain} #${h.index} ${h.rule}`;
}

function diffHits(k: ProbeResult, e: ProbeResult, add: Add): void {
  const names = new Set([...Object.keys(k.hits ?? {}), ...Object.keys(e.hits ?? {})]);
  for (const ns of [...names].sort()) {
    const kh = new Map((k.hits?.[ns] ?? []).map((h) => [hitName(h), h]));
    const eh = new Map((e.hits?.[ns] ?? []).map((h) => [hitName(h), h]));
    for (const name of new Set([...kh.keys(), ...eh.keys()])) {
      const a = kh.get(name);
      const b = eh.get(name);
      if (!a || !b || a.pkts !== b.pkts) add(`hits.${ns}`, `${name}: pkts`, a?.pkts, b?.pkts);
      else if (a.bytes !== b.bytes) add(`hits.${ns}`, `${name}: bytes`, a.bytes, b.bytes, false);
    }
  }
}

function tupleName(c: ConntrackEntry): string {
  const o = c.orig;
  const ports = o.sport !== undefined ? ` ${o.sport}->${o.dport}` : '';
  return `${c.proto} ${o.src}->${o.dst}${ports}`;
}

function ctName(c: ConntrackEntry): string {
  const t = (x: Record<string, unknown>) =>
    Object.entries(x)
      .map(([key, v]) => `${key}=${v}`)
      .join(' ');
  const flags = c.flags?.length ? ` [${c.flags.join(',')}]` : '';
  const mark = c.mark !== undefined ? ` mark=${c.mark}` : '';
  return `${c.proto} ${c.state ?? '-'} ${t(c.orig)} | ${t(c.reply)}${flags}${mark}`;
}

function diffConntrack(k: ProbeResult, e: ProbeResult, add: Add): void {
  const names = new Set([...Object.keys(k.conntrack ?? {}), ...Object.keys(e.conntrack ?? {})]);
  for (const ns of [...names].sort()) {
    const kEntries = k.conntrack?.[ns] ?? [];
    const eEntries = e.conntrack?.[ns] ?? [];
    const left = kEntries.map(pythonSortedJson);
    const right = eEntries.map(pythonSortedJson);
    const onlyK = kEntries.filter((_, i) => !right.includes(left[i]!));
    const onlyE = eEntries.filter((_, i) => !left.includes(right[i]!));
    // the same connection (proto and original tuple) on both sides: name the fields that differ
    const key = (c: ConntrackEntry) => `${c.proto} ${pythonSortedJson(c.orig)}`;
    const paired = new Set<ConntrackEntry>();
    for (const x of onlyK) {
      const y = onlyE.find((c) => !paired.has(c) && key(c) === key(x));
      if (!y) {
        add(`conntrack.${ns}`, 'entry', ctName(x), undefined);
        continue;
      }
      paired.add(y);
      for (const f of ['state', 'reply', 'flags', 'mark'] as const)
        if (!same(x[f], y[f])) add(`conntrack.${ns}`, `${tupleName(x)}: ${f}`, x[f], y[f]);
    }
    for (const y of onlyE)
      if (!paired.has(y)) add(`conntrack.${ns}`, 'entry', undefined, ctName(y));
    if (!onlyK.length && !onlyE.length && left.length !== right.length)
      add(`conntrack.${ns}`, 'number of entries', left.length, right.length);
  }
}

/** Every difference between a kernel result and an engine result, judged first. */
export function diffResults(kernel: ScenarioResult, engine: ScenarioResult): Difference[] {
  const out: Difference[] = [];
  const kp = kernel.probes ?? [];
  const ep = engine.probes ?? [];
  if (kp.length !== ep.length)
    out.push({ probe: 0, probeName: '', field: 'probes', what: 'count', kernel: kp.length, engine: ep.length, judged: true }); // prettier-ignore
  for (let i = 0; i < Math.min(kp.length, ep.length); i++) {
    const k = kp[i]!;
    const e = ep[i]!;
    const add: Add = (field, what, kv, ev, judged = true) =>
      out.push({ probe: i + 1, probeName: k.name, field, what, kernel: kv, engine: ev, judged });
    if (k.name !== e.name) {
      add('name', '', k.name, e.name);
      continue;
    }
    diffClient(k, e, add);
    if (!same([...(k.delivered ?? [])].sort(), [...(e.delivered ?? [])].sort()))
      add('delivered', '', k.delivered, e.delivered);
    diffServer(k, e, add);
    diffConntrack(k, e, add);
    diffHits(k, e, add);
  }
  return out;
}

export const judged = (ds: Difference[]) => ds.filter((d) => d.judged);

function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Lines a person can read: which probe, which field, kernel vs engine. */
export function formatDifferences(ds: Difference[], left = 'kernel', right = 'engine'): string {
  const lines: string[] = [];
  let last = -1;
  for (const d of ds) {
    if (d.probe !== last) {
      lines.push(d.probe === 0 ? 'scenario:' : `probe ${d.probe} '${d.probeName}':`);
      last = d.probe;
    }
    const tag = d.judged ? '' : ' (bonus, not judged)';
    lines.push(`  ${d.field}${d.what ? ` — ${d.what}` : ''}${tag}`);
    lines.push(`      ${left.padEnd(6)}: ${show(d.kernel)}`);
    lines.push(`      ${right.padEnd(6)}: ${show(d.engine)}`);
  }
  return lines.join('\n');
}
