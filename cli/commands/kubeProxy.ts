/**
 * `packetpath kube-proxy FILE [--save] [--jumps] [options]`: reads Kubernetes Service and
 * EndpointSlice objects (YAML or JSON, several documents; `-` for stdin) and prints the
 * iptables-restore input kube-proxy (iptables mode, v1.33) writes for them on one node.
 */
import { readFile } from 'node:fs/promises';
import {
  ManifestError,
  applyParsed,
  createCluster,
  generate,
  parseManifest,
  setupCommands,
  type KubeProxyConfig,
} from '../../engine/generators/kubeProxy/index.ts';
import { createHostShell } from '../../engine/shell/index.ts';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliIO } from '../io.ts';
import type { Subcommand } from '../subcommands.ts';

const usage = [
  'Usage: packetpath kube-proxy FILE [--save] [--jumps] [options]',
  '',
  'Prints the iptables-restore input kube-proxy (iptables mode, Kubernetes v1.33) writes on one',
  'node for the Services and EndpointSlices in FILE (YAML or JSON, several documents; - reads',
  'stdin). Missing cluster IPs and node ports are allocated as the API server would (lowest free).',
  '',
  '  --save                     the resulting ruleset as iptables-save prints it',
  '  --jumps                    the iptables commands kube-proxy runs before the restore',
  '                             (canary chains, jumps from the built-in chains)',
  '  --node-name NAME           this node (endpoints with this nodeName are local; node-1)',
  "  --node-ip IP               this node's address (192.168.49.2)",
  '  --cluster-cidr CIDR|none   pod CIDR for detect-local-mode ClusterCIDR (10.244.0.0/16)',
  '  --masquerade-all           SNAT all traffic to cluster IPs',
  '  --masquerade-bit N         bit of the SNAT mark (14: 0x4000)',
  '  --no-random-fully          iptables without MASQUERADE --random-fully (< 1.6.2)',
  '  --no-localhost-nodeports   --iptables-localhost-nodeports=false',
  '  --nfacct                   nfacct counters available (adds -m nfacct matches)',
  '  --conntrack-tcp-be-liberal nf_conntrack_tcp_be_liberal=1 (no INVALID drop rule)',
].join('\n');

interface Options {
  file: string;
  save: boolean;
  jumps: boolean;
  config: Partial<KubeProxyConfig>;
}

const FLAGS: Record<string, (o: Options) => void> = {
  '--save': (o) => void (o.save = true),
  '--jumps': (o) => void (o.jumps = true),
  '--masquerade-all': (o) => void (o.config = { ...o.config, masqueradeAll: true }),
  '--no-random-fully': (o) => void (o.config = { ...o.config, randomFully: false }),
  '--no-localhost-nodeports': (o) => void (o.config = { ...o.config, localhostNodePorts: false }),
  '--nfacct': (o) => void (o.config = { ...o.config, nfacct: true }),
  '--conntrack-tcp-be-liberal': (o) => void (o.config = { ...o.config, conntrackTCPLiberal: true }),
};

const VALUED: Record<string, (o: Options, v: string) => void> = {
  '--node-name': (o, v) => void (o.config = { ...o.config, nodeName: v }),
  '--node-ip': (o, v) => void (o.config = { ...o.config, nodeIP: v }),
  '--cluster-cidr': (o, v) =>
    void (o.config = { ...o.config, clusterCIDR: v === 'none' ? null : v }),
  '--masquerade-bit': (o, v) => {
    if (!/^[0-9]+$/.test(v)) throw new UsageError(`--masquerade-bit: not a number: '${v}'`);
    o.config = { ...o.config, masqueradeBit: Number(v) };
  },
};

