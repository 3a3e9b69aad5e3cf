/**
 * The scenario JSON (shared/scenario-format.md), as validated: hosts as namespaces, links as
 * veth pairs, rules as iptables-restore input, probes as connections to try.
 */

export interface IfaceSpec {
  readonly name: string;
  readonly addrs: readonly string[];
}

export interface NamespaceSpec {
  readonly sysctls: Readonly<Record<string, string>>;
  readonly bridges: readonly IfaceSpec[];
  readonly dummies: readonly IfaceSpec[];
  readonly routes: readonly string[];
  /** iptables-restore input lines. */
  readonly iptables: readonly string[];
}

export interface LinkEnd {
  readonly ns: string;
  readonly name: string;
  readonly master?: string;
  readonly addrs: readonly string[];
  readonly hairpin: boolean;
}

export interface LinkSpec {
  readonly a: LinkEnd;
  readonly b: LinkEnd;
  readonly hairpin: boolean;
}

export interface ListenSpec {
  readonly ns?: string;
  readonly port?: number;
  /**
   * The address the listener binds, as the shell's servers do (`nc -l ADDR PORT`); absent:
   * 0.0.0.0. Not part of the scenario JSON (the kernel harness binds the wildcard).
   */
  readonly addr?: string;
}

export type ProbeProto = 'tcp' | 'udp' | 'icmp';

export interface ProbeSpec {
  readonly name?: string;
  readonly from: string;
  readonly proto: ProbeProto;
  readonly dst: string;
  /** tcp/udp only. */
  readonly dport?: number;
  readonly sport?: number;
  readonly src?: string;
  readonly ident?: number;
  /** undefined = the namespace owning dst on dport; false = no listener. */
  readonly listen?: readonly ListenSpec[] | false;
  readonly keepConntrack: boolean;
  readonly expect?: string;
  /**
   * How a connected TCP client closes after the snapshot: 'rst' (default; the recording
   * agent's SO_LINGER 0) or 'fin' (close() as curl and nc do; the shell's probes). Not part of
   * the scenario JSON.
   */
  readonly close?: 'rst' | 'fin';
}

export interface Scenario {
  readonly name?: string;
  readonly description?: string;
  readonly namespaces: ReadonlyMap<string, NamespaceSpec>;
  readonly links: readonly LinkSpec[];
  readonly probes: readonly ProbeSpec[];
}

/** A scenario problem, naming the field (`namespaces.c1.routes[0]: …`). */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  readonly path: string;
  constructor(path: string, message: string) {
    super(path ? `${path}: ${message}` : message);
    this.path = path;
  }
}
