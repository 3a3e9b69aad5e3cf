/** `docker run|ps|stop|start|kill|rm|port` (docker CLI 20.10) over the simulated daemon. */
import type { CommandResult } from '../../../shell/types.ts';
import {
  createContainer,
  findContainer,
  removeContainer,
  startContainer,
  stopContainer,
} from '../containers.ts';
import { findNetwork } from '../networks.ts';
import { parsePortSpec, sortPortRequests, type PortRequest } from '../portSpec.ts';
import type { Container, DockerState, PortBinding } from '../state.ts';
import { argsErr, err, NO_DAEMON, needDaemon, out, parse, runErr } from './common.ts';
import { displayablePorts, ellipsis, goQuote, humanDuration, tabwrite } from './format.ts';
import type { FlagSpec } from './flags.ts';
import { parseTemplate, renderTemplate } from './template.ts';

const RUN = {
  path: 'docker run',
  usage: 'docker run [OPTIONS] IMAGE [COMMAND] [ARG...]',
  short: 'Run a command in a new container',
};

/** Real `docker run` flags this simulator does not model: named, never mistaken for typos. */
const UNMODELLED: FlagSpec[] = [
  { long: 'volume', short: 'v', kind: 'list' },
  { long: 'workdir', short: 'w', kind: 'list' },
  { long: 'user', short: 'u', kind: 'list' },
  { long: 'hostname', short: 'h', kind: 'list' },
  { long: 'memory', short: 'm', kind: 'list' },
  { long: 'label', short: 'l', kind: 'list' },
  { long: 'publish-all', short: 'P', kind: 'bool' },
  ...[
    'restart',
    'entrypoint',
    'cpus',
    'privileged',
    'cap-add',
    'cap-drop',
    'dns',
    'add-host',
    'mac-address',
    'ip',
    'link',
    'expose',
    'env-file',
    'init',
    'mount',
    'pull',
    'platform',
  ].map((long): FlagSpec => ({
    long,
    kind: long === 'privileged' || long === 'init' ? 'bool' : 'list',
  })),
];
const UNMODELLED_NAMES = new Set(UNMODELLED.map((f) => f.long));

const RUN_FLAGS: FlagSpec[] = [
  { long: 'detach', short: 'd', kind: 'bool' },
  { long: 'name', kind: 'string' },
  { long: 'network', kind: 'string' },
  { long: 'net', kind: 'string' },
  { long: 'publish', short: 'p', kind: 'list' },
  { long: 'rm', kind: 'bool' },
  { long: 'interactive', short: 'i', kind: 'bool' },
  { long: 'tty', short: 't', kind: 'bool' },
  { long: 'env', short: 'e', kind: 'list' },
  ...UNMODELLED,
];

function run(state: DockerState, argv: readonly string[]): CommandResult {
  const p = parse(RUN, argv, RUN_FLAGS, false);
  if (!p.ok) return p.result;
  const { flags } = p;
  const unmodelled = [...flags.lists.keys(), ...flags.bools].find((k) => UNMODELLED_NAMES.has(k));
  if (unmodelled !== undefined)
    return err(`packetpath: 'docker run --${unmodelled}' is not simulated`);
  if (flags.args.length < 1) return argsErr(RUN, 'at least 1 argument');
  const publish: PortRequest[] = [];
  for (const spec of flags.lists.get('publish') ?? []) {
    const r = parsePortSpec(spec);
    if (typeof r === 'string') return r.startsWith('packetpath:') ? err(r) : runErr(r, true);
    publish.push(...r);
  }
  if (!flags.bools.has('detach')) {
    return err(
      "packetpath: 'docker run' without -d (an attached container) is not simulated; use docker run -d",
    );
  }
  if (state.daemon === undefined) return runErr(NO_DAEMON, true);
  const daemon = state.daemon;
  const netRef = flags.strings.get('network') ?? flags.strings.get('net') ?? 'bridge';
  if (
    findNetwork(state, netRef)?.bridge === undefined &&
    findNetwork(state, netRef) !== undefined
  ) {
    return err(`packetpath: 'docker run --network ${netRef}' is not simulated`);
  }
  const [image, ...cmd] = flags.args as [string, ...string[]];
  const name = flags.strings.get('name');
  const c = createContainer(state, {
    image,
    cmd,
    network: findNetwork(state, netRef)?.name ?? netRef,
    publish: sortPortRequests(publish),
    ...(name !== undefined ? { name } : {}),
  });
  if (typeof c === 'string') return runErr(`Error response from daemon: ${c}`, true);
  c.autoRemove = flags.bools.has('rm');
  const e = startContainer(state, daemon, c);
  // The container was created: its id is printed before the start error (20.10 client).
  if (e !== undefined) {
    return { ...runErr(`Error response from daemon: ${e}`, false), stdout: `${c.id}\n` };
  }
  return out(`${c.id}\n`);
}

