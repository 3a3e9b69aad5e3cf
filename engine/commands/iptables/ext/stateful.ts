/** conntrack (libxt_conntrack.c revision 3) and state (libxt_state.c). */
import type { ConntrackMatch, CtStateName, Match } from '../../../netfilter/model.ts';
import type { CtState, CtStatus } from '../../../netfilter/packetMeta.ts';
import { parseAddrMask } from '../../../addr/addrList.ts';
import { parseProtocol } from '../../../netfilter/protocols.ts';
import { paramProblem } from '../errors.ts';
import type { Extension, ExtCall } from './types.ts';
import { parsePortRange, parseUint } from './values.ts';

/**
 * A comma list where each item may be a case-insensitive prefix of a name, tried in table
 * order (strncasecmp(item, NAME, strlen(item))); the error names the rest of the list.
 */
export function parseNameList<T extends string>(
  text: string,
  names: readonly T[],
  what: string,
): T[] {
  const out: T[] = [];
  let rest = text;
  for (;;) {
    const comma = rest.indexOf(',');
    const item = comma >= 0 ? rest.slice(0, comma) : rest;
    const hit =
      item === ''
        ? undefined
        : names.find(
            (n) =>
              n.slice(0, item.length).toUpperCase() === item.toUpperCase() &&
              item.length <= n.length,
          );
    if (hit === undefined) throw paramProblem(`Bad ${what} "${rest}"`);
    if (!out.includes(hit)) out.push(hit);
    if (comma < 0) return out;
    rest = rest.slice(comma + 1);
  }
}

const STATES: readonly CtState[] = ['INVALID', 'NEW', 'ESTABLISHED', 'RELATED', 'UNTRACKED'];
const CT_STATES: readonly CtStateName[] = [...STATES, 'SNAT', 'DNAT'];
const CT_STATUS: readonly (CtStatus | 'NONE')[] = [
  'NONE',
  'EXPECTED',
  'SEEN_REPLY',
  'ASSURED',
  'CONFIRMED',
];

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type CtSt = Mutable<Omit<ConntrackMatch, 'name'>>;

const CT_OPTS = [
  'ctstate',
  'ctproto',
  'ctorigsrc',
  'ctorigdst',
  'ctreplsrc',
  'ctrepldst',
  'ctorigsrcport',
  'ctorigdstport',
  'ctreplsrcport',
  'ctrepldstport',
  'ctstatus',
  'ctexpire',
  'ctdir',
] as const;

function ctAddr(c: ExtCall<CtSt>): { addr: number; mask: number; invert: boolean } {
  const r = parseAddrMask(c.arg ?? '');
  if (!r.ok) throw paramProblem(r.error);
  return { ...r.value, invert: c.invert };
}

function ctPorts(c: ExtCall<CtSt>): { min: number; max: number; invert: boolean } {
  return { ...parsePortRange(c.arg ?? '', 'tcp'), invert: c.invert };
}

function ctParse(c: ExtCall<CtSt>): void {
  const st = c.st;
  const arg = c.arg ?? '';
  switch (c.id) {
    case 'ctstate':
      st.ctstate = { values: parseNameList(arg, CT_STATES, 'ctstate'), invert: c.invert };
      return;
    case 'ctproto': {
      const proto = parseProtocol(arg.toLowerCase());
      if (proto === undefined) throw paramProblem(`unknown protocol "${arg}" specified`);
      st.ctproto = { proto, invert: c.invert };
      return;
    }
    case 'ctstatus': {
      const v = parseNameList(arg, CT_STATUS, 'ctstatus').filter(
        (s): s is CtStatus => s !== 'NONE',
      );
      st.ctstatus = { values: v, invert: c.invert };
      return;
    }
    case 'ctexpire': {
      const [lo = '', hi] = arg.split(':');
      const min = parseUint('conntrack', 'ctexpire', lo, 0, 0xffffffff);
      const max = hi === undefined ? min : parseUint('conntrack', 'ctexpire', hi, 0, 0xffffffff);
      st.ctexpire = { min, max, invert: c.invert };
      return;
    }
    case 'ctdir':
      if (arg.toUpperCase() !== 'ORIGINAL' && arg.toUpperCase() !== 'REPLY') {
        throw paramProblem(`conntrack: Bad value for "--ctdir" option: "${arg}"`);
      }
      st.ctdir = arg.toUpperCase() as 'ORIGINAL' | 'REPLY';
      return;
    case 'ctorigsrc':
    case 'ctorigdst':
    case 'ctreplsrc':
    case 'ctrepldst':
      st[c.id] = ctAddr(c);
      return;
    default:
      st[c.id as 'ctorigsrcport'] = ctPorts(c);
  }
}

export const conntrackExt: Extension<CtSt, Match> = {
  name: 'conntrack',
  x6: true,
  options: CT_OPTS.map((n) => ({ name: n, id: n, hasArg: 1 as const, invert: n !== 'ctdir' })),
  init: () => ({}),
  parse: ctParse,
  final(st) {
    if (Object.keys(st).length === 0)
      throw paramProblem('conntrack: At least one option is required');
    return { name: 'conntrack', ...st };
  },
};

interface StateSt {
  states?: { values: CtState[]; invert: boolean };
}

export const stateExt: Extension<StateSt, Match> = {
  name: 'state',
  x6: true,
  options: [{ name: 'state', id: 'state', hasArg: 1, invert: true, mand: true }],
  init: () => ({}),
  parse(c) {
    c.st.states = { values: parseNameList(c.arg ?? '', STATES, 'state'), invert: c.invert };
  },
  final: (st) => ({ name: 'state', states: st.states ?? { values: [], invert: false } }),
};
