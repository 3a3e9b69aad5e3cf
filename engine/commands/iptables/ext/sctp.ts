/**
 * The sctp match (extensions/libxt_sctp.c, iptables 1.8.9): an old-style parser with its own
 * "Only one ... allowed" messages, like libxt_tcp.c. --sport/--dport are modelled.
 * --chunk-types is parsed with the real error texts, then refused: the simulator's SCTP
 * packets carry ports only, no chunks, so such a rule could not behave as in the kernel.
 */
import type { InvertiblePorts, Match } from '../../../netfilter/model.ts';
import { paramProblem } from '../errors.ts';
import type { Extension, ExtCall } from './types.ts';
import { setPortOption } from './values.ts';

interface SctpState {
  sport?: InvertiblePorts;
  dport?: InvertiblePorts;
  chunks: boolean;
}

/** sctp_chunk_names: name and the flag letters valid for it (bit 7 first). */
const CHUNK_NAMES: readonly (readonly [string, string])[] = [
  ['DATA', '----IUBE'],
  ['INIT', '--------'],
  ['INIT_ACK', '--------'],
  ['SACK', '--------'],
  ['HEARTBEAT', '--------'],
  ['HEARTBEAT_ACK', '--------'],
  ['ABORT', '-------T'],
  ['SHUTDOWN', '--------'],
  ['SHUTDOWN_ACK', '--------'],
  ['ERROR', '--------'],
  ['COOKIE_ECHO', '--------'],
  ['COOKIE_ACK', '--------'],
  ['ECN_ECNE', '--------'],
  ['ECN_CWR', '--------'],
  ['SHUTDOWN_COMPLETE', '-------T'],
  ['I_DATA', '----IUBE'],
  ['RE_CONFIG', '--------'],
  ['PAD', '--------'],
  ['ASCONF', '--------'],
  ['ASCONF_ACK', '--------'],
  ['FORWARD_TSN', '--------'],
  ['I_FORWARD_TSN', '--------'],
];

/**
 * parse_sctp_chunk: ALL / NONE alone, else comma-separated names (case-insensitive), each with
 * optional `:flags`. Like the C code, the error names the chunk's index in the table.
 */
function checkChunkList(text: string): void {
  if (/^(all|none)$/i.test(text)) return;
  // strtok skips empty tokens.
  for (const tok of text.split(',').filter((t) => t !== '')) {
    const colon = tok.indexOf(':');
    const name = colon < 0 ? tok : tok.slice(0, colon);
    const i = CHUNK_NAMES.findIndex(([n]) => n.toLowerCase() === name.toLowerCase());
    if (i < 0) throw paramProblem(`Unknown sctp chunk \`${name}'`);
    const valid = CHUNK_NAMES[i]?.[1] ?? '';
    for (const f of colon < 0 ? '' : tok.slice(colon + 1)) {
      // strchr(valid_flags, toupper(f)): a '-' is found too, as in the C code.
      if (!valid.includes(f.toUpperCase())) {
        throw paramProblem(`Invalid flags for chunk type ${i}`);
      }
    }
  }
}

function chunkTypes(c: ExtCall<SctpState>): void {
  if (c.st.chunks) throw paramProblem("Only one `--chunk-types' allowed");
  const g = c.ctx.getopt;
  const next = g.argv[g.optind];
  if (next === undefined || next.startsWith('-') || next.startsWith('!')) {
    throw paramProblem('--chunk-types requires two args');
  }
  if (!/^(any|all|only)$/i.test(c.arg ?? '')) {
    throw paramProblem('Match type has to be one of "ALL", "ANY" or "ONLY"');
  }
  checkChunkList(next);
  g.optind++;
  c.st.chunks = true;
}

export const sctpExt: Extension<SctpState, Match> = {
  name: 'sctp',
  x6: false,
  options: [
    { name: 'source-port', id: 'sport', hasArg: 1 },
    { name: 'sport', id: 'sport', hasArg: 1 },
    { name: 'destination-port', id: 'dport', hasArg: 1 },
    { name: 'dport', id: 'dport', hasArg: 1 },
    { name: 'chunk-types', id: 'chunks', hasArg: 1 },
  ],
  init: () => ({ chunks: false }),
  parse(c) {
    if (c.id === 'sport') return setPortOption(c, 'sport', 'sctp', 'source-port');
    if (c.id === 'dport') return setPortOption(c, 'dport', 'sctp', 'destination-port');
    chunkTypes(c);
  },
  final(st) {
    if (st.chunks) {
      throw paramProblem(
        'option --chunk-types is not supported by this simulator (its SCTP packets carry no chunks)',
      );
    }
    return { name: 'sctp', sport: st.sport, dport: st.dport };
  },
};

/** sctp_print's print_ports, as `iptables -L` shows one port range. */
function listPorts(
  name: string,
  p: InvertiblePorts | undefined,
  port: (n: number) => string,
): string {
  if (!p || (p.min === 0 && p.max === 0xffff && !p.invert)) return '';
  const inv = p.invert ? '!' : '';
  if (p.min === p.max) return ` ${name}:${inv}${port(p.min)}`;
  return ` ${name}s:${inv}${port(p.min)}:${port(p.max)}`;
}

/** sctp_print: ` sctp spt:… dpt:…`; `port` names a port (getservbyport "sctp") unless -n. */
export function sctpListText(
  m: Extract<Match, { name: 'sctp' }>,
  port: (n: number) => string,
): string {
  return ` sctp${listPorts('spt', m.sport, port)}${listPorts('dpt', m.dport, port)}`;
}
