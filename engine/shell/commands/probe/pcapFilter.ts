/**
 * The part of pcap-filter(7) (libpcap 1.10) that applies to the simulator's IPv4 packets:
 * `ip`, `tcp`, `udp`, `icmp`; `[src|dst] host ADDR` (or a bare address); `[src|dst] net
 * ADDR/LEN`; `[tcp|udp] [src|dst] port N|NAME`; `not`/`!`, `and`/`&&`, `or`/`||` and
 * parentheses. As in pcap, `and` and `or` have equal precedence and group from the left, and an
 * identifier without keywords takes those of the primitive before it (`port 80 or 443`). A port
 * matches TCP and UDP headers only (an ICMP error's quoted port does not count). Other
 * primitives (ether, vlan, greater, portrange…) are refused as not simulated.
 */
import { inPrefix, parseIpv4, prefixMask } from '../../../packet/ipv4.ts';
import type { PacketView } from '../../../trace/events.ts';
import { serviceByName } from '../../../netfilter/services.ts';

export type PacketTest = (p: PacketView) => boolean;

/** A filter that compiles, or what tcpdump prints (`error`) / what the simulator lacks. */
export type Compiled =
  | { readonly ok: true; readonly test: PacketTest }
  | { readonly ok: false; readonly error: string }
  | { readonly ok: false; readonly unsupported: string };

const SYNTAX = 'syntax error';
const PROTOS = new Set(['ip', 'tcp', 'udp', 'icmp']);
const UNSUPPORTED = new Set([
  'ether',
  'arp',
  'rarp',
  'ip6',
  'vlan',
  'mpls',
  'greater',
  'less',
  'portrange',
  'gateway',
  'broadcast',
  'multicast',
  'inbound',
  'outbound',
  'proto',
  'sctp',
  'icmp6',
  'len',
  'link',
]);

interface Qualifiers {
  proto?: string;
  dir?: 'src' | 'dst';
  kind?: 'host' | 'net' | 'port';
}

class FilterError extends Error {
  readonly unsupported: boolean;
  constructor(message: string, unsupported = false) {
    super(message);
    this.unsupported = unsupported;
  }
}

/** tcpdump joins its operands with spaces; pcap's lexer splits on blanks and ( ) !. */
function tokens(text: string): string[] {
  return text
    .replace(/&&/g, ' and ')
    .replace(/\|\|/g, ' or ')
    .replace(/([()!])/g, ' $1 ')
    .split(/\s+/)
    .filter((t) => t !== '');
}

class Parser {
  private i = 0;
  private last: Qualifiers | undefined;
  private readonly t: readonly string[];
  constructor(t: readonly string[]) {
    this.t = t;
  }

  parse(): PacketTest {
    const test = this.expr();
    if (this.i < this.t.length) throw new FilterError(SYNTAX);
    return test;
  }

  private peek(): string | undefined {
    return this.t[this.i];
  }

  private expr(): PacketTest {
    let left = this.unary();
    for (let op = this.peek(); op === 'and' || op === 'or'; op = this.peek()) {
      this.i++;
      const a = left;
      const b = this.unary();
      left = op === 'and' ? (p) => a(p) && b(p) : (p) => a(p) || b(p);
    }
    return left;
  }

  private unary(): PacketTest {
    const w = this.peek();
    if (w === 'not' || w === '!') {
      this.i++;
      const inner = this.unary();
      return (p) => !inner(p);
    }
    if (w === '(') {
      this.i++;
      const inner = this.expr();
      if (this.peek() !== ')') throw new FilterError(SYNTAX);
      this.i++;
      return inner;
    }
    return this.primitive();
  }

