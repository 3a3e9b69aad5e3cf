import { describe, expect, it } from 'vitest';
import { HOOK_STEPS } from './order.ts';

describe('hook order', () => {
  it('runs conntrack before mangle and DNAT before filter; SNAT and confirm last', () => {
    const names = (h: keyof typeof HOOK_STEPS) =>
      HOOK_STEPS[h].map((s) =>
        s.kind === 'table' ? s.table : s.kind === 'nat' ? `nat-${s.manip}` : s.kind,
      );
    expect(names('PREROUTING')).toEqual(['raw', 'conntrack', 'mangle', 'nat-dst']);
    expect(names('OUTPUT')).toEqual([
      'raw',
      'conntrack',
      'mangle',
      'nat-dst',
      'filter',
      'security',
    ]);
    expect(names('INPUT')).toEqual(['mangle', 'filter', 'security', 'nat-src', 'confirm']);
    expect(names('FORWARD')).toEqual(['mangle', 'filter', 'security']);
    expect(names('POSTROUTING')).toEqual(['mangle', 'nat-src', 'confirm']);
  });
});
