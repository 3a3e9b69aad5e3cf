/**
 * iptables' own options and commands (iptables/xshared.c in 1.8.9): the long option table,
 * the command bits with their letters, and which options each command accepts
 * (commands_v_options, checked by generic_opt_check).
 */
import { optTable, type LongOption, type OptTable } from './getopt.ts';

const BASE: readonly Pick<LongOption, 'name' | 'hasArg' | 'val'>[] = [
  { name: 'append', hasArg: 1, val: 'A' },
  { name: 'delete', hasArg: 1, val: 'D' },
  { name: 'check', hasArg: 1, val: 'C' },
  { name: 'insert', hasArg: 1, val: 'I' },
  { name: 'replace', hasArg: 1, val: 'R' },
  { name: 'list', hasArg: 2, val: 'L' },
  { name: 'list-rules', hasArg: 2, val: 'S' },
  { name: 'flush', hasArg: 2, val: 'F' },
  { name: 'zero', hasArg: 2, val: 'Z' },
  { name: 'new-chain', hasArg: 1, val: 'N' },
  { name: 'delete-chain', hasArg: 2, val: 'X' },
  { name: 'rename-chain', hasArg: 1, val: 'E' },
  { name: 'policy', hasArg: 1, val: 'P' },
  { name: 'source', hasArg: 1, val: 's' },
  { name: 'destination', hasArg: 1, val: 'd' },
  { name: 'src', hasArg: 1, val: 's' },
  { name: 'dst', hasArg: 1, val: 'd' },
  { name: 'protocol', hasArg: 1, val: 'p' },
  { name: 'in-interface', hasArg: 1, val: 'i' },
  { name: 'jump', hasArg: 1, val: 'j' },
  { name: 'table', hasArg: 1, val: 't' },
  { name: 'match', hasArg: 1, val: 'm' },
  { name: 'numeric', hasArg: 0, val: 'n' },
  { name: 'out-interface', hasArg: 1, val: 'o' },
  { name: 'verbose', hasArg: 0, val: 'v' },
  { name: 'wait', hasArg: 2, val: 'w' },
  { name: 'wait-interval', hasArg: 2, val: 'W' },
  { name: 'exact', hasArg: 0, val: 'x' },
  { name: 'fragments', hasArg: 0, val: 'f' },
  { name: 'version', hasArg: 0, val: 'V' },
  { name: 'help', hasArg: 2, val: 'h' },
  { name: 'line-numbers', hasArg: 0, val: '0' },
  { name: 'modprobe', hasArg: 1, val: 'M' },
  { name: 'set-counters', hasArg: 1, val: 'c' },
  { name: 'goto', hasArg: 1, val: 'g' },
  { name: 'ipv4', hasArg: 0, val: '4' },
  { name: 'ipv6', hasArg: 0, val: '6' },
];

export const BASE_OPTS: readonly LongOption[] = BASE.map((o) => ({ ...o, slot: -1, id: '' }));

/** getopt_long's table before any extension is loaded. */
export const BASE_TABLE: OptTable = optTable(BASE_OPTS);

export const CMD = {
  NONE: 0,
  INSERT: 1 << 0,
  DELETE: 1 << 1,
  DELETE_NUM: 1 << 2,
  REPLACE: 1 << 3,
  APPEND: 1 << 4,
  LIST: 1 << 5,
  FLUSH: 1 << 6,
  ZERO: 1 << 7,
  NEW_CHAIN: 1 << 8,
  DELETE_CHAIN: 1 << 9,
  SET_POLICY: 1 << 10,
  RENAME_CHAIN: 1 << 11,
  LIST_RULES: 1 << 12,
  ZERO_NUM: 1 << 13,
  CHECK: 1 << 14,
} as const;

const CMD_CHARS = 'IDDRALFZNXPESZC';

/** cmd2char: the letter of the lowest command bit. */
export function cmdChar(cmd: number): string {
  for (let i = 0; i < CMD_CHARS.length; i++) if (cmd & (1 << i)) return CMD_CHARS[i] as string;
  return '?';
}

/** Option letters in OPT_* bit order (optflags). */
export const OPT_CHARS = 'nsdpjvxio0cf';
export const OPT = Object.fromEntries([...OPT_CHARS].map((c, i) => [c, 1 << i])) as Record<
  string,
  number
>;

/** Options that accept `!` (inverse_for_options). */
export const INVERTIBLE = new Set(['s', 'd', 'p', 'i', 'o', 'f']);

/** commands_v_options: rows in command bit order, columns in OPT_CHARS order. */
const LEGAL = [
  'x     x  x  ',
  'x     x  xx ',
  'xxxxx xxxxxx',
  'x     x  x  ',
  'x     x  x  ',
  ' xxxx  xx xx',
  'xxxxx xxxxxx',
  'xxxxx xxxxxx',
  'xxxxx xxxxxx',
  'xxxxx xxxxxx',
  'xxxxx xxxx x',
  'xxxxx xxxxxx',
  'xxxxx xxxxxx',
  'xxxxx xxxxxx',
  'x     x  xx ',
];

/** generic_opt_check: the first option the command does not accept, or undefined. */
export function illegalOption(command: number, options: number): string | undefined {
  for (let i = 0; i < OPT_CHARS.length; i++) {
    if (!(options & (1 << i))) continue;
    let legal = 0;
    for (let j = 0; j < LEGAL.length; j++) {
      if (!(command & (1 << j))) continue;
      if ((LEGAL[j] as string)[i] !== 'x') legal = 1;
      else if (legal === 0) legal = -1;
    }
    if (legal === -1) return OPT_CHARS[i];
  }
  return undefined;
}