function status(state: DockerState, c: Container): string {
  const now = state.now();
  if (c.status === 'running') return `Up ${humanDuration(now - c.startedAt)}`;
  if (c.status === 'exited')
    return `Exited (${c.exitCode}) ${humanDuration(now - c.finishedAt)} ago`;
  return 'Created';
}

function bindingsOf(c: Container): PortBinding[] {
  return [...c.endpoints.values()].flatMap((ep) => ep.bindings);
}

function ps(state: DockerState, argv: readonly string[]): CommandResult {
  const u = { path: 'docker ps', usage: 'docker ps [OPTIONS]', short: 'List containers' };
  const p = parse(u, argv, [
    { long: 'all', short: 'a', kind: 'bool' },
    { long: 'quiet', short: 'q', kind: 'bool' },
    { long: 'no-trunc', kind: 'bool' },
    { long: 'format', kind: 'string' },
  ]);
  if (!p.ok) return p.result;
  if (p.flags.args.length > 0) return argsErr(u, 'no arguments');
  if (state.daemon === undefined) return err(NO_DAEMON);
  const all = p.flags.bools.has('all');
  const trunc = !p.flags.bools.has('no-trunc');
  const list = [...state.containers].reverse().filter((c) => all || c.status === 'running');
  const id = (c: Container): string => (trunc ? c.id.slice(0, 12) : c.id);
  if (p.flags.bools.has('quiet')) return out(list.map((c) => `${id(c)}\n`).join(''));
  const format = p.flags.strings.get('format');
  if (format !== undefined) return psFormatted(state, list, format, trunc);
  const rows = list.map((c) => {
    const command = c.cmd.join(' ');
    return [
      id(c),
      c.image,
      goQuote(trunc ? ellipsis(command, 20) : command),
      `${humanDuration(state.now() - c.created)} ago`,
      status(state, c),
      displayablePorts(bindingsOf(c)),
      c.name,
    ];
  });
  return out(
    tabwrite([
      ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'],
      ...rows,
    ]),
  );
}

const PS_HEADERS: Record<string, string> = {
  ID: 'CONTAINER ID',
  Image: 'IMAGE',
  Command: 'COMMAND',
  RunningFor: 'CREATED',
  Status: 'STATUS',
  Ports: 'PORTS',
  Names: 'NAMES',
  Networks: 'NETWORKS',
  State: 'STATE',
};

/** `docker ps --format` over the container context's plain fields. */
function psFormatted(
  state: DockerState,
  list: readonly Container[],
  format: string,
  trunc: boolean,
): CommandResult {
  const t = parseTemplate(format, new Set(Object.keys(PS_HEADERS)));
  if (!t.ok) return err(t.error);
  const rows = list.map((c) => {
    const command = c.cmd.join(' ');
    return {
      ID: trunc ? c.id.slice(0, 12) : c.id,
      Image: c.image,
      Command: goQuote(trunc ? ellipsis(command, 20) : command),
      RunningFor: `${humanDuration(state.now() - c.created)} ago`,
      Status: status(state, c),
      Ports: displayablePorts(bindingsOf(c)),
      Names: c.name,
      Networks: c.networks.join(','),
      State: c.status,
    };
  });
  return out(renderTemplate(t, rows, PS_HEADERS));
}

type Verb = 'stop' | 'start' | 'kill' | 'rm';

