/** comment, mark, connmark and statistic (libxt_comment.c, libxt_mark.c, libxt_statistic.c). */
import type { Match } from '../../../netfilter/model.ts';
import { paramProblem } from '../errors.ts';
import type { Extension } from './types.ts';
import { parseMarkMask, parseUint, strtod } from './values.ts';

export const commentExt: Extension<{ text?: string }, Match> = {
  name: 'comment',
  x6: true,
  options: [{ name: 'comment', id: 'comment', hasArg: 1, mand: true }],
  init: () => ({}),
  parse(c) {
    // XTTYPE_STRING into char comment[256]: cut to 255 characters without an error.
    c.st.text = (c.arg ?? '').slice(0, 255);
  },
  final: (st) => ({ name: 'comment', comment: st.text ?? '' }),
};

interface MarkSt {
  v?: { value: number; mask: number; invert: boolean };
}

function markExt(name: 'mark' | 'connmark'): Extension<MarkSt, Match> {
  return {
    name,
    x6: true,
    options: [{ name: 'mark', id: 'mark', hasArg: 1, invert: true, mand: true }],
    init: () => ({}),
    parse(c) {
      c.st.v = { ...parseMarkMask(name, 'mark', c.arg ?? ''), invert: c.invert };
    },
    final: (st) => ({ name, ...(st.v ?? { value: 0, mask: 0xffffffff, invert: false }) }),
  };
}

export const markMatchExt = markExt('mark');
export const connmarkMatchExt = markExt('connmark');

interface StatSt {
  mode?: 'random' | 'nth';
  probability?: number;
  every?: number;
  packet?: number;
  invert: boolean;
}

export const statisticExt: Extension<StatSt, Match> = {
  name: 'statistic',
  x6: true,
  options: [
    { name: 'mode', id: 'mode', hasArg: 1, mand: true },
    { name: 'probability', id: 'probability', hasArg: 1, invert: true, excl: ['every', 'packet'] },
    {
      name: 'every',
      id: 'every',
      hasArg: 1,
      invert: true,
      excl: ['probability'],
      also: ['packet'],
    },
    { name: 'packet', id: 'packet', hasArg: 1, excl: ['probability'] },
  ],
  init: () => ({ invert: false }),
  parse(c) {
    const arg = c.arg ?? '';
    if (c.id === 'mode') {
      if (arg !== 'random' && arg !== 'nth') throw paramProblem(`Bad mode "${arg}"`);
      c.st.mode = arg;
    } else if (c.id === 'probability') {
      const p = strtod(arg);
      if (p === undefined || p < 0 || p > 1) {
        throw paramProblem(
          'statistic: bad value for option "--probability", or out of range (0-1).\n',
        );
      }
      c.st.probability = Math.round(0x80000000 * p);
      if (c.invert) c.st.invert = true;
    } else if (c.id === 'every') {
      c.st.every = parseUint('statistic', 'every', arg, 1, 0xffffffff);
      if (c.invert) c.st.invert = true;
    } else {
      c.st.packet = parseUint('statistic', 'packet', arg, 0, 0xffffffff);
    }
  },
  final(st) {
    if (st.mode === 'random') {
      if (st.probability === undefined) {
        throw paramProblem('--probability must be specified when using random mode');
      }
      return { name: 'statistic', mode: 'random', probability: st.probability, invert: st.invert };
    }
    if (st.every === undefined && st.packet === undefined) {
      throw paramProblem('--every and --packet must be specified when using nth mode');
    }
    // The kernel keeps every - 1 (0 when --every is absent); packet must not exceed it.
    const every = st.every ?? 1;
    const packet = st.packet ?? 0;
    if (packet > every - 1) throw paramProblem('the --packet p must be 0 <= p <= n-1');
    return { name: 'statistic', mode: 'nth', every, packet, invert: st.invert };
  },
};
