/**
 * The --probability text of kube-proxy's load-balancing rules, in the two forms a learner sees:
 *
 * - what kube-proxy writes into iptables-restore input: computeProbability(n) is
 *   fmt.Sprintf("%0.10f", 1.0/float64(n)) (proxier.go). Go formats the exact binary value of
 *   the float64 and rounds half to even (strconv bigFtoa), so 1/2048 = 0.00048828125 prints
 *   0.0004882812, where JavaScript's toFixed would round the tie up;
 * - what iptables-save prints back: libxt_statistic parses the text with strtod, stores
 *   lround(0x80000000 * p) as a u32 and prints printf("%.11f", u32 / 0x80000000); glibc's
 *   printf is exact and rounds ties to even (1/4096 -> 0.00024414062).
 */

const MANTISSA_BITS = 52n;

/** Splits a finite non-negative double into integer mantissa and binary exponent: x = m * 2^e. */
function decompose(x: number): { mantissa: bigint; exponent: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> MANTISSA_BITS) & 0x7ffn);
  const fraction = bits & ((1n << MANTISSA_BITS) - 1n);
  if (biased === 0) return { mantissa: fraction, exponent: -1074 };
  return { mantissa: fraction | (1n << MANTISSA_BITS), exponent: biased - 1075 };
}

/**
 * Formats a finite non-negative double with `decimals` digits after the point from its exact
 * binary value, rounding half to even: Go's %.Nf and glibc's printf("%.Nf") in the default
 * rounding mode.
 */
export function formatFixedHalfEven(x: number, decimals: number): string {
  if (!Number.isFinite(x) || x < 0) throw new RangeError(`cannot format ${x}`);
  const { mantissa, exponent } = decompose(x);
  const scale = 10n ** BigInt(decimals);
  let digits: bigint;
  if (exponent >= 0) {
    digits = (mantissa << BigInt(exponent)) * scale;
  } else {
    const denominator = 1n << BigInt(-exponent);
    const numerator = mantissa * scale;
    digits = numerator / denominator;
    const twiceRemainder = (numerator % denominator) * 2n;
    if (twiceRemainder > denominator || (twiceRemainder === denominator && digits % 2n === 1n)) {
      digits += 1n;
    }
  }
  const text = digits.toString().padStart(decimals + 1, '0');
  if (decimals === 0) return text;
  return `${text.slice(0, -decimals)}.${text.slice(-decimals)}`;
}

const kubeCache: string[] = [];

/** kube-proxy's computeProbability(n): "%0.10f" of 1/n. Cached like precomputedProbabilities. */
export function kubeProxyProbability(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`probability of 1/${n}`);
  let cached = kubeCache[n];
  if (cached === undefined) {
    cached = formatFixedHalfEven(1 / n, 10);
    kubeCache[n] = cached;
  }
  return cached;
}

/** 0x80000000: libxt_statistic scales probabilities to 31 bits. */
const STATISTIC_SCALE = 0x80000000;

/**
 * The u32 the kernel stores for `--probability TEXT` (xt_statistic_info.u.random.probability):
 * lround(0x80000000 * strtod(TEXT)). Number() parses decimal text correctly rounded, as strtod.
 */
export function statisticProbabilityU32(text: string): number {
  const p = Number(text);
  if (!Number.isFinite(p) || p < 0 || p > 1) throw new RangeError(`bad probability ${text}`);
  // Math.round rounds .5 up; lround rounds it away from zero: the same for p >= 0.
  return Math.round(STATISTIC_SCALE * p);
}

/** How iptables-save prints a stored probability: printf("%.11f", u32 / 0x80000000). */
export function savedProbabilityText(u32: number): string {
  return formatFixedHalfEven(u32 / STATISTIC_SCALE, 11);
}

/** What iptables-save prints after `--probability TEXT` went through iptables-restore. */
export function iptablesSaveProbability(text: string): string {
  return savedProbabilityText(statisticProbabilityU32(text));
}
