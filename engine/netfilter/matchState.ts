/**
 * The state some matches keep between packets, per namespace: xt_statistic's nth counter
 * (one per rule match, struct xt_statistic_priv) and xt_recent's address lists (per list name,
 * /proc/net/xt_recent/NAME). Passed explicitly so the engine stays deterministic.
 */
import type { Match } from './model.ts';

export interface RecentEntry {
  /** Times (ms) the address was seen, oldest first, at most RECENT_MAX_STAMPS. */
  stamps: number[];
}

export interface MatchState {
  readonly nth: WeakMap<Match, { count: number }>;
  readonly recent: Map<string, Map<number, RecentEntry>>;
}

/** xt_recent's ip_pkt_list_tot module parameter default. */
export const RECENT_MAX_STAMPS = 20;

export function newMatchState(): MatchState {
  return { nth: new WeakMap(), recent: new Map() };
}
