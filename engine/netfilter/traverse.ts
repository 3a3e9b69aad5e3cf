/**
 * Chain traversal (ipt_do_table / nft_do_chain): rules in order, jump and goto to user chains,
 * RETURN, the jump-stack limit, policies on falling off a built-in chain, packet and byte
 * counters, and the non-terminating targets (LOG, MARK, CONNMARK, CT --notrack).
 * Rule matching itself is match.ts; what a verdict does to the packet is the stack's business.
 */
import { formatRule } from './print.ts';
import { failureText, ruleMatches, type MatchState } from './match.ts';
import type { Chain, RejectWith, Rule, Table, TargetAction } from './model.ts';
import { countPacket } from './model.ts';
import type { HookName, PacketMeta, TableName } from './packetMeta.ts';
import type { TraceSink } from '../trace/events.ts';
import { logLine } from './traverseLog.ts';
import { dstIndex, skipDstMisses, type DstIndex } from './traverseSkip.ts';

/** nf_tables' NFT_JUMP_STACK_SIZE: deeper jumps are refused when rules load; we stop at it too. */
export const JUMP_STACK_LIMIT = 16;
/** Misses shown one by one before a run of them is summarised. */
const MISSES_SHOWN = 3;

export type NatAction = Extract<
  TargetAction,
  { kind: 'DNAT' | 'SNAT' | 'MASQUERADE' | 'REDIRECT' }
>;

export type Verdict =
  | { readonly kind: 'ACCEPT' }
  | { readonly kind: 'DROP' }
  | { readonly kind: 'REJECT'; readonly with: RejectWith }
  | { readonly kind: 'NAT'; readonly action: NatAction };

export interface TraverseEnv {
  readonly ns: string;
  readonly state: MatchState;
  readonly trace?: TraceSink;
  /** Called for every counter that grows (the probe's `hits`). `index` 0 = the policy. */
  readonly onCount?: (table: TableName, chain: string, index: number, len: number) => void;
}

export interface TraverseResult {
  readonly verdict: Verdict;
  /** skb->mark after MARK/CONNMARK restore. */
  readonly mark: number;
  /** The connection's mark after CONNMARK set/save. */
  readonly ctMark: number;
  /** CT --notrack / NOTRACK hit. */
  readonly notrack: boolean;
}

interface Frame {
  readonly chain: Chain;
  index: number;
  readonly dst: DstIndex;
}

function enter(chain: Chain): Frame {
  return { chain, index: 0, dst: dstIndex(chain) };
}

/** Walks `table`'s built-in chain for `hook`; a table without that chain accepts. */
export function traverse(
  table: Table,
  hook: HookName,
  meta0: PacketMeta,
  ctMark0: number,
  env: TraverseEnv,
): TraverseResult {
  const start = table.chains.get(hook);
  const out = { mark: meta0.mark, ctMark: ctMark0, notrack: false };
  if (!start) return { verdict: { kind: 'ACCEPT' }, ...out };
  let meta = meta0;
  const stack: Frame[] = [];
  let frame = enter(start);
  let misses = 0;
  env.trace?.({ type: 'chain', ns: env.ns, table: table.name, chain: hook });
  for (;;) {
    if (misses >= MISSES_SHOWN || !env.trace) {
      // Past the misses the trace shows one by one: skip what -d rules out (traverseSkip.ts).
      const from = frame.index;
      frame.index = skipDstMisses(frame.chain, frame.dst, from, meta.dst);
      misses += frame.index - from;
    }
    const rule = frame.chain.rules[frame.index];
    if (rule === undefined) {
      flushMisses(env, table.name, frame.chain, frame.index, misses);
      misses = 0;
      const popped = stack.pop();
      if (popped) {
        frame = popped;
        continue;
      }
      return { verdict: policyVerdict(table.name, frame.chain, meta.len, env), ...out };
    }
    const index = ++frame.index;
    const miss = ruleMatches(rule, meta, env.state);
    if (miss !== undefined) {
      // The first misses of a run are shown with the option that failed; the rest are
      // summarised (flushMisses), so their text is never built.
      if (misses++ < MISSES_SHOWN && env.trace) {
        env.trace({
          type: 'rule',
          ns: env.ns,
          table: table.name,
          chain: frame.chain.name,
          index,
          matched: false,
          failedOption: failureText(rule, miss),
        });
      }
      continue;
    }
    flushMisses(env, table.name, frame.chain, index - 1, misses);
    misses = 0;
    rule.counters = countPacket(rule.counters, meta.len);
    env.onCount?.(table.name, frame.chain.name, index, meta.len);
    env.trace?.({
      type: 'rule',
      ns: env.ns,
      table: table.name,
      chain: frame.chain.name,
      index,
      matched: true,
      rule: formatRule(frame.chain.name, rule),
    });
    const t = rule.target;
    switch (t.kind) {
      case 'none':
        continue;
      case 'ACCEPT':
      case 'DROP':
        return done(env, table.name, frame.chain.name, { kind: t.kind }, out);
      case 'REJECT':
        return done(env, table.name, frame.chain.name, { kind: 'REJECT', with: t.with }, out);
      case 'DNAT':
      case 'SNAT':
      case 'MASQUERADE':
      case 'REDIRECT':
        return done(env, table.name, frame.chain.name, { kind: 'NAT', action: t }, out);
      case 'RETURN': {
        const popped = stack.pop();
        if (!popped)
          return { verdict: policyVerdict(table.name, frame.chain, meta.len, env), ...out };
        frame = popped;
        continue;
      }
      case 'jump':
      case 'goto': {
        const next = table.chains.get(t.chain);
        if (!next) continue;
        if (t.kind === 'jump') {
          if (stack.length + 1 >= JUMP_STACK_LIMIT) {
            env.trace?.({
              type: 'drop',
              ns: env.ns,
              reason: `jump stack limit (${JUMP_STACK_LIMIT}) reached at ${t.chain}`,
            });
            return { verdict: { kind: 'DROP' }, ...out };
          }
          stack.push(frame);
        }
        frame = enter(next);
        env.trace?.({ type: 'chain', ns: env.ns, table: table.name, chain: next.name });
        continue;
      }
      default:
        meta = applyNonTerminal(rule, t, meta, out, env);
    }
  }
}

