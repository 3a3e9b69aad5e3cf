/**
 * Every lazily loaded program, imported statically: for the CLI (`packetpath exec`) and the
 * tests, which run any command at once and do not care about download size.
 */
import * as docker from './docker.ts';
import * as kubectl from './kubectl.ts';
import * as nft from '../../commands/nft/index.ts';
import { provideModule } from './lazy.ts';

export function provideAllPrograms(): void {
  provideModule('docker', docker);
  provideModule('kubectl', kubectl);
  provideModule('nft', nft);
}
