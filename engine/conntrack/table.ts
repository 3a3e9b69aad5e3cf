/**
 * The conntrack table of one namespace (nf_conntrack_in / nf_conntrack_confirm). A packet first
 * looks up its tuple; an unknown flow gets a new, unconfirmed entry that enters the table only
 * when the packet survives to the end of POSTROUTING or INPUT, so a packet dropped on the way
 * leaves nothing behind (which is why a rejected SYN never shows in `conntrack -L`).
 */
import type { CtState } from '../netfilter/packetMeta.ts';
import type { Ipv4Packet } from '../packet/packet.ts';
import { isIcmpError } from '../packet/packet.ts';
import { newEntry, timeoutMs, type CtEntry } from './entry.ts';
import { TCP_FLAG } from '../netfilter/packetMeta.ts';
import { tcpNewState, tcpUpdate, type Dir } from './tcp.ts';
import { tupleKey, tupleOf, type Tuple } from './tuple.ts';

/** What conntrack attached to a packet (skb->_nfct and ctinfo). */
export interface CtAttachment {
  readonly entry?: CtEntry;
  readonly state: CtState;
  readonly dir: Dir;
}

/** nf_conntrack_proto_udp: stream_ts = creation + 2 s. */
const UDP_STREAM_MS = 2000;

function reopens(e: CtEntry, flags: number): boolean {
  const pureSyn = (flags & (TCP_FLAG.SYN | TCP_FLAG.ACK | TCP_FLAG.RST)) === TCP_FLAG.SYN;
  return pureSyn && (e.tcpState === 'CLOSE' || e.tcpState === 'TIME_WAIT');
}

export class ConntrackTable {
  private readonly byTuple = new Map<string, { entry: CtEntry; dir: Dir }>();
  private nextId = 1;
  /** nf_conntrack_tcp_loose: pick up connections mid-stream. */
  tcpLoose = true;

  /** The simulated time (ms) of the latest packet; entries older than their timeout are gone. */
  now = 0;

  /** Confirmed, live entries in insertion order (`conntrack -L` at simulated time `now`). */
  entries(now = this.now): CtEntry[] {
    const seen = new Set<CtEntry>();
    for (const { entry } of this.byTuple.values()) if (this.alive(entry, now)) seen.add(entry);
    return [...seen];
  }

  private alive(e: CtEntry, now: number): boolean {
    return !e.dead && e.expires > now;
  }

  find(t: Tuple): { entry: CtEntry; dir: Dir } | undefined {
    const hit = this.byTuple.get(tupleKey(t));
    if (hit && !this.alive(hit.entry, this.now)) {
      this.remove(hit.entry);
      return undefined;
    }
    return hit;
  }

  /** Whether a tuple is taken by a confirmed entry (nf_nat_used_tuple). */
  inUse(t: Tuple): boolean {
    return this.find(t) !== undefined;
  }

  flush(): void {
    this.byTuple.clear();
  }

  /** nf_conntrack_in: classify the packet (at simulated time `now`, ms), creating or updating its entry. */
  track(p: Ipv4Packet, now = this.now): CtAttachment {
    this.now = Math.max(this.now, now);
    const a = this.classify(p, now);
    if (a.entry && a.state !== 'RELATED' && a.state !== 'INVALID')
      a.entry.expires = now + timeoutMs(a.entry);
    return a;
  }

  private classify(p: Ipv4Packet, now: number): CtAttachment {
    if (isIcmpError(p.l4)) return this.related(p.l4.quoted);
    const t = tupleOf(p);
    if (t === undefined) return { state: 'INVALID', dir: 'ORIGINAL' };
    const hit = this.find(t);
    if (hit && p.l4.kind === 'tcp' && reopens(hit.entry, p.l4.flags)) {
      // tcp_packet: a SYN on a closed connection's tuple starts a new one (the old is killed).
      this.remove(hit.entry);
      return this.create(t, p, now);
    }
    if (hit) return this.update(hit.entry, hit.dir, p, now);
    return this.create(t, p, now);
  }

  /** An ICMP error belongs to the connection of the packet it quotes (icmp_error_message). */
  private related(quoted: Ipv4Packet): CtAttachment {
    const t = tupleOf(quoted);
    const hit = t && this.find(t);
    if (!hit) return { state: 'INVALID', dir: 'ORIGINAL' };
    return {
      entry: hit.entry,
      state: 'RELATED',
      dir: hit.dir === 'ORIGINAL' ? 'REPLY' : 'ORIGINAL',
    };
  }

  private create(t: Tuple, p: Ipv4Packet, now: number): CtAttachment {
    const e = newEntry(this.nextId++, t, now);
    if (p.l4.kind === 'tcp') {
      const s = tcpNewState(p.l4.flags, this.tcpLoose);
      if (s === undefined) return { state: 'INVALID', dir: 'ORIGINAL' };
      e.tcpState = s;
    }
    if (
      p.l4.kind === 'icmp' &&
      p.l4.type !== 8 &&
      p.l4.type !== 13 &&
      p.l4.type !== 15 &&
      p.l4.type !== 17
    ) {
      return { state: 'INVALID', dir: 'ORIGINAL' };
    }
    return { entry: e, state: 'NEW', dir: 'ORIGINAL' };
  }

  private update(e: CtEntry, dir: Dir, p: Ipv4Packet, now: number): CtAttachment {
    if (p.l4.kind === 'tcp' && !tcpUpdate(e, dir, p.l4.flags))
      return { entry: e, state: 'INVALID', dir };
    // udp_packet: traffic both ways still flowing 2 s after the first packet is a stream: ASSURED.
    if (p.l4.kind === 'udp' && e.seenReply && now > e.created + UDP_STREAM_MS) e.assured = true;
    if (e.dead) {
      this.remove(e);
      return { entry: e, state: 'ESTABLISHED', dir };
    }
    if (dir === 'REPLY') e.seenReply = true;
    const state: CtState = dir === 'REPLY' || e.seenReply ? 'ESTABLISHED' : 'NEW';
    return { entry: e, state, dir };
  }

  /** nf_conntrack_confirm at the last hook: the entry becomes visible under both tuples. */
  confirm(e: CtEntry): void {
    if (e.confirmed || e.dead) return;
    e.confirmed = true;
    this.byTuple.set(tupleKey(e.orig), { entry: e, dir: 'ORIGINAL' });
    this.byTuple.set(tupleKey(e.reply), { entry: e, dir: 'REPLY' });
  }

  private remove(e: CtEntry): void {
    this.byTuple.delete(tupleKey(e.orig));
    this.byTuple.delete(tupleKey(e.reply));
  }
}
