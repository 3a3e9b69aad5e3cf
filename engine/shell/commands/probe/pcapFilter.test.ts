// pcap-filter over the simulator's packets. Error texts are tcpdump 4.99.3's (libpcap 1.10.3)
// as measured with `tcpdump -n -i eth0 -d FILTER` in a throwaway namespace; the precedence
// rule was measured too: with a ping to 10.0.0.2 running, `icmp or udp and host 10.0.0.9`
// captured nothing and `host 10.0.0.9 and udp or icmp` captured the request and the reply.
import { describe, expect, it } from 'vitest';
import type { PacketView } from '../../../trace/events.ts';
import { compileFilter } from './pcapFilter.ts';

const tcp = (sport: number, dport: number, src = '10.0.0.1', dst = '10.0.0.2'): PacketView => ({
  proto: 'tcp',
  src,
  dst,
  sport,
  dport,
  flags: 'SYN',
  ttl: 64,
  len: 60,
});
const udp = (dport: number, src = '10.0.0.1', dst = '10.0.0.2'): PacketView => ({
  proto: 'udp',
  src,
  dst,
  sport: 40001,
  dport,
  ttl: 64,
  len: 34,
});
const echo: PacketView = {
  proto: 'icmp',
  src: '10.0.0.1',
  dst: '10.0.0.2',
  type: 8,
  code: 0,
  ttl: 64,
  len: 84,
};
const portUnreachable: PacketView = { ...echo, src: '10.0.0.2', dst: '10.0.0.1', type: 3, code: 3 };

function matches(filter: string, p: PacketView): boolean {
  const c = compileFilter(filter.split(' '));
  if (!c.ok) throw new Error(JSON.stringify(c));
  return c.test(p);
}

describe('pcap filter primitives', () => {
  it('protocols, hosts, nets and ports', () => {
    expect(matches('icmp', echo)).toBe(true);
    expect(matches('tcp', echo)).toBe(false);
    expect(matches('ip', udp(53))).toBe(true);
    expect(matches('host 10.0.0.2', echo)).toBe(true);
    expect(matches('src host 10.0.0.2', echo)).toBe(false);
    expect(matches('dst 10.0.0.2', echo)).toBe(true);
    expect(matches('net 10.0.0.0/24', echo)).toBe(true);
    expect(matches('src net 192.0.2.0/24', echo)).toBe(false);
    expect(matches('port 8080', tcp(40001, 8080))).toBe(true);
    expect(matches('udp port 8080', tcp(40001, 8080))).toBe(false);
    expect(matches('tcp src port 8080', tcp(40001, 8080))).toBe(false);
    expect(matches('port http-alt', tcp(40001, 8080))).toBe(true);
    expect(matches('port domain', udp(53))).toBe(true);
    // A port is a TCP or UDP header's: an ICMP error quoting one does not match.
    expect(matches('port 7003', portUnreachable)).toBe(false);
    expect(matches('host localhost', { ...echo, dst: '127.0.0.1' })).toBe(true);
    expect(matches('ip host 10.0.0.1', echo)).toBe(true);
  });

  it('not binds tightest; and/or have equal precedence, from the left', () => {
    expect(matches('icmp or udp and host 10.0.0.9', echo)).toBe(false);
    expect(matches('host 10.0.0.9 and udp or icmp', echo)).toBe(true);
    expect(matches('icmp or ( udp and host 10.0.0.9 )', echo)).toBe(true);
    expect(matches('not tcp', echo)).toBe(true);
    expect(matches('! icmp && ! udp', echo)).toBe(false);
    expect(matches('tcp || icmp', echo)).toBe(true);
    expect(compileFilter(['(icmp)']).ok).toBe(true);
  });

  it('an identifier alone takes the keywords before it', () => {
    expect(matches('port 80 or 8080', tcp(40001, 8080))).toBe(true);
    expect(matches('tcp dst port 80 or 443', tcp(443, 40001))).toBe(false);
    expect(matches('host 10.0.0.9 or 10.0.0.2', echo)).toBe(true);
  });
});

describe('pcap filter errors', () => {
  const error = (f: string) => compileFilter(f.split(' '));
  it('prints tcpdump’s messages', () => {
    for (const f of ['port', 'foo', '80', '10.0.0.1', 'localhost', 'tcp and', 'icmp or', '( icmp'])
      expect(error(f), f).toEqual({
        ok: false,
        error: "can't parse filter expression: syntax error",
      });
    expect(error('port 99999')).toEqual({ ok: false, error: 'illegal port number 99999 > 65535' });
    expect(error('port xyzzy')).toEqual({ ok: false, error: "unknown port 'xyzzy'" });
    expect(error('host 10.0.0.300')).toEqual({
      ok: false,
      error: "invalid IPv4 address '10.0.0.300'",
    });
    expect(error('icmp port 80')).toEqual({ ok: false, error: "illegal qualifier of 'port'" });
    expect(error('net 10.0.0.1/24')).toEqual({
      ok: false,
      error: 'non-network bits set in "10.0.0.1/24"',
    });
    expect(error('udp and 53')).toEqual({ ok: false, error: 'syntax error in filter expression' });
    expect(error('tcp host 10.0.0.1')).toEqual({
      ok: false,
      error: "'tcp' modifier applied to host",
    });
    // No resolver: a host name other than localhost is unknown.
    expect(error('host web')).toEqual({ ok: false, error: "unknown host 'web'" });
  });

  it('refuses what the simulator does not capture', () => {
    expect(error('ether host 1:2:3:4:5:6')).toEqual({ ok: false, unsupported: 'ether' });
    expect(error('arp')).toEqual({ ok: false, unsupported: 'arp' });
  });
});