function lifecycle(state: DockerState, verb: Verb, argv: readonly string[]): CommandResult {
  const u = {
    path: `docker ${verb}`,
    usage: `docker ${verb} [OPTIONS] CONTAINER [CONTAINER...]`,
    short: '',
  };
  const specs: FlagSpec[] =
    verb === 'rm'
      ? [
          { long: 'force', short: 'f', kind: 'bool' },
          { long: 'volumes', short: 'v', kind: 'bool' },
        ]
      : verb === 'stop'
        ? [{ long: 'time', short: 't', kind: 'string' }]
        : [];
  const p = parse(u, argv, specs);
  if (!p.ok) return p.result;
  if (p.flags.args.length < 1) return argsErr(u, 'at least 1 argument');
  const d = needDaemon(state);
  if (!d.ok) return d.result;
  let stdout = '';
  let stderr = '';
  // `rm -f` reports a missing container but does not fail for it (measured, 20.10).
  let ignored = '';
  for (const ref of p.flags.args) {
    const c = findContainer(state, ref);
    if (c === undefined) {
      if (verb === 'rm' && p.flags.bools.has('force'))
        ignored += `Error: No such container: ${ref}\n`;
      else if (verb === 'rm') stderr += `Error: No such container: ${ref}\n`;
      else stderr += `Error response from daemon: No such container: ${ref}\n`;
      continue;
    }
    const e = applyVerb(state, d.daemon, verb, c, p.flags.bools.has('force'));
    if (e !== undefined) stderr += `Error response from daemon: ${e}\n`;
    else stdout += `${ref}\n`;
  }
  if (verb === 'start' && stderr !== '')
    stderr += 'Error: failed to start containers: ' + p.flags.args.join(', ') + '\n';
  return { exit: stderr === '' ? 0 : 1, stdout, stderr: stderr + ignored };
}

function applyVerb(
  state: DockerState,
  daemon: NonNullable<DockerState['daemon']>,
  verb: Verb,
  c: Container,
  force: boolean,
): string | undefined {
  switch (verb) {
    case 'rm':
      return removeContainer(state, daemon, c, force);
    case 'start':
      return c.status === 'running' ? undefined : startContainer(state, daemon, c);
    case 'kill':
      if (c.status !== 'running')
        return `Cannot kill container: ${c.name}: Container ${c.id} is not running`;
      stopAndMaybeRemove(state, daemon, c, 137);
      return undefined;
    case 'stop':
      // PID 1 in a container ignores SIGTERM without a handler; after 10 s dockerd sends SIGKILL.
      stopAndMaybeRemove(state, daemon, c, 137);
      return undefined;
  }
}

function stopAndMaybeRemove(
  state: DockerState,
  daemon: NonNullable<DockerState['daemon']>,
  c: Container,
  code: number,
): void {
  stopContainer(state, daemon, c, code);
  if (c.autoRemove) removeContainer(state, daemon, c, true);
}

function port(state: DockerState, argv: readonly string[]): CommandResult {
  const u = {
    path: 'docker port',
    usage: 'docker port CONTAINER [PRIVATE_PORT[/PROTO]]',
    short: 'List port mappings or a specific mapping for the container',
  };
  const p = parse(u, argv, []);
  if (!p.ok) return p.result;
  if (p.flags.args.length < 1 || p.flags.args.length > 2)
    return argsErr(u, p.flags.args.length < 1 ? 'at least 1 argument' : 'at most 2 arguments');
  const d = needDaemon(state);
  if (!d.ok) return d.result;
  const [ref, want] = p.flags.args as [string, string | undefined];
  const c = findContainer(state, ref);
  if (c === undefined) return err(`Error: No such container: ${ref}`);
  const bindings = bindingsOf(c);
  if (want === undefined) {
    return out(
      bindings.map((b) => `${b.containerPort}/${b.proto} -> ${b.hostIp}:${b.hostPort}\n`).join(''),
    );
  }
  const [portText, proto = 'tcp'] = want.split('/');
  const hits = bindings.filter((b) => String(b.containerPort) === portText && b.proto === proto);
  if (hits.length === 0)
    return err(`Error: No public port '${portText}/${proto}' published for ${ref}`);
  return out(hits.map((b) => `${b.hostIp}:${b.hostPort}\n`).join(''));
}

export function runContainerCmd(
  state: DockerState,
  cmd: string,
  argv: readonly string[],
): CommandResult | undefined {
  switch (cmd) {
    case 'run':
      return run(state, argv);
    case 'ps':
      return ps(state, argv);
    case 'stop':
    case 'start':
    case 'kill':
    case 'rm':
      return lifecycle(state, cmd, argv);
    case 'port':
      return port(state, argv);
    default:
      return undefined;
  }
}
