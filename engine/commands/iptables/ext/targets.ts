/**
 * Target extensions (libipt_REJECT.c, libxt_LOG.c, libxt_MARK.c, libxt_CONNMARK.c,
 * libxt_DNAT.c/SNAT/MASQUERADE/REDIRECT, libxt_CT.c, libxt_NOTRACK.c).
 */
import type { LogTarget, RejectWith, TargetAction } from '../../../netfilter/model.ts';
import { strtouiWhole } from '../../../addr/cnum.ts';
import { paramProblem } from '../errors.ts';
import type { Extension } from './types.ts';
import { parseMarkMask, parseUint } from './values.ts';
import { parseNatRange, parsePortsOnly } from './nat.ts';

const REJECT_TABLE: readonly (readonly [RejectWith, string])[] = [
  ['icmp-net-unreachable', 'net-unreach'],
  ['icmp-host-unreachable', 'host-unreach'],
  ['icmp-proto-unreachable', 'proto-unreach'],
  ['icmp-port-unreachable', 'port-unreach'],
  ['icmp-net-prohibited', 'net-prohib'],
  ['icmp-host-prohibited', 'host-prohib'],
  ['tcp-reset', 'tcp-rst'],
  ['icmp-admin-prohibited', 'admin-prohib'],
];

const prefixOf = (full: string, arg: string) =>
  full.slice(0, arg.length).toLowerCase() === arg.toLowerCase();

export const rejectExt: Extension<{ with: RejectWith }, TargetAction> = {
  name: 'REJECT',
  x6: true,
  options: [{ name: 'reject-with', id: 'with', hasArg: 1 }],
  init: () => ({ with: 'icmp-port-unreachable' }),
  parse(c) {
    const arg = c.arg ?? '';
    const hit = REJECT_TABLE.find(
      ([n, a]) => arg.length <= n.length && (prefixOf(n, arg) || prefixOf(a, arg)),
    );
    if (!hit) throw paramProblem(`unknown reject type "${arg}"`);
    c.st.with = hit[0];
  },
  final: (st) => ({ kind: 'REJECT', with: st.with }),
};

const LEVELS: Readonly<Record<string, number>> = {
  alert: 1,
  crit: 2,
  debug: 7,
  emerg: 0,
  error: 3,
  info: 6,
  notice: 5,
  panic: 0,
  warning: 4,
};

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type LogSt = Mutable<Omit<LogTarget, 'kind'>>;
const LOG_FLAGS: Readonly<Record<string, keyof LogSt>> = {
  'log-tcp-sequence': 'tcpSequence',
  'log-tcp-options': 'tcpOptions',
  'log-ip-options': 'ipOptions',
  'log-uid': 'uid',
  'log-macdecode': 'macDecode',
};

export const logExt: Extension<LogSt, TargetAction> = {
  name: 'LOG',
  x6: true,
  options: [
    { name: 'log-level', id: 'level', hasArg: 1 },
    { name: 'log-prefix', id: 'prefix', hasArg: 1 },
    ...Object.keys(LOG_FLAGS).map((n) => ({ name: n, id: n, hasArg: 0 as const })),
  ],
  init: () => ({
    level: 4,
    prefix: '',
    tcpSequence: false,
    tcpOptions: false,
    ipOptions: false,
    uid: false,
    macDecode: false,
  }),
  parse(c) {
    const arg = c.arg ?? '';
    if (c.id === 'level') {
      const n = strtouiWhole(arg, 0, 7) ?? LEVELS[arg];
      if (n === undefined) throw paramProblem(`log level "${arg}" unknown\n`);
      c.st.level = n;
    } else if (c.id === 'prefix') {
      if (arg === '') throw paramProblem('Argument must have a minimum length of 1 characters\n');
      if (arg.includes('\n')) throw paramProblem('Newlines not allowed in --log-prefix');
      // char prefix[30] in struct xt_log_info: cut to 29 characters without an error.
      c.st.prefix = arg.slice(0, 29);
    } else {
      (c.st as Record<string, unknown>)[LOG_FLAGS[c.id] as string] = true;
    }
  },
  final: (st) => ({ kind: 'LOG', ...st }),
};

interface MarkSt {
  value?: number;
  mask?: number;
}

const markIds = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'];

/** MARK/CONNMARK mark arithmetic: everything becomes --set-xmark value/mask. */
function markOp(ext: string, id: string, arg: string): { value: number; mask: number } {
  if (id === 'set-xmark') return parseMarkMask(ext, id, arg);
  if (id === 'set-mark') {
    const v = parseMarkMask(ext, id, arg);
    return { value: v.value, mask: (v.mask | v.value) >>> 0 };
  }
  const n = parseUint(ext, id, arg, 0, 0xffffffff);
  if (id === 'and-mark') return { value: 0, mask: ~n >>> 0 };
  if (id === 'or-mark') return { value: n, mask: n };
  return { value: n, mask: 0 };
}

export const markTargetExt: Extension<MarkSt, TargetAction> = {
  name: 'MARK',
  x6: true,
  options: markIds.map((n) => ({ name: n, id: n, hasArg: 1 as const, excl: markIds })),
  init: () => ({}),
  parse(c) {
    Object.assign(c.st, markOp('MARK', c.id, c.arg ?? ''));
  },
  final(st) {
    if (st.value === undefined)
      throw paramProblem(
        'MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required',
      );
    return { kind: 'MARK', value: st.value, mask: st.mask ?? 0xffffffff };
  },
};