  private primitive(): PacketTest {
    const q: Qualifiers = {};
    let w = this.peek();
    if (w !== undefined && UNSUPPORTED.has(w)) throw new FilterError(w, true);
    if (w !== undefined && PROTOS.has(w)) {
      q.proto = w;
      w = this.t[++this.i];
    }
    if (w === 'src' || w === 'dst') {
      q.dir = w;
      w = this.t[++this.i];
    }
    if (w === 'host' || w === 'net' || w === 'port') {
      q.kind = w;
      w = this.t[++this.i];
    }
    if (w !== undefined && UNSUPPORTED.has(w)) throw new FilterError(w, true);
    const keyword = q.proto !== undefined || q.dir !== undefined || q.kind !== undefined;
    const isId = w !== undefined && !['and', 'or', ')', '(', 'not', '!'].includes(w);
    if (!isId) {
      // A protocol alone (`icmp`); anything else needs its identifier.
      if (q.proto !== undefined && q.dir === undefined && q.kind === undefined) {
        this.last = q;
        return protoTest(q.proto);
      }
      throw new FilterError(SYNTAX);
    }
    this.i++;
    // An identifier without keywords takes the last primitive's (pcap's abbreviation); the
    // first one needs keywords (measured: `tcpdump 10.0.0.1` is a syntax error).
    const quals = keyword ? q : this.last;
    if (quals === undefined) throw new FilterError(SYNTAX);
    this.last = quals;
    return this.id(quals, w!);
  }

  private id(q: Qualifiers, id: string): PacketTest {
    const kind = q.kind ?? (/^\d+$/.test(id) ? undefined : 'host');
    if (kind === 'port') return portTest(q, id);
    if (kind === 'net') return netTest(q, id);
    if (kind === 'host') return hostTest(q, id);
    throw new FilterError('syntax error in filter expression');
  }
}

function protoTest(proto: string): PacketTest {
  return proto === 'ip' ? () => true : (p) => p.proto === proto;
}

function both(q: Qualifiers, match: (side: 'src' | 'dst', p: PacketView) => boolean): PacketTest {
  const proto = q.proto === undefined || q.proto === 'ip' ? undefined : protoTest(q.proto);
  return (p) =>
    (proto === undefined || proto(p)) &&
    (q.dir === undefined ? match('src', p) || match('dst', p) : match(q.dir, p));
}

function hostTest(q: Qualifiers, id: string): PacketTest {
  if (q.proto === 'tcp' || q.proto === 'udp' || q.proto === 'icmp')
    throw new FilterError(`'${q.proto}' modifier applied to host`);
  const text = id === 'localhost' ? '127.0.0.1' : id;
  if (parseIpv4(text) === undefined) {
    // No resolver is simulated: a name other than /etc/hosts' localhost does not resolve.
    if (/^\d+(\.\d+)*$/.test(text)) throw new FilterError(`invalid IPv4 address '${id}'`);
    throw new FilterError(`unknown host '${id}'`);
  }
  return both(q, (side, p) => p[side] === text);
}

function netTest(q: Qualifiers, id: string): PacketTest {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(id);
  const addr = m ? parseIpv4(m[1]!) : undefined;
  if (!m || addr === undefined || Number(m[2]) > 32) throw new FilterError(`net ${id}`, true);
  const len = Number(m[2]);
  if ((addr & ~prefixMask(len)) >>> 0 !== 0)
    throw new FilterError(`non-network bits set in "${id}"`);
  return both(q, (side, p) => inPrefix(parseIpv4(p[side])!, addr, len));
}

function portTest(q: Qualifiers, id: string): PacketTest {
  if (q.proto === 'icmp' || q.proto === 'ip') throw new FilterError("illegal qualifier of 'port'");
  let port: number | undefined;
  if (/^\d+$/.test(id)) {
    port = Number(id);
    if (port > 65535) throw new FilterError(`illegal port number ${id} > 65535`);
  } else {
    port = serviceByName(id, q.proto ?? 'tcp') ?? serviceByName(id, 'udp');
    if (port === undefined) throw new FilterError(`unknown port '${id}'`);
  }
  const n = port;
  const proto = q.proto;
  return (p) =>
    (p.proto === 'tcp' || p.proto === 'udp') &&
    (proto === undefined || p.proto === proto) &&
    (q.dir === undefined
      ? p.sport === n || p.dport === n
      : p[q.dir === 'src' ? 'sport' : 'dport'] === n);
}

/** Compiles tcpdump's filter operands; an empty filter takes every packet. */
export function compileFilter(words: readonly string[]): Compiled {
  const t = tokens(words.join(' '));
  if (t.length === 0) return { ok: true, test: () => true };
  try {
    return { ok: true, test: new Parser(t).parse() };
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    if (e.unsupported) return { ok: false, unsupported: e.message };
    return {
      ok: false,
      error: e.message === SYNTAX ? "can't parse filter expression: syntax error" : e.message,
    };
  }
}