function applyNonTerminal(
  _rule: Rule,
  t: Extract<TargetAction, { kind: 'LOG' | 'MARK' | 'CONNMARK' | 'NOTRACK' }>,
  meta: PacketMeta,
  out: { mark: number; ctMark: number; notrack: boolean },
  env: TraverseEnv,
): PacketMeta {
  switch (t.kind) {
    case 'LOG':
      env.trace?.({ type: 'log', ns: env.ns, level: t.level, line: logLine(t, meta) });
      return meta;
    case 'MARK':
      out.mark = ((meta.mark & ~t.mask) ^ t.value) >>> 0;
      env.trace?.({ type: 'mark', ns: env.ns, mark: out.mark });
      return { ...meta, mark: out.mark };
    case 'CONNMARK':
      if (t.op === 'set') out.ctMark = ((out.ctMark & ~t.mask) ^ t.value) >>> 0;
      else if (t.op === 'save')
        out.ctMark = ((out.ctMark & ~t.ctmask) ^ (meta.mark & t.nfmask)) >>> 0;
      else {
        out.mark = ((meta.mark & ~t.nfmask) ^ (out.ctMark & t.ctmask)) >>> 0;
        return { ...meta, mark: out.mark };
      }
      return meta;
    case 'NOTRACK':
      out.notrack = true;
      return meta;
  }
}

function policyVerdict(table: TableName, chain: Chain, len: number, env: TraverseEnv): Verdict {
  // A user chain's end (or RETURN with nothing to return to) falls back to the built-in
  // chain's policy; only built-in chains have one.
  const policy = chain.policy ?? 'ACCEPT';
  chain.policyCounters = countPacket(chain.policyCounters, len);
  env.onCount?.(table, chain.name, 0, len);
  env.trace?.({
    type: 'verdict',
    ns: env.ns,
    table,
    chain: chain.name,
    verdict: policy,
    policy: true,
  });
  return { kind: policy };
}

function done(
  env: TraverseEnv,
  table: TableName,
  chain: string,
  verdict: Verdict,
  out: { mark: number; ctMark: number; notrack: boolean },
): TraverseResult {
  const name =
    verdict.kind === 'NAT'
      ? verdict.action.kind
      : verdict.kind === 'REJECT'
        ? `REJECT ${verdict.with}`
        : verdict.kind;
  env.trace?.({ type: 'verdict', ns: env.ns, table, chain, verdict: name, policy: false });
  return { verdict, ...out };
}

function flushMisses(
  env: TraverseEnv,
  table: TableName,
  chain: Chain,
  end: number,
  misses: number,
): void {
  if (misses <= MISSES_SHOWN || !env.trace) return;
  env.trace({
    type: 'rules-skipped',
    ns: env.ns,
    table,
    chain: chain.name,
    from: end - misses + MISSES_SHOWN + 1,
    to: end,
  });
}
