import { describe, expect, it } from 'vitest';
import { SCENARIO_RULES } from './rules.ts';

const TRY = "Try `iptables-restore -h' or 'iptables-restore --help' for more information.";

describe('scenario rules', () => {
  it('restores and saves through the command layer', () => {
    const r = SCENARIO_RULES.restore(['*filter', ':FOO - [0:0]', '-A INPUT -j FOO', 'COMMIT']);
    if ('error' in r) throw new Error(r.error);
    expect(SCENARIO_RULES.save(r.ruleset)).toEqual([
      '*filter',
      ':INPUT ACCEPT [0:0]',
      ':FORWARD ACCEPT [0:0]',
      ':OUTPUT ACCEPT [0:0]',
      ':FOO - [0:0]',
      '-A INPUT -j FOO',
      'COMMIT',
    ]);
  });
  it("gives iptables-restore's error on one line, naming the line", () => {
    expect(SCENARIO_RULES.restore(['*filter', '-A INPUT --bogus', 'COMMIT'])).toEqual({
      error: `iptables-restore v1.8.9 (nf_tables): unknown option "--bogus"; Error occurred at line: 2; ${TRY}`,
    });
    expect(SCENARIO_RULES.restore(['*filter', ':INPUT ACCEPT [0:0]'])).toEqual({
      error: 'iptables-restore: COMMIT expected at line 3',
    });
    expect(SCENARIO_RULES.restore(['-A INPUT -j ACCEPT'])).toEqual({
      error: 'iptables-restore: line 1 failed',
    });
    expect(
      SCENARIO_RULES.restore([
        '*nat',
        ':X - [0:0]',
        '-A X -j MASQUERADE',
        '-A PREROUTING -j X',
        'COMMIT',
      ]),
    ).toEqual({
      error:
        'iptables-restore v1.8.9 (nf_tables): ; line 4: RULE_APPEND failed (Invalid argument): rule in chain PREROUTING',
    });
  });
});
