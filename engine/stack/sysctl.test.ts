import { describe, expect, it } from 'vitest';
import { Sysctls } from './sysctl.ts';

describe('per-namespace sysctls', () => {
  it("start at a new namespace's defaults", () => {
    const s = new Sysctls();
    expect(s.get('net.ipv4.ip_forward')).toBe('0');
    expect(s.get('net.bridge.bridge-nf-call-iptables')).toBe('1');
    expect(s.get('net/ipv4/conf/all/rp_filter')).toBe('0');
    expect(s.get('net.netfilter.nf_conntrack_tcp_loose')).toBe('1');
  });
  it('keeps ip_forward and conf.all.forwarding as one setting', () => {
    const s = new Sysctls();
    expect(s.set('net.ipv4.ip_forward', '1')).toBeUndefined();
    expect(s.get('net.ipv4.conf.all.forwarding')).toBe('1');
  });
  it('lets a device inherit conf.default until set', () => {
    const s = new Sysctls();
    s.set('net.ipv4.conf.default.rp_filter', '2');
    expect(s.get('net.ipv4.conf.eth0.rp_filter')).toBe('2');
    s.set('net.ipv4.conf.eth0.rp_filter', '0');
    expect(s.get('net.ipv4.conf.eth0.rp_filter')).toBe('0');
  });
  it('refuses unknown keys and non-numbers as sysctl does', () => {
    const s = new Sysctls();
    expect(s.set('net.ipv4.nope', '1')).toMatch(/cannot stat \/proc\/sys\/net\/ipv4\/nope/);
    expect(s.set('net.ipv4.ip_forward', 'yes')).toMatch(/Invalid argument/);
  });
});
