/**
 * Per-extension match logic, following the kernel's xt_*.c match functions. Each returns which
 * part of the match failed (matchFailure.ts PART: a tcp option, or the whole match) or
 * undefined when the packet matches.
 */
import type {
  AddrTypeMatch,
  ConntrackMatch,
  CtAddrOption,
  IfaceMatch,
  InvertiblePorts,
  Match,
  PhysdevMatch,
  RecentMatch,
  StatisticMatch,
  TcpMatch,
} from './model.ts';
import type { CtView, PacketMeta } from './packetMeta.ts';
import type { MatchState } from './matchState.ts';
import { RECENT_MAX_STAMPS } from './matchState.ts';
import { PART, type Part } from './matchFailure.ts';

type Fail = Part | undefined;

function inPorts(p: InvertiblePorts | undefined, port: number | undefined): boolean {
  if (!p) return true;
  if (port === undefined) return false;
  return (port >= p.min && port <= p.max) !== p.invert;
}

/** Interface name with iptables' `+` wildcard (ifname_compare in the kernel). */
export function ifaceMatches(m: IfaceMatch, name: string | undefined): boolean {
  const dev = name ?? '';
  const hit = m.name.endsWith('+') ? dev.startsWith(m.name.slice(0, -1)) : dev === m.name;
  return hit !== m.invert;
}

function tcp(m: TcpMatch, meta: PacketMeta): Fail {
  if (meta.sport === undefined) return PART.whole;
  if (!inPorts(m.sport, meta.sport)) return PART.sport;
  if (!inPorts(m.dport, meta.dport)) return PART.dport;
  if (m.flags) {
    const hit = ((meta.tcpFlags ?? 0) & m.flags.mask) === m.flags.comp;
    if (hit === m.flags.invert) return PART.flags;
  }
  // --tcp-option needs the TCP options, which the simulator's packets do not carry.
  if (m.option && !m.option.invert) return PART.whole;
  return undefined;
}

/** One --ctstate / --state value against the connection (no connection: INVALID). */
function hasCtState(ct: CtView | undefined, v: string): boolean {
  if (!ct) return v === 'INVALID';
  return v === ct.state || (v === 'SNAT' && ct.snat) || (v === 'DNAT' && ct.dnat);
}

function ctAddr(o: CtAddrOption | undefined, addr: number): boolean {
  return !o || ((addr & o.mask) >>> 0 === o.addr) !== o.invert;
}

function conntrackOk(m: ConntrackMatch, meta: PacketMeta): boolean {
  const ct = meta.ct;
  if (m.ctstate) {
    if (m.ctstate.values.some((v) => hasCtState(ct, v)) === m.ctstate.invert) return false;
  }
  const other = Object.keys(m).some((k) => k !== 'name' && k !== 'ctstate');
  if (!other) return true;
  if (!ct) return false;
  if (m.ctproto && (meta.proto === m.ctproto.proto) === m.ctproto.invert) return false;
  if (!ctAddr(m.ctorigsrc, ct.orig.src) || !ctAddr(m.ctorigdst, ct.orig.dst)) return false;
  if (!ctAddr(m.ctreplsrc, ct.reply.src) || !ctAddr(m.ctrepldst, ct.reply.dst)) return false;
  if (!inPorts(m.ctorigsrcport, ct.orig.sport) || !inPorts(m.ctorigdstport, ct.orig.dport))
    return false;
  if (!inPorts(m.ctreplsrcport, ct.reply.sport) || !inPorts(m.ctrepldstport, ct.reply.dport))
    return false;
  if (m.ctstatus && m.ctstatus.values.some((s) => ct.status.has(s)) === m.ctstatus.invert)
    return false;
  if (m.ctdir && ct.dir !== m.ctdir) return false;
  // --ctexpire needs the entry's remaining timeout, which CtView does not carry: never matches.
  return !m.ctexpire;
}

function addrtypeOk(m: AddrTypeMatch, meta: PacketMeta): boolean {
  const dev = m.limitIfaceIn ? meta.inIface : m.limitIfaceOut ? meta.outIface : undefined;
  for (const [sel, addr] of [
    [m.srcType, meta.src],
    [m.dstType, meta.dst],
  ] as const) {
    if (!sel) continue;
    const types = meta.addrTypes(addr, dev);
    if (sel.values.some((t) => types.has(t)) === sel.invert) return false;
  }
  return true;
}

function statisticOk(m: StatisticMatch, meta: PacketMeta, state: MatchState): boolean {
  if (m.mode === 'random') {
    return Math.floor(meta.random() * 0x80000000) < m.probability !== m.invert;
  }
  let slot = state.nth.get(m);
  // libxt_statistic sets count = (every - 1) - packet; the kernel starts from it.
  if (!slot) state.nth.set(m, (slot = { count: m.every - 1 - m.packet }));
  slot.count = slot.count === m.every - 1 ? 0 : slot.count + 1;
  return (slot.count === m.packet) !== m.invert;
}