interface ConnmarkSt {
  op?: 'set' | 'save' | 'restore';
  value: number;
  mask: number;
  nfmask: number;
  ctmask: number;
}

const cmOps = [...markIds, 'save-mark', 'restore-mark'];

export const connmarkTargetExt: Extension<ConnmarkSt, TargetAction> = {
  name: 'CONNMARK',
  x6: true,
  options: [
    ...cmOps.map((n) => ({
      name: n,
      id: n,
      hasArg: (n === 'save-mark' || n === 'restore-mark' ? 0 : 1) as 0 | 1,
      excl: cmOps,
    })),
    { name: 'mask', id: 'mask', hasArg: 1 },
    { name: 'nfmask', id: 'nfmask', hasArg: 1 },
    { name: 'ctmask', id: 'ctmask', hasArg: 1 },
  ],
  init: () => ({ value: 0, mask: 0xffffffff, nfmask: 0xffffffff, ctmask: 0xffffffff }),
  parse(c) {
    const arg = c.arg ?? '';
    const st = c.st;
    if (c.id === 'save-mark' || c.id === 'restore-mark')
      st.op = c.id === 'save-mark' ? 'save' : 'restore';
    else if (markIds.includes(c.id))
      Object.assign(st, { op: 'set' }, markOp('CONNMARK', c.id, arg));
    else {
      const n = parseUint('CONNMARK', c.id, arg, 0, 0xffffffff);
      if (c.id === 'mask') st.nfmask = st.ctmask = n;
      else st[c.id as 'nfmask' | 'ctmask'] = n;
    }
  },
  final(st) {
    if (!st.op) throw paramProblem('CONNMARK target: No operation specified');
    if (st.op === 'set') return { kind: 'CONNMARK', op: 'set', value: st.value, mask: st.mask };
    return { kind: 'CONNMARK', op: st.op, nfmask: st.nfmask, ctmask: st.ctmask };
  },
};

interface NatSt {
  range?: ReturnType<typeof parseNatRange>;
  ports?: { min: number; max: number };
  random: boolean;
  randomFully: boolean;
  persistent: boolean;
}

function natExt(kind: 'DNAT' | 'SNAT'): Extension<NatSt, TargetAction> {
  const to = kind === 'DNAT' ? 'to-destination' : 'to-source';
  return {
    name: kind,
    x6: true,
    options: [
      { name: to, id: 'to', hasArg: 1, mand: true },
      { name: 'random', id: 'random', hasArg: 0 },
      ...(kind === 'SNAT' ? [{ name: 'random-fully', id: 'randomFully', hasArg: 0 as const }] : []),
      { name: 'persistent', id: 'persistent', hasArg: 0 },
    ],
    init: () => ({ random: false, randomFully: false, persistent: false }),
    parse(c) {
      if (c.id === 'to') c.st.range = parseNatRange(c.arg ?? '', c.ctx.proto);
      else c.st[c.id as 'random'] = true;
    },
    final: (st) => ({
      kind,
      range: st.range ?? {},
      random: st.random,
      randomFully: st.randomFully,
      persistent: st.persistent,
    }),
  };
}

export const dnatExt = natExt('DNAT');
export const snatExt = natExt('SNAT');

function portsExt(kind: 'MASQUERADE' | 'REDIRECT'): Extension<NatSt, TargetAction> {
  return {
    name: kind,
    x6: true,
    options: [
      { name: 'to-ports', id: 'ports', hasArg: 1 },
      { name: 'random', id: 'random', hasArg: 0 },
      ...(kind === 'MASQUERADE'
        ? [{ name: 'random-fully', id: 'randomFully', hasArg: 0 as const }]
        : []),
    ],
    init: () => ({ random: false, randomFully: false, persistent: false }),
    parse(c) {
      if (c.id === 'ports') c.st.ports = parsePortsOnly(c.arg ?? '', c.ctx.proto);
      else c.st[c.id as 'random'] = true;
    },
    final(st) {
      if (kind === 'REDIRECT') return { kind, ports: st.ports, random: st.random };
      return { kind, ports: st.ports, random: st.random, randomFully: st.randomFully };
    },
  };
}

export const masqueradeExt = portsExt('MASQUERADE');
export const redirectExt = portsExt('REDIRECT');

export const ctExt: Extension<{ notrack: boolean }, TargetAction> = {
  name: 'CT',
  x6: true,
  options: [{ name: 'notrack', id: 'notrack', hasArg: 0 }],
  init: () => ({ notrack: false }),
  parse(c) {
    c.st.notrack = true;
  },
  final(st) {
    // Only CT --notrack is modelled; --zone, --helper, --ct-events... are not.
    if (!st.notrack) throw paramProblem('CT: only --notrack is supported by this simulator');
    return { kind: 'NOTRACK', spelling: 'CT' };
  },
};

export const notrackExt: Extension<Record<string, never>, TargetAction> = {
  name: 'NOTRACK',
  x6: true,
  options: [],
  init: () => ({}),
  parse() {},
  final: () => ({ kind: 'NOTRACK', spelling: 'NOTRACK' }),
};
