/**
 * The scenario contract (../shared/scenario-format.md) as TypeScript types: the input a
 * lesson author writes and the result both the real kernel and the engine produce.
 * Field names follow the recordings made by oracle-tools/trace.py exactly, so a golden file
 * recorded there and one recorded by verify/kernel.ts are interchangeable.
 */

export type Proto = 'tcp' | 'udp' | 'icmp';

export interface BridgeSpec {
  name: string;
  addrs?: string[];
}

export interface NamespaceSpec {
  sysctls?: Record<string, number | string>;
  bridges?: BridgeSpec[];
  dummies?: BridgeSpec[];
  routes?: string[];
  iptables?: string | string[];
}

export interface LinkEnd {
  ns: string;
  name: string;
  master?: string;
  addrs?: string[];
  hairpin?: boolean;
}

export interface LinkSpec {
  a: LinkEnd;
  b: LinkEnd;
  hairpin?: boolean;
}

export interface ListenSpec {
  ns?: string;
  port?: number;
}

export interface ProbeSpec {
  name: string;
  from: string;
  proto: Proto;
  dst: string;
  dport?: number;
  sport?: number;
  src?: string;
  ident?: number;
  listen?: ListenSpec | ListenSpec[] | false;
  keep_conntrack?: boolean;
  expect?: string;
}

export interface Scenario {
  name: string;
  description?: string;
  namespaces: Record<string, NamespaceSpec>;
  links?: LinkSpec[];
  probes: ProbeSpec[];
}

/** What the sender observed. Extra keys (local, peer, reply, errno…) depend on `result`. */
export interface ClientResult {
  result: string;
  errno?: string;
  local?: [string, number];
  peer?: [string, number];
  reply?: Record<string, unknown>;
  reply_from?: string;
  reply_to?: string;
  error_from?: string;
  type?: number;
  code?: number;
  quoted_src?: string;
  quoted_dst?: string;
  [key: string]: unknown;
}

export interface ServerView {
  accepted?: boolean;
  received?: boolean;
  peer?: [string, number];
  local?: [string, number];
  [key: string]: unknown;
}

export type Tuple = Record<string, string | number>;

export interface ConntrackEntry {
  proto: string;
  state?: string;
  mark?: string;
  orig: Tuple;
  reply: Tuple;
  flags?: string[];
}

/** A rule (`index`, `rule`) or a built-in policy (`policy`) whose packet counter grew. */
export interface Hit {
  table: string;
  chain: string;
  index?: number;
  rule?: string;
  policy?: string;
  pkts: number;
  bytes: number;
}

export type SeenPacket = Record<string, unknown>;

export interface ProbeResult {
  name: string;
  from: string;
  proto: Proto;
  dst: string;
  dport?: number;
  src?: string;
  sport?: number;
  ident?: number;
  keep_conntrack?: boolean;
  listen?: { ns: string; port: number }[];
  client: ClientResult;
  server: Record<string, ServerView>;
  delivered: string[];
  expect?: string;
  expect_met?: boolean;
  seen: Record<string, SeenPacket[]>;
  conntrack: Record<string, ConntrackEntry[]>;
  hits: Record<string, Hit[]>;
}

export interface NamespaceReport {
  sysctls: Record<string, string | null>;
  ruleset: string[];
}

export interface ScenarioResult {
  scenario: string;
  description?: string;
  env?: Record<string, string>;
  namespaces: Record<string, NamespaceReport>;
  noise?: { hits: Record<string, Hit[]>; conntrack: Record<string, ConntrackEntry[]> };
  probes: ProbeResult[];
}
