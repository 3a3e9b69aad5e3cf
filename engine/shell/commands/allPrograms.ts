/**
 * Every lazily loaded module, imported statically: for the CLI (`packetpath exec`) and the
 * tests, which run any command at once and do not care about download size.
 */
import * as docker from './docker.ts';
import * as dockerd from './dockerd.ts';
import * as kubectl from './kubectl.ts';
import * as nft from '../../commands/nft/index.ts';
import * as tcpdump from './probe/tcpdump.ts';
import * as conntrack from './conntrack.ts';
import * as bridge from './bridge.ts';
import * as modules from './modules.ts';
import * as printf from './printf.ts';
import * as text from './text.ts';
import * as pipes from './pipes.ts';
import * as ss from './ss.ts';
import * as route from './route.ts';
import { provideModule, type LazyModules } from './lazy.ts';

const ALL: LazyModules = {
  docker,
  dockerd,
  kubectl,
  nft,
  tcpdump,
  conntrack,
  bridge,
  modules,
  printf,
  text,
  pipes,
  ss,
  route,
};

export function provideAllPrograms(): void {
  for (const key of Object.keys(ALL) as (keyof LazyModules)[]) provideModule(key, ALL[key]);
}
