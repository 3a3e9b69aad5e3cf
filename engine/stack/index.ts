/**
 * The simulated Linux network stack (issue 3): the mutable World the command shell changes and
 * queries. Scenario runs and probes are in ../scenario/index.ts (traceScenario, createWorld,
 * probe), which build on this.
 *
 * World (world.ts)
 *   new World({ random, now })                deterministic: inject randomness and time
 *   addNamespace(name) / ns(name)             a Netns; unknown names throw EngineError
 *   addBridge(ns, name), addDummy(ns, name)   `ip link add … type bridge|dummy`
 *   addVethPair({ns,name}, {ns,name})         `ip link add A type veth peer name B netns N`
 *   setMaster(ns, dev, bridge)                `ip link set DEV master BR`
 *   device(ns, dev).hairpin = true            `bridge link set dev DEV hairpin on`
 *   setUp(ns, dev, up)                        `ip link set DEV up|down`
 *   addAddress(ns, dev, 'A/len')              `ip addr add`
 *   addRoute(ns, ['default','via','GW'])      `ip route add` (EngineError with ip's text)
 * Netns (netns.ts)
 *   devices (Map name -> Device: kind, mac, up, addrs, master, hairpin, fdb for bridges)
 *   routes() / userRoutes                     `ip route show table all`; lookupRoute(routes, dst)
 *   sysctls.get(key) / sysctls.set(key, v)    a new namespace's defaults (sysctl.ts)
 *   ruleset (get/set) + rulesetChanged()      the iptables state the command layer edits
 *   conntrack.entries() + listEntry(e)        `conntrack -L`; conntrack.flush() for -F
 *   neighbour(dev)                            `ip neigh` (IPv4 -> MAC)
 *   conntrackEnabled()                        whether conntrack runs here (kernel-facts §6)
 * Packets: localOut(world, ns, packet) sends from a namespace's stack; pump(world) lets every
 * frame in flight arrive; world.recorder collects trace events, `seen` and counter growth.
 */
export {
  World,
  EngineError,
  seededRandom,
  type WorldOptions,
  type ProbeRecorder,
} from './world.ts';
export { Netns } from './netns.ts';
export { Sysctls, SYSCTL_DEFAULTS, REPORTED_SYSCTLS } from './sysctl.ts';
export { localOut, pump } from './ip.ts';
export { listEntry, type CtListEntry } from '../conntrack/list.ts';
export { lookupRoute, type Route } from '../routing/table.ts';
export type { Device } from '../devices/device.ts';
