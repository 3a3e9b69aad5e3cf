/** Stopping dockerd (daemonStop.ts): apart from dockerd.ts, which only starts it. */
import type { CommandResult } from '../../../shell/types.ts';
import { stopDaemon } from '../daemonStop.ts';
import type { DockerState } from '../state.ts';
import { err, out } from './common.ts';

/** SIGTERM to dockerd (`kill PID`, `systemctl stop docker`): nothing it wrote is removed. */
export function stopDockerd(state: DockerState): CommandResult {
  if (state.daemon === undefined) return err('dockerd: not running');
  stopDaemon(state);
  return out('');
}
