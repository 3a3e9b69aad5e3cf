import { describe, expect, it } from 'vitest';
import { TCP_FLAG } from '../netfilter/packetMeta.ts';
import { formatIpv4, parseIpv4 } from './ipv4.ts';
import {
  formatTcpFlags,
  icmpEcho,
  icmpError,
  ipv4,
  tcpSegment,
  udpDatagram,
  withSource,
} from './packet.ts';

const a = parseIpv4('10.10.0.2')!;
const b = parseIpv4('10.20.0.2')!;

describe('packet lengths as Linux sends them', () => {
  it('SYN and SYN-ACK 60, ACK 52, RST 40', () => {
    expect(ipv4(a, b, tcpSegment(40000, 80, TCP_FLAG.SYN)).len).toBe(60);
    expect(ipv4(b, a, tcpSegment(80, 40000, TCP_FLAG.SYN | TCP_FLAG.ACK)).len).toBe(60);
    expect(ipv4(a, b, tcpSegment(40000, 80, TCP_FLAG.ACK)).len).toBe(52);
    expect(ipv4(b, a, tcpSegment(80, 40000, TCP_FLAG.RST | TCP_FLAG.ACK)).len).toBe(40);
  });
  it('echo 84, UDP 28 + payload bytes, ICMP error 28 + quoted', () => {
    const echo = ipv4(a, b, icmpEcho(8, 0x4001, 1));
    expect(echo.len).toBe(84);
    expect(ipv4(a, b, udpDatagram(1, 53, 'probe a1->b1 udp/53 (across bridges)')).len).toBe(64);
    expect(ipv4(b, a, icmpError(3, 0, echo)).len).toBe(112);
  });
  it('is immutable under NAT rewrites', () => {
    const syn = ipv4(a, b, tcpSegment(40000, 80, TCP_FLAG.SYN));
    const n = withSource(syn, b, 1234);
    expect(syn.src).toBe(a);
    expect(n.l4.kind === 'tcp' && n.l4.sport).toBe(1234);
  });
});

describe('IP id, DF and the TCP window as Linux writes them', () => {
  it('defaults to DF with id 0 (an unconnected socket, a reset sender)', () => {
    const rst = ipv4(b, a, tcpSegment(80, 40000, TCP_FLAG.RST | TCP_FLAG.ACK));
    expect([rst.id, rst.df]).toEqual([0, true]);
    const err = ipv4(b, a, icmpError(3, 3, rst), 64, { id: 7, df: false });
    expect([err.id, err.df]).toEqual([7, false]);
  });
  it('offers 64240 in a SYN, 65160 in a SYN-ACK, 502 later, 0 in a reset', () => {
    const win = (f: number) => tcpSegment(1, 2, f).window;
    expect(win(TCP_FLAG.SYN)).toBe(64240);
    expect(win(TCP_FLAG.SYN | TCP_FLAG.ACK)).toBe(65160);
    expect(win(TCP_FLAG.ACK)).toBe(502);
    expect(win(TCP_FLAG.RST)).toBe(0);
  });
});

describe('formatting', () => {
  it('formats addresses and flags', () => {
    expect(formatIpv4(a)).toBe('10.10.0.2');
    expect(parseIpv4('256.1.1.1')).toBeUndefined();
    expect(parseIpv4('1.2.3')).toBeUndefined();
    expect(formatTcpFlags(TCP_FLAG.SYN | TCP_FLAG.ACK)).toBe('SYN,ACK');
    expect(formatTcpFlags(TCP_FLAG.RST | TCP_FLAG.ACK)).toBe('RST,ACK');
  });
});
