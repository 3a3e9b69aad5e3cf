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
  it('keeps the kernel couplings and value parsing measured on Linux 6.18', () => {
    const s = new Sysctls();
    expect(s.write('net.ipv4.ip_forward', '2')).toBe('ok');
    expect([
      s.get('net.ipv4.conf.lo.forwarding'),
      s.get('net.ipv4.conf.all.accept_redirects'),
    ]).toEqual(['2', '0']);
    expect(s.flag('net.ipv4.ip_forward')).toBe(true);
    expect(s.write('net.ipv4.ip_forward', '99999999999')).toBe('invalid');
    expect(s.write('net.bridge.bridge-nf-call-iptables', '5')).toBe('ok');
    expect(s.get('net.bridge.bridge-nf-call-iptables')).toBe('1');
    expect(s.write('net.ipv4.ip_local_port_range', '1000 2000')).toBe('invalid');
    expect(s.write('net.ipv4.ip_local_port_range', '20000   30000')).toBe('ok');
    expect(s.get('net.ipv4.ip_local_port_range')).toBe('20000\t30000');
  });
  it('shows exactly the registered keys to /proc/sys readers', () => {
    const s = new Sysctls();
    expect(s.lookup('net.ipv4.conf.eth0.rp_filter')).toBeUndefined();
    expect(s.write('net.ipv4.conf.eth0.rp_filter', '1')).toBe('unknown');
    s.addDevice('eth0');
    expect(s.lookup('net.ipv4.conf.eth0.rp_filter')).toBe('0');
    expect(s.keys()).toContain('net.ipv4.conf.eth0.forwarding');
    s.removeDevice('eth0');
    expect(s.keys()).not.toContain('net.ipv4.conf.eth0.forwarding');
    expect(
      new Sysctls({ bridgeNetfilter: false }).lookup('net.bridge.bridge-nf-call-iptables'),
    ).toBeUndefined();
  });
});
