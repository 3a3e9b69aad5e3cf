/** multiport, addrtype, physdev, recent and iprange (their libxt_*.c parsers). */
import type { IfaceMatch, Match, PortRange } from '../../../netfilter/model.ts';
import type { AddrTypeName } from '../../../netfilter/packetMeta.ts';
import { parseIpv4Numeric, parseHostNetwork } from '../../../addr/ipv4.ts';
import { ADDRTYPE_ORDER } from '../../../netfilter/printMatch.ts';
import { paramProblem } from '../errors.ts';
import type { Extension } from './types.ts';
import { parsePort, parseUint, protoText } from './values.ts';
import { parseInterface } from '../iface.ts';

const MULTI_PROTOS = [6, 17, 136, 132, 33];

/** parse_multi_ports_v1: up to 15 slots, a range takes two. */
function parseMultiPorts(text: string, proto: string): PortRange[] {
  const out: PortRange[] = [];
  let slots = 0;
  const items = text.split(',');
  for (const item of items) {
    if (slots >= 15) throw paramProblem('too many ports specified');
    const colon = item.indexOf(':');
    if (colon >= 0 && slots === 14) throw paramProblem('too many ports specified');
    const min = parsePort(colon >= 0 ? item.slice(0, colon) : item, proto);
    if (colon < 0) {
      out.push({ min, max: min });
      slots++;
      continue;
    }
    const max = parsePort(item.slice(colon + 1), proto);
    if (min >= max) throw paramProblem('invalid portrange specified');
    out.push({ min, max });
    slots += 2;
  }
  return out;
}

interface MultiSt {
  v?: { dir: 'src' | 'dst' | 'any'; ports: PortRange[]; invert: boolean };
}

const mpExcl = ['src', 'dst', 'any'];

