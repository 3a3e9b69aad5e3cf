/**
 * Finding a rule in a chain the way -C and -D do (nft_rule_find compares each rule with the
 * one given): two rules are the same when they print the same (`formatRuleSpec`), counters
 * aside. dockerd checks (-C) before each append (-A), so for a port range of 2,000 ports the
 * chain is searched ~6,000 times: printing every rule on each search made that quadratic.
 * Each rule is printed once (texts are cached by Rule object: rules are immutable, and
 * counters are not part of the text), and each chain keeps the set of its texts (rulesFold.ts).
 */
import type { Rule } from '../../netfilter/model.ts';
import { formatRuleSpec } from '../../netfilter/print.ts';
import { RulesFold } from './rulesFold.ts';

const texts = new WeakMap<Rule, string>();

/** The rule as -S prints it after `-A CHAIN`, printed once per Rule object. */
export function ruleText(rule: Rule): string {
  let s = texts.get(rule);
  if (s === undefined) {
    s = formatRuleSpec(rule);
    texts.set(rule, s);
  }
  return s;
}

/** The texts of a chain's rules. */
const chainTexts = new RulesFold<Set<string>>(
  () => new Set(),
  (set, r) => set.add(ruleText(r)),
);

/** Does the chain hold a rule that prints as `rule` does? */
export function hasRule(rules: readonly Rule[], rule: Rule): boolean {
  return chainTexts.of(rules).has(ruleText(rule));
}

/** Position of the first rule that prints as `rule` does, or -1. */
export function findRule(rules: readonly Rule[], rule: Rule): number {
  if (!hasRule(rules, rule)) return -1;
  const text = ruleText(rule);
  return rules.findIndex((x) => ruleText(x) === text);
}
