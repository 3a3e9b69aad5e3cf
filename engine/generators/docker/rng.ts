/**
 * Seeded randomness for everything dockerd draws from crypto/rand: network and container ids
 * (stringid.GenerateRandomID, 64 hex digits), veth names (netutils.GenerateIfaceName: "veth" +
 * 7 hex digits), bridge MACs (02:42 + 4 random bytes) and the embedded DNS server's ports. The
 * engine is deterministic, so the seed is passed in and the same commands give the same names.
 */
export interface Rng {
  /** Next 32 random bits. */
  next(): number;
}

/** mulberry32: small, fast, good enough to make distinct ids; not a security primitive. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return {
    next(): number {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return (t ^ (t >>> 14)) >>> 0;
    },
  };
}

export function randomBytes(rng: Rng, n: number): number[] {
  const out: number[] = [];
  while (out.length < n) {
    const w = rng.next();
    for (let i = 0; i < 4 && out.length < n; i++) out.push((w >>> (i * 8)) & 0xff);
  }
  return out;
}

export function randomHex(rng: Rng, digits: number): string {
  return randomBytes(rng, Math.ceil(digits / 2))
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('')
    .slice(0, digits);
}

/**
 * stringid.GenerateRandomID: 32 random bytes as hex, retried while the 12-digit short form
 * would parse as a decimal number (so it cannot be mistaken for a PID or an index).
 */
export function randomId(rng: Rng): string {
  for (;;) {
    const id = randomHex(rng, 64);
    if (!/^[0-9]{12}$/.test(id.slice(0, 12))) return id;
  }
}

/** Uniform integer in [lo, hi]. */
export function randomInt(rng: Rng, lo: number, hi: number): number {
  return lo + (rng.next() % (hi - lo + 1));
}
