/**
 * The bridge driver's iptables programming (libnetwork drivers/bridge/setup_ip_tables.go and
 * controller firewall_linux.go, Docker 20.10): daemon chains, per-network rules and their clean
 * functions. Insert/append choices here are what put a new network's FORWARD rules above the
 * older ones and its isolation/NAT rules at the head of their chains.
 */
import {
  addReturnRule,
  ensureJumpRule,
  exists,
  newChain,
  programChain,
  programRule,
  raw,
  rawCombined,
  removeChain,
  type IpTable,
  type Table,
} from './iptablesCalls.ts';
import type { BridgeConfig } from './state.ts';

export const DOCKER_CHAIN = 'DOCKER';
export const ISOLATION_1 = 'DOCKER-ISOLATION-STAGE-1';
export const ISOLATION_2 = 'DOCKER-ISOLATION-STAGE-2';
export const USER_CHAIN = 'DOCKER-USER';
const OLD_ISOLATION = 'DOCKER-ISOLATION';

interface IptRule {
  readonly table: Table;
  readonly chain: string;
  readonly natPrefix: boolean;
  readonly args: string[];
}

/** removeIPChains: what a previous daemon left, flushed and deleted (errors ignored). */
export function removeIPChains(ipt: IpTable): void {
  programRule(ipt, 'filter', 'FORWARD', '-D', ['-j', OLD_ISOLATION]);
  removeChain(ipt, DOCKER_CHAIN, 'nat');
  removeChain(ipt, DOCKER_CHAIN, 'filter');
  removeChain(ipt, ISOLATION_1, 'filter');
  removeChain(ipt, ISOLATION_2, 'filter');
  removeChain(ipt, OLD_ISOLATION, 'filter');
}

/** setupIPChains: DOCKER in nat and filter, both isolation stages with their RETURN. */
export function setupIPChains(ipt: IpTable): void {
  newChain(ipt, DOCKER_CHAIN, 'nat');
  newChain(ipt, DOCKER_CHAIN, 'filter');
  newChain(ipt, ISOLATION_1, 'filter');
  newChain(ipt, ISOLATION_2, 'filter');
  addReturnRule(ipt, ISOLATION_1);
  addReturnRule(ipt, ISOLATION_2);
}

/** arrangeUserFilterRule: DOCKER-USER with its RETURN, its jump moved to the top of FORWARD. */
export function arrangeUserFilterRule(ipt: IpTable): void {
  newChain(ipt, USER_CHAIN, 'filter');
  addReturnRule(ipt, USER_CHAIN);
  ensureJumpRule(ipt, 'FORWARD', USER_CHAIN);
}

/** programChainRule: -I when absent (enable) or -D when present (disable). */
function programChainRule(ipt: IpTable, rule: IptRule, insert: boolean): void {
  const present = exists(ipt, rule.table, rule.chain, ...rule.args);
  if (insert ? present : !present) return;
  const prefix = rule.natPrefix ? ['-t', 'nat'] : [];
  rawCombined(ipt, ...prefix, insert ? '-I' : '-D', rule.chain, ...rule.args);
}

/** setIcc: ACCEPT inserted at the top of FORWARD, or DROP appended at its end. */
function setIcc(ipt: IpTable, bridge: string, icc: boolean, insert: boolean): void {
  const base = ['-i', bridge, '-o', bridge, '-j'];
  const accept = [...base, 'ACCEPT'];
  const drop = [...base, 'DROP'];
  if (insert) {
    raw(ipt, '-D', 'FORWARD', ...(icc ? drop : accept));
    const wanted = icc ? accept : drop;
    if (!exists(ipt, 'filter', 'FORWARD', ...wanted))
      rawCombined(ipt, icc ? '-I' : '-A', 'FORWARD', ...wanted);
    return;
  }
  const present = icc ? accept : drop;
  if (exists(ipt, 'filter', 'FORWARD', ...present)) raw(ipt, '-D', 'FORWARD', ...present);
}

