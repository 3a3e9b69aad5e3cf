/** The simulated daemon's state: what dockerd keeps in its store and in memory. */
import type { DockerHost } from './host.ts';
import type { AddressSpace, Cidr, Pool } from './ipam.ts';
import type { IpTable } from './iptablesCalls.ts';
import type { PortRequest, Proto } from './portSpec.ts';
import type { Rng } from './rng.ts';

/** `--layout=28` is the labelled Docker 28 option; only the classic (20.10–27) one exists yet. */
export type RuleLayout = 'classic';

export interface DaemonConfig {
  readonly iptables: boolean;
  readonly userlandProxy: boolean;
  /** Default bridge only (--icc); user networks use com.docker.network.bridge.enable_icc. */
  readonly icc: boolean;
  /** Default bridge only (--ip-masq). */
  readonly ipMasq: boolean;
  readonly ipForward: boolean;
  readonly layout: RuleLayout;
}

/** The bridge driver's per-network configuration (drivers/bridge networkConfiguration). */
export interface BridgeConfig {
  readonly bridgeName: string;
  readonly enableIcc: boolean;
  readonly enableIpMasquerade: boolean;
  readonly defaultBindingIp: string;
  readonly defaultBridge: boolean;
  readonly internal: boolean;
  readonly mtu: number;
}

export interface Network {
  readonly id: string;
  readonly name: string;
  readonly driver: 'bridge' | 'host' | 'null';
  readonly created: number;
  /** Options exactly as given (docker network inspect .Options). */
  readonly options: Readonly<Record<string, string>>;
  readonly internal: boolean;
  /** For bridge networks: the pool, the gateway (bridge address) and what IPAM.Config shows. */
  readonly bridge?: {
    readonly config: BridgeConfig;
    readonly pool: Pool;
    readonly subnet: Cidr;
    readonly gateway: number;
    readonly showGateway: boolean;
  };
}

/** One docker-proxy (or, with --userland-proxy=false, the dummy listener holding the port). */
export interface ProxyListener {
  readonly proto: Proto;
  readonly family: 4 | 6;
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerIp: string;
  readonly containerPort: number;
  readonly containerId: string;
  /** false for the dummy proxy: it only holds the port and forwards nothing. */
  readonly forwards: boolean;
}

/** An operational port binding (types.PortBinding after allocation). */
export interface PortBinding {
  readonly proto: Proto;
  readonly containerIp: string;
  readonly containerPort: number;
  readonly hostIp: string;
  readonly hostPort: number;
  readonly family: 4 | 6;
}

export interface Endpoint {
  readonly id: string;
  readonly networkId: string;
  readonly ip: number;
  readonly mac: string;
  readonly vethHost: string;
  /** Its name inside the sandbox (eth0, eth1…; osl never reuses an index). */
  readonly iface: string;
  bindings: PortBinding[];
}

export type ContainerStatus = 'created' | 'running' | 'exited';

export interface Container {
  readonly id: string;
  readonly name: string;
  readonly image: string;
  readonly cmd: readonly string[];
  readonly created: number;
  readonly publish: readonly PortRequest[];
  /** Network names in connection order; the first is the one given with --network. */
  networks: string[];
  status: ContainerStatus;
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** --rm: removed as soon as it stops. */
  autoRemove: boolean;
  /** Endpoints while running, keyed by network id. */
  endpoints: Map<string, Endpoint>;
  sandbox?: string;
  /** Next ethN index of the sandbox, and whether its embedded DNS rules are in place. */
  nextIf: number;
  resolver: boolean;
}

export interface PortMap {
  readonly used: Set<number>;
  readonly lastByRange: Map<string, number>;
}

export interface Daemon {
  readonly config: DaemonConfig;
  readonly ipt: IpTable;
  readonly pid: number;
}

export interface DockerState {
  readonly host: DockerHost;
  readonly rng: Rng;
  /** Milliseconds since the epoch; passed in so the engine stays deterministic. */
  readonly now: () => number;
  daemon?: Daemon;
  /** Settings of the last daemon, which the store keeps across restarts. */
  lastConfig?: DaemonConfig;
  networks: Network[];
  containers: Container[];
  readonly ipam: AddressSpace;
  /** portallocator: "ip/proto" → allocated ports and, per range, the last port handed out. */
  readonly ports: Map<string, PortMap>;
  proxies: ProxyListener[];
  nextPid: number;
}