/** xt_physdev: a frame that did not cross a bridge matches only fully inverted options. */
function physdevOk(m: PhysdevMatch, meta: PacketMeta): boolean {
  if (!meta.bridged) {
    return [m.isBridged, m.isIn, m.isOut, m.physdevIn, m.physdevOut].every((o) => !o || o.invert);
  }
  if (m.isBridged && (meta.physOut !== undefined) === m.isBridged.invert) return false;
  if (m.isIn && (meta.physIn !== undefined) === m.isIn.invert) return false;
  if (m.isOut && (meta.physOut !== undefined) === m.isOut.invert) return false;
  if (m.physdevIn && !ifaceMatches(m.physdevIn, meta.physIn)) return false;
  return !m.physdevOut || ifaceMatches(m.physdevOut, meta.physOut);
}

function recentHits(m: RecentMatch, stamps: readonly number[], now: number): boolean {
  if (m.seconds === undefined && m.hitcount === undefined) return true;
  const since = now - (m.seconds ?? 0) * 1000;
  let hits = 0;
  for (const t of stamps) {
    if (m.seconds !== undefined && t < since) continue;
    if (m.hitcount === undefined || ++hits >= m.hitcount) return true;
  }
  return false;
}

/** xt_recent's recent_mt, including its quirk that --update refreshes only when `ret` is true. */
function recentOk(m: RecentMatch, meta: PacketMeta, state: MatchState): boolean {
  let list = state.recent.get(m.listName);
  if (!list) state.recent.set(m.listName, (list = new Map()));
  const addr = ((m.side === 'rsource' ? meta.src : meta.dst) & m.mask) >>> 0;
  const entry = list.get(addr);
  const touch = (e: { stamps: number[] }) => {
    e.stamps.push(meta.now);
    if (e.stamps.length > RECENT_MAX_STAMPS) e.stamps.shift();
  };
  if (!entry) {
    if (m.command !== 'set') return m.invert;
    list.set(addr, { stamps: [meta.now] });
    return !m.invert;
  }
  let ret = m.invert;
  if (m.command === 'set' || m.command === 'remove') ret = !ret;
  else if (recentHits(m, entry.stamps, meta.now)) ret = !ret;
  if (m.command === 'remove') list.delete(addr);
  else if (m.reap && m.seconds !== undefined) {
    entry.stamps = entry.stamps.filter((t) => t >= meta.now - (m.seconds ?? 0) * 1000);
  }
  if (m.command === 'set' || (m.command === 'update' && ret)) touch(entry);
  return ret;
}

function inRange(r: { min: number; max: number; invert: boolean } | undefined, a: number): boolean {
  return !r || (a >= r.min && a <= r.max) !== r.invert;
}

const ok = (b: boolean): Fail => (b ? undefined : PART.whole);

/** Tests one match; returns the part that failed, or undefined when it matched. */
export function testMatch(m: Match, meta: PacketMeta, state: MatchState): Fail {
  switch (m.name) {
    case 'tcp':
      return tcp(m, meta);
    case 'udp':
    case 'sctp':
      return ok(
        meta.sport !== undefined && inPorts(m.sport, meta.sport) && inPorts(m.dport, meta.dport),
      );
    case 'icmp': {
      const t = meta.icmpType;
      const c = meta.icmpCode ?? 0;
      const hit =
        t !== undefined && (m.type === 0xff || (t === m.type && c >= m.codeMin && c <= m.codeMax));
      return ok(hit !== m.invert);
    }
    case 'multiport': {
      const hit = m.ports.some(
        (p) =>
          (m.dir !== 'dst' && inPorts({ ...p, invert: false }, meta.sport)) ||
          (m.dir !== 'src' && inPorts({ ...p, invert: false }, meta.dport)),
      );
      return ok(meta.sport !== undefined && hit !== m.invert);
    }
    case 'conntrack':
      return ok(conntrackOk(m, meta));
    case 'state':
      return ok(m.states.values.some((v) => hasCtState(meta.ct, v)) !== m.states.invert);
    case 'addrtype':
      return ok(addrtypeOk(m, meta));
    case 'comment':
      return undefined;
    case 'mark':
      return ok(((meta.mark & m.mask) >>> 0 === m.value) !== m.invert);
    case 'connmark':
      return ok(meta.ct !== undefined && ((meta.ct.mark & m.mask) >>> 0 === m.value) !== m.invert);
    case 'statistic':
      return ok(statisticOk(m, meta, state));
    case 'physdev':
      return ok(physdevOk(m, meta));
    case 'recent':
      return ok(recentOk(m, meta, state));
    case 'iprange':
      return ok(inRange(m.src, meta.src) && inRange(m.dst, meta.dst));
  }
}
