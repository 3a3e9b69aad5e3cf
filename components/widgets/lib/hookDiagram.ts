/**
 * The stages of the hook diagram in the kernel's order for each path (kernel-facts §2: the
 * routing decision comes before FORWARD and INPUT), with the tables each hook runs in priority
 * order, and which stage/table a trace position lights.
 */
import type { TracePosition } from './traceSteps.ts';

export interface Stage {
  readonly id: string;
  readonly label: string;
  readonly tables: readonly string[];
}

export const STAGES: readonly Stage[] = [
  { id: 'PREROUTING', label: 'PREROUTING', tables: ['raw', 'mangle', 'nat'] },
  { id: 'routing', label: 'Routing decision', tables: [] },
  { id: 'INPUT', label: 'INPUT', tables: ['mangle', 'filter', 'nat'] },
  { id: 'FORWARD', label: 'FORWARD', tables: ['mangle', 'filter'] },
  { id: 'OUTPUT', label: 'OUTPUT', tables: ['raw', 'mangle', 'nat', 'filter'] },
  { id: 'POSTROUTING', label: 'POSTROUTING', tables: ['mangle', 'nat'] },
];

export function litStage(p: TracePosition | undefined): { stage?: string; table?: string } {
  if (!p) return {};
  if (p.routing) return { stage: 'routing' };
  return { stage: p.hook, table: p.table };
}
