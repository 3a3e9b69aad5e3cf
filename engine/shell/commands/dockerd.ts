/**
 * dockerd on the shell's host, through the dockerd 20.10 generator (engine/generators/docker).
 * One daemon per simulated machine; its id generator is seeded so bridge names (br- plus 12
 * hex digits) repeat run to run. Its own on-demand module (lazy.ts): a lesson that starts the
 * daemon (`dockerd --icc=false`) loads the daemon and the rules it writes, not the docker
 * client's commands (docker.ts, which shares this state).
 */
import { createDockerState } from '../../generators/docker/createState.ts';
import { runDockerd } from '../../generators/docker/cli/dockerd.ts';
import type { DockerState } from '../../generators/docker/state.ts';
import type { CommandContext, CommandResult } from '../types.ts';
import { notSimulated } from '../types.ts';
import { worldDockerHost, type WorldLike } from '../../generators/docker/worldHost.ts';

/** The world supplies dockerd's view of it; a world that cannot (a test fake) gets a plain refusal. */
export interface DockerCapableWorld {
  dockerPort(): WorldLike;
}

/** The machine's docker state (made on first use), or undefined when the world has no port. */
export function dockerState(ctx: CommandContext): DockerState | undefined {
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

export function dockerd(ctx: CommandContext): CommandResult {
  if (ctx.ns.name !== undefined) return notSimulated('dockerd inside another network namespace');
  const state = dockerState(ctx);
  return state ? runDockerd(state, ctx.argv.slice(1)) : notSimulated('dockerd');
}
