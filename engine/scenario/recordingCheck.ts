/**
 * Test helper: replays real-kernel recordings (scenario NN.json + NN.expected.json, as
 * oracle-tools/trace.py writes them) through the engine and compares, probe by probe, the
 * judged fields of scenario-format.md (client.result with errno and ICMP type/code, delivered,
 * server[*] peer/local, conntrack entries, the set of hits with pkts) and, as a separate bonus
 * test, the whole client answer, hit bytes and the `seen` packets (ttl, len, iif).
 */
import { describe, expect, it } from 'vitest';
import { runScenario } from './run.ts';
import { SCENARIO_RULES } from './rules.ts';

type Obj = Record<string, unknown>;

function clientJudged(c: Obj): Obj {
  const out: Obj = {};
  for (const k of ['result', 'errno', 'type', 'code']) if (k in c) out[k] = c[k];
  return out;
}

function serverJudged(s: Obj): Obj {
  const out: Obj = {};
  for (const [ns, v] of Object.entries(s as Record<string, Obj>)) {
    out[ns] = { peer: v.peer, local: v.local, accepted: v.accepted, received: v.received };
  }
  return out;
}

function hitSet(hits: Obj, withBytes: boolean): string[] {
  const out: string[] = [];
  for (const [ns, list] of Object.entries(hits as Record<string, Obj[]>)) {
    for (const h of list) {
      const id =
        'policy' in h ? `policy ${String(h.policy)}` : `#${String(h.index)} ${String(h.rule)}`;
      const bytes = withBytes ? ` bytes=${String(h.bytes)}` : '';
      out.push(`${ns} ${String(h.table)} ${String(h.chain)} ${id} pkts=${String(h.pkts)}${bytes}`);
    }
  }
  return out.sort();
}

/** `files`: an import.meta.glob of a fixture directory's *.json as raw text, keyed by path. */
export function checkRecordings(files: Record<string, string>): void {
  const byName = new Map(
    Object.entries(files).map(([path, text]) => [path.replace(/^.*\//, ''), text]),
  );
  const names = [...byName.keys()]
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => f.replace('.expected.json', ''))
    .sort();
  const read = (f: string): Obj => JSON.parse(byName.get(f)!) as Obj;
  describe.each(names)('recording %s', (name) => {
    const expected = read(`${name}.expected.json`);
    const run = runScenario(read(`${name}.json`), SCENARIO_RULES);
    const got = run.result.probes as unknown as Obj[];
    const want = expected.probes as Obj[];
    it('has the same probes', () => {
      expect(got.map((p) => p.name)).toEqual(want.map((p) => p.name));
    });
    describe.each(want.map((p, i) => [String(p.name), i] as const))('%s', (_label, i) => {
      const g = got[i]!;
      const e = want[i]!;
      it('judged: client result, delivered, server views, conntrack, hits with pkts', () => {
        expect(clientJudged(g.client as Obj)).toEqual(clientJudged(e.client as Obj));
        expect(g.delivered).toEqual(e.delivered);
        expect(serverJudged(g.server as Obj)).toEqual(serverJudged(e.server as Obj));
        expect(g.conntrack).toEqual(e.conntrack);
        expect(hitSet(g.hits as Obj, false)).toEqual(hitSet(e.hits as Obj, false));
      });
      it('bonus: whole client answer, hit bytes, seen packets with ttl/len/iif', () => {
        expect(g.client).toEqual(e.client);
        expect(hitSet(g.hits as Obj, true)).toEqual(hitSet(e.hits as Obj, true));
        expect(g.seen).toEqual(e.seen);
      });
    });
  });
}
