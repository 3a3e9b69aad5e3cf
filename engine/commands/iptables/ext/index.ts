/** The match and target extensions the simulator models, by the name -m / -j use. */
import type { Match, TargetAction } from '../../../netfilter/model.ts';
import type { AnyExtension } from './types.ts';
import { icmpExt, tcpExt, udpExt } from './proto.ts';
import { sctpExt } from './sctp.ts';
import { conntrackExt, stateExt } from './stateful.ts';
import { commentExt, connmarkMatchExt, markMatchExt, statisticExt } from './simple.ts';
import { addrtypeExt, iprangeExt, multiportExt, physdevExt, recentExt } from './other.ts';
import {
  connmarkTargetExt,
  ctExt,
  dnatExt,
  logExt,
  markTargetExt,
  masqueradeExt,
  notrackExt,
  redirectExt,
  rejectExt,
  snatExt,
} from './targets.ts';

export const MATCHES: ReadonlyMap<string, AnyExtension<Match>> = new Map(
  [
    tcpExt,
    udpExt,
    sctpExt,
    icmpExt,
    multiportExt,
    conntrackExt,
    stateExt,
    addrtypeExt,
    commentExt,
    markMatchExt,
    connmarkMatchExt,
    statisticExt,
    physdevExt,
    recentExt,
    iprangeExt,
  ].map((e) => [e.name, e as AnyExtension<Match>]),
);

export const TARGETS: ReadonlyMap<string, AnyExtension<TargetAction>> = new Map(
  [
    rejectExt,
    logExt,
    markTargetExt,
    connmarkTargetExt,
    dnatExt,
    snatExt,
    masqueradeExt,
    redirectExt,
    ctExt,
    notrackExt,
  ].map((e) => [e.name, e as AnyExtension<TargetAction>]),
);

/** Matches a real iptables 1.8.9 loads but the simulator does not model. */
export const UNMODELLED_MATCHES = new Set(
  (
    'ah bpf cgroup cluster connbytes connlabel connlimit cpu dccp devgroup dscp ecn esp hashlimit ' +
    'helper hl ipcomp ipvs l2tp length limit mac nfacct osf owner pkttype policy quota rateest ' +
    'realm rpfilter set socket string tcpmss time tos ttl u32 udplite'
  ).split(' '),
);

/** Targets a real iptables 1.8.9 loads but the simulator does not model. */
export const UNMODELLED_TARGETS = new Set(
  (
    'AUDIT CHECKSUM CLASSIFY CONNSECMARK DSCP ECN HMARK IDLETIMER LED NETMAP NFLOG NFQUEUE ' +
    'RATEEST SECMARK SET SYNPROXY TCPMSS TCPOPTSTRIP TEE TOS TPROXY TRACE TTL ULOG CLUSTERIP'
  ).split(' '),
);
