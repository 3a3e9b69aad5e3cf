import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32Std } from './base32.ts';
import { endpointChainName, serviceChainNames } from './chainNames.ts';
import { sha256, sha256Utf8, toHex } from './sha256.ts';
import hashVectors from './fixtures/hash-vectors.txt?raw';

describe('sha256 (FIPS 180-4 vectors)', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    [
      'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    ],
    ['a'.repeat(1_000_000), 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0'],
  ])('sha256(%#)', (input, digest) => {
    expect(toHex(sha256Utf8(input))).toBe(digest);
  });

  it('agrees with Web Crypto on random inputs around the block boundaries', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 200 }), async (bytes) => {
        const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        expect(toHex(sha256(bytes))).toBe(toHex(expected));
      }),
      { numRuns: 300 },
    );
  });
});

describe('sha256Utf8 (hand-rolled UTF-8)', () => {
  it('hashes the same bytes TextEncoder produces, lone surrogates included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', maxLength: 120 }), async (text) => {
        const bytes = new TextEncoder().encode(text);
        const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
        expect(toHex(sha256Utf8(text))).toBe(toHex(expected));
      }),
      { numRuns: 300 },
    );
    expect(toHex(sha256Utf8('\ud800x'))).toBe(toHex(sha256(new TextEncoder().encode('\ud800x'))));
  });

  it('hashes long inputs after short ones (the scratch buffer grows)', () => {
    expect(toHex(sha256Utf8('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    expect(toHex(sha256Utf8('é'.repeat(5000)))).toBe(
      toHex(sha256(new TextEncoder().encode('é'.repeat(5000)))),
    );
    expect(toHex(sha256Utf8('abc'))).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('base32 StdEncoding (RFC 4648 §10 vectors)', () => {
  it.each([
    ['', ''],
    ['f', 'MY======'],
    ['fo', 'MZXQ===='],
    ['foo', 'MZXW6==='],
    ['foob', 'MZXW6YQ='],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI======'],
  ])('base32(%j) = %j', (input, encoded) => {
    expect(base32Std(new TextEncoder().encode(input))).toBe(encoded);
  });
});

/** Lines of hash-vectors.txt: "input -> KUBE-SVC-HASH | source", or KUBE-SVC/EXT/SVL-HASH. */
function parseVectors(text: string): { input: string; prefixes: string[]; hash: string }[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => {
      const m = /^(\S+)\s+->\s+KUBE-([A-Z/]+)-([A-Z2-7]{16})\s/.exec(line);
      if (!m) throw new Error(`unparsed vector: ${line}`);
      return { input: m[1]!, prefixes: m[2]!.split('/'), hash: m[3]! };
    });
}

describe('kube-proxy chain names (fixtures/hash-vectors.txt)', () => {
  const vectors = parseVectors(hashVectors);

  it('has every vector of the fixture', () => {
    expect(vectors.length).toBe(8);
  });

  it.each(vectors)('$input -> $hash', ({ input, prefixes, hash }) => {
    for (const prefix of prefixes) {
      if (prefix === 'SEP') {
        expect(endpointChainName(input, '', '')).toBe(`KUBE-SEP-${hash}`);
        continue;
      }
      const names = serviceChainNames(input, '');
      const byPrefix: Record<string, string> = {
        SVC: names.cluster,
        SVL: names.local,
        EXT: names.external,
        FW: names.firewall,
      };
      expect(byPrefix[prefix]).toBe(`KUBE-${prefix}-${hash}`);
    }
  });

  it('joins the parts as kube-proxy does (name, then protocol, then IP:port)', () => {
    expect(serviceChainNames('ns1/svc1:p80', 'tcp').cluster).toBe('KUBE-SVC-XPGD46QRK7WJZT7O');
    expect(endpointChainName('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe(
      'KUBE-SEP-SXIVWICOYRO3J4NJ',
    );
    expect(serviceChainNames('kube-system/kube-dns:dns', 'udp').cluster).toBe(
      'KUBE-SVC-TCOU7JCQXEZGVUNU',
    );
    expect(serviceChainNames('game-2048/service-2048', 'tcp').cluster).toBe(
      'KUBE-SVC-V7WHPSTR7G6YHTBY',
    );
  });
});
