/**
 * docker and dockerd on the shell's host, through the dockerd 20.10 generator
 * (engine/generators/docker). One daemon per simulated machine; its id generator is seeded
 * so bridge names (br- plus 12 hex digits) repeat run to run.
 */
import {
  createDockerState,
  runDocker,
  runDockerd,
  type DockerState,
} from '../../generators/docker/index.ts';
import type { CommandContext, CommandResult } from '../types.ts';
import { notSimulated } from '../types.ts';
import { worldDockerHost, type WorldLike } from '../../generators/docker/worldHost.ts';

/** The world supplies dockerd's view of it; a world that cannot (a test fake) gets a plain refusal. */
export interface DockerCapableWorld {
  dockerPort(): WorldLike;
}

function stateOf(ctx: CommandContext): DockerState | undefined {
  const world = ctx.shell.world as Partial<DockerCapableWorld> & typeof ctx.shell.world;
  const port = world.dockerPort?.bind(world);
  if (!port) return undefined;
  return world.globalState('docker', () =>
    createDockerState({
      host: worldDockerHost(port()),
      seed: 1,
      now: () => ctx.shell.now().getTime(),
    }),
  );
}

export function docker(ctx: CommandContext): CommandResult {
  if (ctx.ns.name !== undefined) return notSimulated('docker inside another network namespace');
  const state = stateOf(ctx);
  return state ? runDocker(state, ctx.argv.slice(1)) : notSimulated('docker');
}

export function dockerd(ctx: CommandContext): CommandResult {
  if (ctx.ns.name !== undefined) return notSimulated('dockerd inside another network namespace');
  const state = stateOf(ctx);
  return state ? runDockerd(state, ctx.argv.slice(1)) : notSimulated('dockerd');
}
