/**
 * The docker client on the shell's host, through the dockerd 20.10 generator
 * (engine/generators/docker): run, ps, network, inspect… against the daemon dockerd.ts
 * started (the same per-machine state). Its own on-demand module (lazy.ts), which loads the
 * daemon's with it.
 */
import { runDocker } from '../../generators/docker/cli/docker.ts';
import type { CommandContext, CommandResult } from '../types.ts';
import { notSimulated } from '../types.ts';
import { dockerState } from './dockerd.ts';

export type { DockerCapableWorld } from './dockerd.ts';
/** dockerd's module, loaded with this one (lazy.ts provides it as soon as docker is there). */
export * as daemon from './dockerd.ts';

export function docker(ctx: CommandContext): CommandResult {
  if (ctx.ns.name !== undefined) return notSimulated('docker inside another network namespace');
  const state = dockerState(ctx);
  return state ? runDocker(state, ctx.argv.slice(1)) : notSimulated('docker');
}
