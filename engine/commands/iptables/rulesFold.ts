/**
 * Facts computed from a chain's rules (their texts for -C/-D, their hooks and jumps for the
 * commit check), kept per rules array and brought up to date on use, so that appending one
 * rule to a 10,000-rule chain costs one rule, not 10,000.
 *
 * Arrays are changed in place (push, splice) and replaced (copy-on-write tables), so each use
 * first checks, by comparing Rule references, that the rules the fact was built from are still
 * the array's first rules; then only the tail is folded in. Any other change rebuilds the
 * fact. Rules themselves are immutable (every field of model.ts's Rule is readonly but counters,
 * replaced on each count, which no fact reads).
 */
import type { Rule } from '../../netfilter/model.ts';

interface Folded<S> {
  /** The rules folded in so far, in order. */
  readonly rules: Rule[];
  readonly state: S;
}

/** Every fold, so that a copied array can take over the facts of the original. */
const folds: RulesFold<unknown>[] = [];

export class RulesFold<S> {
  private readonly cache = new WeakMap<readonly Rule[], Folded<S>>();
  private readonly init: () => S;
  private readonly add: (state: S, rule: Rule) => void;

  constructor(init: () => S, add: (state: S, rule: Rule) => void) {
    this.init = init;
    this.add = add;
    folds.push(this as RulesFold<unknown>);
  }

  /** The fact for `rules` as they are now. */
  of(rules: readonly Rule[]): S {
    const cached = this.cache.get(rules);
    const f =
      cached && startsWith(rules, cached.rules) ? cached : { rules: [], state: this.init() };
    for (let i = f.rules.length; i < rules.length; i++) {
      const r = rules[i] as Rule;
      f.rules.push(r);
      this.add(f.state, r);
    }
    if (f !== cached) this.cache.set(rules, f);
    return f.state;
  }

  share(from: readonly Rule[], to: readonly Rule[]): void {
    const f = this.cache.get(from);
    if (f) this.cache.set(to, f);
  }
}

function startsWith(rules: readonly Rule[], prefix: readonly Rule[]): boolean {
  if (prefix.length > rules.length) return false;
  for (let i = 0; i < prefix.length; i++) if (rules[i] !== prefix[i]) return false;
  return true;
}

/** Lets a copy of a rules array (copy-on-write tables) start from the original's facts. */
export function shareFolds(from: readonly Rule[], to: readonly Rule[]): void {
  for (const f of folds) f.share(from, to);
}