export const multiportExt: Extension<MultiSt, Match> = {
  name: 'multiport',
  x6: true,
  options: [
    { name: 'source-ports', id: 'src', hasArg: 1, invert: true, excl: mpExcl },
    { name: 'sports', id: 'src', hasArg: 1, invert: true, excl: mpExcl },
    { name: 'destination-ports', id: 'dst', hasArg: 1, invert: true, excl: mpExcl },
    { name: 'dports', id: 'dst', hasArg: 1, invert: true, excl: mpExcl },
    { name: 'ports', id: 'any', hasArg: 1, invert: true, excl: mpExcl },
  ],
  init: () => ({}),
  parse(c) {
    const { proto, protoInvert } = c.ctx;
    if (protoInvert)
      throw paramProblem('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
    if (proto === undefined || proto === 0) {
      throw paramProblem(
        "multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'",
      );
    }
    if (!MULTI_PROTOS.includes(proto)) {
      throw paramProblem('multiport only works with TCP, UDP, UDPLITE, SCTP and DCCP');
    }
    const ports = parseMultiPorts(c.arg ?? '', protoText(proto));
    c.st.v = { dir: c.id as 'src' | 'dst' | 'any', ports, invert: c.invert };
  },
  final(st) {
    // sic: libxt_multiport.c prints "expection".
    if (!st.v) throw paramProblem('multiport expection an option');
    return { name: 'multiport', ...st.v };
  },
};

function parseTypes(text: string): AddrTypeName[] {
  const out: AddrTypeName[] = [];
  for (const item of text.split(',')) {
    const t = ADDRTYPE_ORDER.find((n) => n === item.toUpperCase());
    if (!t) throw paramProblem(`addrtype: bad type "${item}"`);
    if (!out.includes(t)) out.push(t);
  }
  return out;
}

interface AddrTypeSt {
  src?: { values: AddrTypeName[]; invert: boolean };
  dst?: { values: AddrTypeName[]; invert: boolean };
  in: boolean;
  out: boolean;
}

export const addrtypeExt: Extension<AddrTypeSt, Match> = {
  name: 'addrtype',
  x6: true,
  options: [
    { name: 'src-type', id: 'src', hasArg: 1, invert: true },
    { name: 'dst-type', id: 'dst', hasArg: 1, invert: true },
    { name: 'limit-iface-in', id: 'in', hasArg: 0, excl: ['out'] },
    { name: 'limit-iface-out', id: 'out', hasArg: 0, excl: ['in'] },
  ],
  init: () => ({ in: false, out: false }),
  parse(c) {
    if (c.id === 'src' || c.id === 'dst')
      c.st[c.id] = { values: parseTypes(c.arg ?? ''), invert: c.invert };
    else c.st[c.id as 'in' | 'out'] = true;
  },
  final(st) {
    if (!st.src && !st.dst)
      throw paramProblem('addrtype: you must specify --src-type or --dst-type');
    return {
      name: 'addrtype',
      srcType: st.src,
      dstType: st.dst,
      limitIfaceIn: st.in,
      limitIfaceOut: st.out,
    };
  },
};

interface PhysSt {
  in?: IfaceMatch;
  out?: IfaceMatch;
  isIn?: { invert: boolean };
  isOut?: { invert: boolean };
  isBridged?: { invert: boolean };
}

export const physdevExt: Extension<PhysSt, Match> = {
  name: 'physdev',
  x6: true,
  options: [
    { name: 'physdev-in', id: 'in', hasArg: 1, invert: true },
    { name: 'physdev-out', id: 'out', hasArg: 1, invert: true },
    { name: 'physdev-is-in', id: 'isIn', hasArg: 0, invert: true },
    { name: 'physdev-is-out', id: 'isOut', hasArg: 0, invert: true },
    { name: 'physdev-is-bridged', id: 'isBridged', hasArg: 0, invert: true },
  ],
  init: () => ({}),
  parse(c) {
    if (c.id === 'in' || c.id === 'out')
      c.st[c.id] = { name: parseInterface(c.arg ?? ''), invert: c.invert };
    else c.st[c.id as 'isIn'] = { invert: c.invert };
  },
  final(st) {
    if (Object.keys(st).length === 0) throw paramProblem('PHYSDEV: no physdev option specified');
    const { in: physdevIn, out: physdevOut, isIn, isOut, isBridged } = st;
    return { name: 'physdev', physdevIn, physdevOut, isIn, isOut, isBridged };
  },
};

interface RecentSt {
  command?: 'set' | 'rcheck' | 'update' | 'remove';
  invert: boolean;
  name: string;
  side: 'rsource' | 'rdest';
  seconds?: number;
  hitcount?: number;
  reap: boolean;
  rttl: boolean;
  mask: number;
}

const cmdExcl = ['set', 'rcheck', 'update', 'remove'];

export const recentExt: Extension<RecentSt, Match> = {
  name: 'recent',
  x6: true,
  options: [
    ...cmdExcl.map((n) => ({ name: n, id: n, hasArg: 0 as const, invert: true, excl: cmdExcl })),
    { name: 'seconds', id: 'seconds', hasArg: 1 },
    { name: 'reap', id: 'reap', hasArg: 0, also: ['seconds'] },
    { name: 'hitcount', id: 'hitcount', hasArg: 1 },
    { name: 'rttl', id: 'rttl', hasArg: 0 },
    { name: 'name', id: 'name', hasArg: 1 },
    { name: 'mask', id: 'mask', hasArg: 1 },
    { name: 'rsource', id: 'rsource', hasArg: 0, excl: ['rdest'] },
    { name: 'rdest', id: 'rdest', hasArg: 0, excl: ['rsource'] },
  ],
  init: () => ({
    invert: false,
    name: 'DEFAULT',
    side: 'rsource',
    reap: false,
    rttl: false,
    mask: 0xffffffff,
  }),
  parse(c) {
    const arg = c.arg ?? '';
    const st = c.st;
    if (cmdExcl.includes(c.id)) {
      st.command = c.id as RecentSt['command'];
      st.invert = c.invert;
    } else if (c.id === 'seconds') st.seconds = parseUint('recent', 'seconds', arg, 0, 0xffffffff);
    else if (c.id === 'hitcount') st.hitcount = parseUint('recent', 'hitcount', arg, 0, 0xffffffff);
    else if (c.id === 'name') st.name = arg;
    else if (c.id === 'mask') {
      const m = parseIpv4Numeric(arg) ?? parseHostNetwork(arg);
      if (m === undefined) throw paramProblem(`host/network \`${arg}' not found`);
      st.mask = m;
    } else if (c.id === 'rsource' || c.id === 'rdest') st.side = c.id;
    else st[c.id as 'reap' | 'rttl'] = true;
  },
  final(st) {
    if (!st.command) {
      throw paramProblem(
        "recent: you must specify one of `--set', `--rcheck' `--update' or `--remove'",
      );
    }
    const { command, invert, name: listName, side, seconds, hitcount, reap, rttl, mask } = st;
    return { name: 'recent', command, invert, listName, side, seconds, hitcount, reap, rttl, mask };
  },
};

type Range = { min: number; max: number; invert: boolean };

function parseRange(text: string, invert: boolean): Range {
  const [a = '', b] = text.split('-');
  const min = parseIpv4Numeric(a);
  const max = b === undefined ? min : parseIpv4Numeric(b);
  if (min === undefined || max === undefined)
    throw paramProblem(`iprange: could not parse "${text}"`);
  return { min, max, invert };
}

export const iprangeExt: Extension<{ src?: Range; dst?: Range }, Match> = {
  name: 'iprange',
  x6: true,
  options: [
    { name: 'src-range', id: 'src', hasArg: 1, invert: true },
    { name: 'dst-range', id: 'dst', hasArg: 1, invert: true },
  ],
  init: () => ({}),
  parse(c) {
    const r = parseRange(c.arg ?? '', c.invert);
    c.st[c.id as 'src' | 'dst'] = r;
    if (r.min > r.max) {
      c.ctx.warn(`xt_iprange: range ${c.arg} is reversed and will never match\n`);
    }
  },
  final(st) {
    if (!st.src && !st.dst)
      throw paramProblem("iprange match: You must specify `--src-range' or `--dst-range'");
    return { name: 'iprange', src: st.src, dst: st.dst };
  },
};
