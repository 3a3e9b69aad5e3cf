/**
 * The stages of the hook diagram in the kernel's order for each path (kernel-facts §2: the
 * routing decision comes before FORWARD and INPUT), with the tables each hook runs in priority
 * order. traceSteps.ts stepView() says which stage and table a step lights.
 */
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
