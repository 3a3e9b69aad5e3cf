import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Match, Rule, Table, TargetAction } from '../../netfilter/model.ts';
import { BUILTIN_CHAINS, newTable } from '../../netfilter/model.ts';
import {
  batchValid,
  hookRefused,
  staticCheck,
  tooDeep,
  validateTableDetailed,
  walkTable,
} from './validate.ts';
import { batchAccepted } from './batchCheck.ts';

const USER = ['U0', 'U1', 'U2', 'U3'];

const targetArb: fc.Arbitrary<TargetAction> = fc.oneof(
  fc.constant<TargetAction>({ kind: 'ACCEPT' }),
  fc.constant<TargetAction>({ kind: 'MASQUERADE', random: false, randomFully: false }),
  fc.constant<TargetAction>({ kind: 'REJECT', with: 'icmp-port-unreachable' }),
  fc.constantFrom<TargetAction>(
    ...(['DNAT', 'SNAT'] as const).map((kind) => ({
      kind,
      range: {},
      random: false,
      persistent: false,
      randomFully: false,
    })),
    { kind: 'REDIRECT', random: false },
  ),
  fc.constantFrom(...USER, 'INPUT', 'nope').map<TargetAction>((chain) => ({ kind: 'jump', chain })),
  fc.constantFrom(...USER).map<TargetAction>((chain) => ({ kind: 'goto', chain })),
);

const matchArb: fc.Arbitrary<Match> = fc
  .record({ limitIfaceIn: fc.boolean(), limitIfaceOut: fc.boolean() })
  .map((l) => ({ name: 'addrtype', ...l }));

const ruleArb: fc.Arbitrary<Rule> = fc.record({
  matches: fc.array(matchArb, { maxLength: 1 }),
  target: targetArb,
  counters: fc.constant({ pkts: 0, bytes: 0 }),
});

const tableArb: fc.Arbitrary<Table> = fc
  .record({
    name: fc.constantFrom('filter' as const, 'nat' as const),
    rules: fc.array(fc.array(ruleArb, { maxLength: 4 }), { minLength: 9, maxLength: 9 }),
    users: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ name, rules, users }) => {
    const t = newTable(name);
    for (const u of USER.slice(0, users)) {
      t.chains.set(u, {
        name: u,
        builtin: false,
        policyCounters: { pkts: 0, bytes: 0 },
        rules: [],
      });
    }
    [...t.chains.values()].forEach((c, i) => c.rules.push(...(rules[i] ?? [])));
    return t;
  });

describe('validateTableDetailed', () => {
  it('gives the rule-by-rule walk’s answer on random tables (jumps, loops, hooks)', () => {
    fc.assert(
      fc.property(tableArb, (t) => {
        expect(validateTableDetailed(t)).toEqual(walkTable(t));
        const walked = walkTable(t);
        expect(batchValid(t)).toBe(walked === undefined);
        // The two ways a table is refused, each found on its own (restoreRefusal.ts).
        expect(tooDeep(t) || hookRefused(t)).toBe(walked !== undefined);
        if (walked?.errno === 'EMLINK') expect(tooDeep(t)).toBe(true);
        if (walked?.errno === 'EINVAL') expect(hookRefused(t)).toBe(true);
        // The one-pass batch check: every rule's own checks, then the table's.
        const rules = [...t.chains.values()].flatMap((c) => c.rules);
        const ownOk = rules.every((r) => staticCheck(t, r) === undefined);
        expect(batchAccepted(t)).toBe(ownOk && walked === undefined);
      }),
      { numRuns: 3000, seed: 7 },
    );
  });

  it('sees a change made in place after a first check', () => {
    const t = newTable('filter');
    const input = t.chains.get('INPUT');
    expect(BUILTIN_CHAINS.filter).toContain('INPUT');
    expect(validateTableDetailed(t)).toBeUndefined();
    input?.rules.push({
      matches: [],
      target: { kind: 'MASQUERADE', random: false, randomFully: false },
      counters: { pkts: 0, bytes: 0 },
    });
    expect(validateTableDetailed(t)?.errno).toBe('EINVAL');
    input?.rules.splice(0, 1);
    expect(validateTableDetailed(t)).toBeUndefined();
  });
});