function parseArgs(args: string[]): Options {
  const o: Options = { file: '', save: false, jumps: false, config: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const flag = FLAGS[a];
    const valued = VALUED[a];
    if (flag) flag(o);
    else if (valued) {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`option '${a}' needs a value`);
      valued(o, v);
    } else if (a.startsWith('-') && a !== '-')
      throw new UsageError(`unknown option '${a}' (see 'packetpath kube-proxy --help')`);
    else if (o.file !== '') throw new UsageError(`one FILE only, got '${o.file}' and '${a}'`);
    else o.file = a;
  }
  if (o.file === '')
    throw new UsageError('missing FILE (usage: packetpath kube-proxy FILE [--save])');
  if (o.save && o.jumps) throw new UsageError('--save and --jumps cannot be combined');
  return o;
}

async function readInput(file: string, io: CliIO): Promise<string> {
  if (file === '-') return io.readStdin();
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new UsageError(
      `${file}: ${code === 'ENOENT' ? 'No such file or directory' : (err as Error).message}`,
    );
  }
}

/**
 * --save: what iptables-save prints on the node after kube-proxy started and synced. Nothing
 * is re-implemented here: on a fresh simulated host, the shell's own iptables runs kube-proxy's
 * start-up commands (EnsureChain, then EnsureRule as -C and, when missing, -I), its
 * iptables-restore --noflush --counters takes the generated text, and its iptables-save
 * prints the result.
 */
type SaveResult = { ok: true; text: string } | { ok: false; problem: string };

const DELIMITER = 'KUBE_PROXY_RESTORE_EOF';

/** The first line of an error: iptables-restore adds "Error occurred at line" and a hint. */
const firstLine = (text: string): string => text.trim().split('\n')[0] ?? '';

/** The shell script kube-proxy's start-up and first sync amount to. */
function script(restoreText: string): string[] {
  const lines: string[] = [];
  for (const cmd of setupCommands()) {
    // EnsureRule: insert only if `iptables -C` does not find the rule.
    lines.push(cmd.includes(' -I ') ? `${cmd.replace(' -I ', ' -C ')} 2>/dev/null || ${cmd}` : cmd);
  }
  lines.push(`iptables-restore --noflush --counters <<'${DELIMITER}'\n${restoreText}${DELIMITER}`);
  return lines;
}

function saveAfterSync(restoreText: string): SaveResult {
  const shell = createHostShell();
  for (const line of script(restoreText)) {
    const r = shell.run(line);
    if (r.exit !== 0)
      return {
        ok: false,
        problem: `${line.split('\n')[0]}: ${firstLine(r.stderr) || `exit ${r.exit}`}`,
      };
  }
  const save = shell.run('iptables-save');
  if (save.exit !== 0)
    return {
      ok: false,
      problem: `iptables-save: ${firstLine(save.stderr) || `exit ${save.exit}`}`,
    };
  return { ok: true, text: save.stdout };
}

const kubeProxy: Subcommand = {
  name: 'kube-proxy',
  summary:
    'print the iptables rules kube-proxy (iptables mode) writes for Services and EndpointSlices',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const o = parseArgs(args);
    const text = await readInput(o.file, io);
    // Objects read from a file may come from any cluster: accept their IPs and ports as given.
    const cluster = createCluster({ strict: false });
    let restoreText: string;
    try {
      const manifest = parseManifest(text);
      for (const what of manifest.ignored) {
        io.stderr(
          `packetpath kube-proxy: ${what}: ignored (kube-proxy reads Services and EndpointSlices)\n`,
        );
      }
      applyParsed(cluster, manifest);
      restoreText = generate(cluster, o.config).restoreText;
    } catch (err) {
      if (err instanceof ManifestError || err instanceof RangeError)
        throw new UsageError(`${o.file}: ${err.message}`);
      throw err;
    }
    if (o.jumps) {
      io.stdout(`${setupCommands().join('\n')}\n`);
      return EXIT_OK;
    }
    if (o.save) {
      const saved = saveAfterSync(restoreText);
      if (!saved.ok) {
        io.stderr(
          `packetpath kube-proxy: --save: the simulated iptables could not replay kube-proxy's sync: ${saved.problem}\n`,
        );
        return EXIT_FAILURE;
      }
      io.stdout(saved.text);
      return EXIT_OK;
    }
    io.stdout(restoreText);
    return EXIT_OK;
  },
};

export default kubeProxy;
