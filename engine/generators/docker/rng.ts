/**
 * Seeded randomness for everything dockerd draws from crypto/rand: network and container ids
 * (stringid.GenerateRandomID, 64 hex digits), veth names (netutils.GenerateIfaceName: "veth" +
 * 7 hex digits), bridge MACs (02:42 + 4 random bytes) and the embedded DNS server's ports. The
 * engine is deterministic, so the seed is passed in and the same commands give the same names.
 */
import { seededRandom } from '../../stack/world.ts';

export interface Rng {
  /** Next 32 random bits. */
  next(): number;
}

/**
 * The engine's seeded generator (mulberry32), read as 32-bit words: it yields u32 / 2^32,
 * which is exact in a double, so multiplying back gives the same bits.
 */
export function seededRng(seed: number): Rng {
  const random = seededRandom(seed);
  return { next: () => random() * 4294967296 };
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
