import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAddrMask, formatIpv4, maskToPrefix, parseIpv4Numeric, parseMask } from './ipv4.ts';
import { parseAddrList } from './addrList.ts';
import { strtoul, strtouiWhole } from './cnum.ts';

describe('strtoul as glibc reads numbers', () => {
  it('accepts hex, octal, sign and leading blanks', () => {
    expect(strtouiWhole('0x10', 0, 255)).toBe(16);
    expect(strtouiWhole('010', 0, 255)).toBe(8);
    expect(strtouiWhole(' +5', 0, 255)).toBe(5);
    expect(strtouiWhole('-0', 0, 255)).toBe(0);
    expect(strtouiWhole('-1', 0, 255)).toBeUndefined();
    expect(strtouiWhole('', 0, 255)).toBeUndefined();
    expect(strtouiWhole('08', 0, 255)).toBeUndefined();
    expect(strtoul('99999999999999999999999').overflow).toBe(true);
  });
});

describe('IPv4 parsing with iptables quirks', () => {
  it('reads dotted text byte by byte with strtoul, whatever the digits', () => {
    // The reference: each of four dot-separated parts a whole strtoul number 0..255.
    const part = fc.oneof(
      fc.integer({ min: 0, max: 300 }).map(String),
      fc.constantFrom('', '0', '00', '01', '010', '0x1f', '255', '256', '1000', ' 1', '+1', 'a'),
    );
    fc.assert(
      fc.property(fc.array(part, { minLength: 4, maxLength: 4 }), (parts) => {
        const text = parts.join('.');
        const bytes = parts.map((p) => strtouiWhole(p, 0, 255));
        const want =
          bytes.every((b) => b !== undefined) && text.length <= 19
            ? ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0
            : undefined;
        if (text.length <= 19) expect(parseIpv4Numeric(text)).toBe(want);
      }),
      { seed: 9, numRuns: 5000 },
    );
  });
  it('completes short addresses with zero bytes', () => {
    expect(formatIpv4(parseIpv4Numeric('10.0.0')!)).toBe('10.0.0.0');
    expect(formatIpv4(parseIpv4Numeric('10')!)).toBe('10.0.0.0');
    expect(parseIpv4Numeric('10.0.0.300')).toBeUndefined();
    expect(parseIpv4Numeric('1.2.3.4.5')).toBeUndefined();
  });
  it('reads masks as prefix lengths or dotted, contiguous or not', () => {
    expect(parseMask('8')).toBe(0xff000000);
    expect(parseMask('255.0.255.0')).toBe(0xff00ff00);
    expect(parseMask('-1')).toBeUndefined();
    expect(parseMask('33')).toBeUndefined();
    expect(parseMask('255.0')).toBeUndefined();
    expect(maskToPrefix(0xff00ff00)).toBeUndefined();
    expect(maskToPrefix(0)).toBe(0);
    expect(maskToPrefix(0xffffffff)).toBe(32);
  });
  it('prints prefix or dotted mask', () => {
    expect(formatAddrMask(0x0a000000, 0xff000000)).toBe('10.0.0.0/8');
    expect(formatAddrMask(0x0a000000, 0xff00ff00)).toBe('10.0.0.0/255.0.255.0');
  });
  it('parses -s lists, masks addresses, resolves localhost only', () => {
    expect(parseAddrList('192.168.1.77/24')).toEqual({
      ok: true,
      list: [{ addr: 0xc0a80100, mask: 0xffffff00 }],
    });
    expect(parseAddrList('localhost')).toEqual({
      ok: true,
      list: [{ addr: 0x7f000001, mask: 0xffffffff }],
    });
    expect(parseAddrList('foo/0')).toEqual({ ok: true, list: [{ addr: 0, mask: 0 }] });
    expect(parseAddrList('10.0.0.1, 10.0.0.2')).toMatchObject({ ok: true, list: [{}, {}] });
    expect(parseAddrList('10.0.0.300')).toEqual({
      ok: false,
      error: "host/network `10.0.0.300' not found",
    });
    expect(parseAddrList('10.0.0.0/-1')).toEqual({
      ok: false,
      error: "invalid mask `-1' specified",
    });
  });
});
