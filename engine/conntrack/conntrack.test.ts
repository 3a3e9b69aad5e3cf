import { describe, expect, it } from 'vitest';
import { TCP_FLAG } from '../netfilter/packetMeta.ts';
import { parseIpv4 } from '../packet/ipv4.ts';
import { icmpEcho, icmpError, ipv4, tcpSegment, udpDatagram } from '../packet/packet.ts';
import { bindDestination, bindSource, manipulate } from '../nat/binding.ts';
import { listEntry } from './list.ts';
import { ConntrackTable } from './table.ts';

const c = parseIpv4('10.10.0.2')!;
const s = parseIpv4('10.20.0.2')!;
const { SYN, ACK, RST } = TCP_FLAG;

describe('conntrack', () => {
  it('follows a handshake to ESTABLISHED [ASSURED]', () => {
    const ct = new ConntrackTable();
    const syn = ct.track(ipv4(c, s, tcpSegment(40000, 80, SYN)));
    expect(syn.state).toBe('NEW');
    ct.confirm(syn.entry!);
    expect(ct.track(ipv4(s, c, tcpSegment(80, 40000, SYN | ACK))).state).toBe('ESTABLISHED');
    expect(ct.track(ipv4(c, s, tcpSegment(40000, 80, ACK))).state).toBe('ESTABLISHED');
    expect(listEntry(ct.entries()[0]!)).toEqual({
      proto: 'tcp',
      state: 'ESTABLISHED',
      mark: '0',
      orig: { src: '10.10.0.2', dst: '10.20.0.2', sport: 40000, dport: 80 },
      reply: { src: '10.20.0.2', dst: '10.10.0.2', sport: 80, dport: 40000 },
      flags: ['ASSURED'],
    });
  });
  it('forgets an unconfirmed entry and kills one whose only reply is a RST', () => {
    const ct = new ConntrackTable();
    ct.track(ipv4(c, s, tcpSegment(40000, 80, SYN)));
    expect(ct.entries()).toHaveLength(0);
    const syn = ct.track(ipv4(c, s, tcpSegment(40001, 80, SYN)));
    ct.confirm(syn.entry!);
    ct.track(ipv4(s, c, tcpSegment(80, 40001, RST | ACK)));
    expect(ct.entries()).toHaveLength(0);
  });
  it('classifies ICMP errors as RELATED and stray packets as INVALID', () => {
    const ct = new ConntrackTable();
    const dgram = ipv4(c, s, udpDatagram(40000, 53, 'x'));
    ct.confirm(ct.track(dgram).entry!);
    expect(ct.track(ipv4(s, c, icmpError(3, 3, dgram))).state).toBe('RELATED');
    expect(ct.track(ipv4(s, c, tcpSegment(80, 1, RST))).state).toBe('INVALID');
    expect(ct.track(ipv4(s, c, icmpEcho(0, 5, 1))).state).toBe('INVALID');
    expect(listEntry(ct.entries()[0]!).flags).toEqual(['UNREPLIED']);
  });
});

describe('NAT bindings', () => {
  it('DNAT rewrites the original direction and un-NATs the reply', () => {
    const ct = new ConntrackTable();
    const pub = parseIpv4('198.51.100.2')!;
    const syn = ipv4(c, pub, tcpSegment(40000, 8080, SYN));
    const e = ct.track(syn).entry!;
    bindDestination(e, s, 80);
    const out = manipulate(syn, e, 'ORIGINAL', 'dst');
    expect([out.dst, out.l4.kind === 'tcp' && out.l4.dport]).toEqual([s, 80]);
    ct.confirm(e);
    const reply = ipv4(s, c, tcpSegment(80, 40000, SYN | ACK));
    expect(ct.track(reply).dir).toBe('REPLY');
    const back = manipulate(reply, e, 'REPLY', 'src');
    expect([back.src, back.l4.kind === 'tcp' && back.l4.sport]).toEqual([pub, 8080]);
  });
  it('SNAT keeps the source port unless it is taken', () => {
    const ct = new ConntrackTable();
    const snat = parseIpv4('10.20.0.1')!;
    const a = ct.track(ipv4(c, s, tcpSegment(40000, 80, SYN))).entry!;
    bindSource(a, snat, undefined, (t) => ct.inUse(t), undefined);
    expect(a.reply.dport).toBe(40000);
    ct.confirm(a);
    const other = parseIpv4('10.10.0.3')!;
    const b = ct.track(ipv4(other, s, tcpSegment(40000, 80, SYN))).entry!;
    bindSource(b, snat, undefined, (t) => ct.inUse(t), undefined);
    expect(b.reply.dport).toBe(1024);
  });
});

describe('conntrack timeouts', () => {
  it('forgets an unreplied UDP flow after 30 s and keeps an ESTABLISHED TCP one', () => {
    const ct = new ConntrackTable();
    ct.confirm(ct.track(ipv4(c, s, udpDatagram(40000, 53, 'x')), 1000).entry!);
    const syn = ct.track(ipv4(c, s, tcpSegment(40001, 80, SYN)), 1000);
    ct.confirm(syn.entry!);
    ct.track(ipv4(s, c, tcpSegment(80, 40001, SYN | ACK)), 1000);
    ct.track(ipv4(c, s, tcpSegment(40001, 80, ACK)), 1000);
    expect(ct.entries(30_000)).toHaveLength(2);
    expect(ct.entries(31_001).map((e) => e.tcpState)).toEqual(['ESTABLISHED']);
  });
});