/** setupIPTablesInternal: MASQUERADE, skip-DNAT RETURN (or hairpin MASQUERADE), ICC, outgoing. */
function setupIPTablesInternal(
  ipt: IpTable,
  cfg: BridgeConfig,
  subnet: string,
  hairpin: boolean,
  enable: boolean,
): void {
  const br = cfg.bridgeName;
  if (cfg.enableIpMasquerade) {
    programChainRule(
      ipt,
      {
        table: 'nat',
        chain: 'POSTROUTING',
        natPrefix: true,
        args: ['-s', subnet, '!', '-o', br, '-j', 'MASQUERADE'],
      },
      enable,
    );
  }
  if (cfg.enableIpMasquerade && !hairpin) {
    programChainRule(
      ipt,
      { table: 'nat', chain: DOCKER_CHAIN, natPrefix: true, args: ['-i', br, '-j', 'RETURN'] },
      enable,
    );
  }
  if (hairpin) {
    const args = ['-m', 'addrtype', '--src-type', 'LOCAL', '-o', br, '-j', 'MASQUERADE'];
    programChainRule(ipt, { table: 'nat', chain: 'POSTROUTING', natPrefix: true, args }, enable);
  }
  setIcc(ipt, br, cfg.enableIcc, enable);
  programChainRule(
    ipt,
    {
      table: 'filter',
      chain: 'FORWARD',
      natPrefix: false,
      args: ['-i', br, '!', '-o', br, '-j', 'ACCEPT'],
    },
    enable,
  );
}

/** setupInternalNetworkRules: traffic may not leave or enter the subnet, plus ICC. */
function setupInternalNetworkRules(
  ipt: IpTable,
  cfg: BridgeConfig,
  subnet: string,
  insert: boolean,
): void {
  const br = cfg.bridgeName;
  programChainRule(
    ipt,
    {
      table: 'filter',
      chain: ISOLATION_1,
      natPrefix: false,
      args: ['-i', br, '!', '-d', subnet, '-j', 'DROP'],
    },
    insert,
  );
  programChainRule(
    ipt,
    {
      table: 'filter',
      chain: ISOLATION_1,
      natPrefix: false,
      args: ['-o', br, '!', '-s', subnet, '-j', 'DROP'],
    },
    insert,
  );
  setIcc(ipt, br, cfg.enableIcc, insert);
}

/** setINC: the two isolation rules, inserted at the head of each stage. */
function setINC(ipt: IpTable, bridge: string, enable: boolean): void {
  const action = enable ? '-I' : '-D';
  programRule(ipt, 'filter', ISOLATION_1, action, [
    '-i',
    bridge,
    '!',
    '-o',
    bridge,
    '-j',
    ISOLATION_2,
  ]);
  programRule(ipt, 'filter', ISOLATION_2, action, ['-o', bridge, '-j', 'DROP']);
}

/**
 * The iptables part of createNetwork's setup queue: setupIP4Tables (then the isolation-chain
 * jump moved to the top) and, later in the queue, setupNetworkIsolationRules.
 */
export function setupNetworkRules(
  ipt: IpTable,
  cfg: BridgeConfig,
  subnet: string,
  hairpin: boolean,
): void {
  if (cfg.internal) {
    setupInternalNetworkRules(ipt, cfg, subnet, true);
  } else {
    setupIPTablesInternal(ipt, cfg, subnet, hairpin, true);
    programChain(ipt, { name: DOCKER_CHAIN, table: 'nat' }, cfg.bridgeName, hairpin, true);
    programChain(ipt, { name: DOCKER_CHAIN, table: 'filter' }, cfg.bridgeName, hairpin, true);
  }
  ensureJumpRule(ipt, 'FORWARD', ISOLATION_1);
}

/** setupNetworkIsolationRules → isolateNetwork(true); internal networks have none. */
export function setupIsolation(ipt: IpTable, cfg: BridgeConfig): void {
  if (!cfg.internal) setINC(ipt, cfg.bridgeName, true);
}

/**
 * deleteNetwork's clean functions, in registration order. The nat chain's PREROUTING/OUTPUT
 * jumps are never removed (no clean function is registered for them).
 */
export function cleanNetworkRules(
  ipt: IpTable,
  cfg: BridgeConfig,
  subnet: string,
  hairpin: boolean,
): void {
  if (cfg.internal) {
    setupInternalNetworkRules(ipt, cfg, subnet, false);
    return;
  }
  setupIPTablesInternal(ipt, cfg, subnet, hairpin, false);
  programChain(ipt, { name: DOCKER_CHAIN, table: 'filter' }, cfg.bridgeName, hairpin, false);
  setINC(ipt, cfg.bridgeName, false);
}
