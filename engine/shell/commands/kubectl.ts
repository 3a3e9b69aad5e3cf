/**
 * kubectl on a one-node in-memory cluster (engine/generators/kubeProxy): `apply -f FILE|-`
 * stores Services and EndpointSlices and prints kubectl's lines; `delete service|endpointslice
 * NAME [-n NS]`. After each change kube-proxy (iptables mode) on this node syncs: its start-up
 * commands once (-N chains, -C then -I jumps, as EnsureChain/EnsureRule do), then
 * `iptables-restore --noflush` with the rules it generates, run through this shell's iptables.
 */
import {
  applyManifest,
  createCluster,
  deleteObject,
  generate,
  ManifestError,
  setupCommands,
  type Cluster,
} from '../../generators/kubeProxy/index.ts';
import { shellSplit } from '../runtime/split.ts';
import { fail, notSimulated, ok, type CommandContext, type CommandResult } from '../types.ts';

interface KubeState {
  readonly cluster: Cluster;
  started: boolean;
}

export function kubectl(ctx: CommandContext): CommandResult {
  const [, verb, ...rest] = ctx.argv;
  const state = ctx.shell.world.globalState<KubeState>('kubectl', () => ({
    cluster: createCluster(),
    started: false,
  }));
  if (verb === 'apply') return apply(ctx, state, rest);
  if (verb === 'delete') return remove(ctx, state, rest);
  if (verb === undefined) return fail('error: You must specify the type of resource to get.\n');
  return notSimulated(`kubectl ${verb}`);
}

function apply(ctx: CommandContext, state: KubeState, args: readonly string[]): CommandResult {
  if (args.length !== 2 || (args[0] !== '-f' && args[0] !== '--filename')) {
    return args.length === 0
      ? fail('error: must specify one of -f and -k\n')
      : notSimulated(`kubectl apply ${args.join(' ')}`);
  }
  const file = args[1]!;
  const read = file === '-' ? { text: ctx.stdin } : ctx.shell.files.read(file, ctx.ns.sysctl);
  if ('error' in read) return fail(`error: the path "${file}" does not exist\n`);
  let lines: string[];
  try {
    lines = applyManifest(state.cluster, read.text);
  } catch (err) {
    if (err instanceof ManifestError || err instanceof RangeError)
      return fail(`error: ${err.message}\n`);
    throw err;
  }
  const sync = syncKubeProxy(ctx, state);
  return sync.exit === 0 ? ok(lines.map((l) => `${l}\n`).join('')) : sync;
}

function remove(ctx: CommandContext, state: KubeState, args: readonly string[]): CommandResult {
  const ns = args.indexOf('-n');
  const namespace = ns === -1 ? 'default' : (args[ns + 1] ?? '');
  const plain = args.filter((_, i) => ns === -1 || (i !== ns && i !== ns + 1));
  const [kindWord, name] = plain;
  const kind =
    kindWord === 'svc' || kindWord === 'service'
      ? 'service'
      : kindWord === 'endpointslice'
        ? 'endpointslice'
        : undefined;
  if (!kind || name === undefined || plain.length !== 2)
    return notSimulated(`kubectl delete ${args.join(' ')}`);
  if (!deleteObject(state.cluster, kind, namespace, name)) {
    const group = kind === 'service' ? 'services' : 'endpointslices.discovery.k8s.io';
    return fail(`Error from server (NotFound): ${group} "${name}" not found\n`);
  }
  const sync = syncKubeProxy(ctx, state);
  const shown = kind === 'service' ? 'service' : 'endpointslice.discovery.k8s.io';
  return sync.exit === 0 ? ok(`${shown} "${name}" deleted\n`) : sync;
}

/** kube-proxy's start-up (once) and a full sync, as iptables commands in the host namespace. */
function syncKubeProxy(ctx: CommandContext, state: KubeState): CommandResult {
  const run = (argv: readonly string[], stdin = '') => ctx.shell.runArgv(ctx.ns, argv, stdin);
  if (!state.started) {
    for (const line of setupCommands()) {
      const argv = shellSplit(line);
      if (!argv) continue;
      const insert = argv.indexOf('-I');
      if (insert !== -1) {
        const check = [...argv];
        check[insert] = '-C';
        if (run(check).exit === 0) continue;
      }
      run(argv);
    }
    state.started = true;
  }
  const r = run(['iptables-restore', '--noflush'], generate(state.cluster).restoreText);
  if (r.exit !== 0)
    return fail(`packetpath: kube-proxy's iptables-restore failed:\n${r.stderr}`, 1);
  return ok();
}
