import { describe, expect, it } from 'vitest';
import { resolveConfig } from './config.ts';
import { sortRestoreText } from './sortRestore.ts';
import overallRestore from './golden/overall.restore.txt?raw';

describe('kube-proxy settings', () => {
  // proxier.go: fmt.Sprintf("%#08x", 1<<bit). Go's fmtInteger zero-pads the digits to the
  // width and only then prefixes 0x, so the text is 10 characters, not 8.
  it.each([
    [14, '0x00004000'],
    [0, '0x00000001'],
    [31, '0x80000000'],
  ])('formats masquerade bit %i as %s', (bit, mark) => {
    expect(resolveConfig({ masqueradeBit: bit }).masqueradeMark).toBe(mark);
  });

  it.each([
    [{ masqueradeBit: 32 }, 'masqueradeBit must be within the range [0, 31], got 32'],
    [{ clusterCIDR: '10.0.0.0/40' }, 'clusterCIDR: not an IPv4 CIDR: 10.0.0.0/40'],
    [{ nodeIP: 'node' }, 'nodeIP: not an IPv4 address: node'],
  ])('rejects %j', (partial, message) => {
    expect(() => resolveConfig(partial)).toThrow(message);
  });
});

describe('sortRestoreText (the order kube-proxy tests compare in)', () => {
  it('puts KUBE-NODEPORTS and KUBE-SERVICES first and keeps the nodeports jump last', () => {
    const sorted = sortRestoreText(overallRestore).split('\n');
    const nat = sorted.slice(sorted.indexOf('*nat'));
    expect(nat.slice(1, 4)).toEqual([
      ':KUBE-NODEPORTS - [0:0]',
      ':KUBE-SERVICES - [0:0]',
      ':KUBE-EXT-4SW47YFZTEDKD3PK - [0:0]',
    ]);
    const services = nat.filter((l) => l.startsWith('-A KUBE-SERVICES '));
    expect(services.at(-1)).toContain('must be the last rule in this chain');
    expect(sortRestoreText(sortRestoreText(overallRestore))).toBe(sortRestoreText(overallRestore));
    expect(sortRestoreText(overallRestore).split('\n').sort()).toEqual(
      overallRestore.split('\n').sort(),
    );
  });
});
