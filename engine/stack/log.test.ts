import { describe, expect, it } from 'vitest';
import type { LogTarget, Ruleset } from '../netfilter/model.ts';
import { IPPROTO } from '../netfilter/packetMeta.ts';
import { runScenario } from '../scenario/run.ts';
import { ruleset } from './testRules.ts';

/** a1 (10.10.0.2) - router (br10 / br20) - b1 (10.20.0.2), the router forwarding. */
function scenario(probes: unknown[]) {
  return {
    name: 'log',
    namespaces: {
      host: {
        sysctls: { 'net.ipv4.ip_forward': 1 },
        bridges: [
          { name: 'br10', addrs: ['10.10.0.1/24'] },
          { name: 'br20', addrs: ['10.20.0.1/24'] },
        ],
        iptables: ['x'],
      },
      a1: { routes: ['default via 10.10.0.1'] },
      b1: { routes: ['default via 10.20.0.1'] },
    },
    links: [
      {
        a: { ns: 'host', name: 'veth-a1', master: 'br10' },
        b: { ns: 'a1', name: 'eth0', addrs: ['10.10.0.2/24'] },
      },
      {
        a: { ns: 'host', name: 'veth-b1', master: 'br20' },
        b: { ns: 'b1', name: 'eth0', addrs: ['10.20.0.2/24'] },
      },
    ],
    probes,
  };
}

const log = (over: Partial<LogTarget> = {}): LogTarget => ({
  kind: 'LOG',
  level: 4,
  prefix: '',
  tcpSequence: false,
  tcpOptions: false,
  ipOptions: false,
  uid: false,
  macDecode: false,
  ...over,
});

function logLines(probes: unknown[], rs: Ruleset): { level: number; line: string }[][] {
  const run = runScenario(scenario(probes), {
    restore: () => ({ ruleset: rs }),
    save: () => [],
  });
  return run.traces.map((t) =>
    t.flatMap((e) => (e.type === 'log' ? [{ level: e.level, line: e.line }] : [])),
  );
}

const MAC_A1 = 'MAC=02:50:00:00:00:01:02:50:00:00:00:04:08:00';
const MAC_B1 = 'MAC=02:50:00:00:00:02:02:50:00:00:00:06:08:00';

describe('LOG lines as nf_log_syslog.c writes them', () => {
  it('a forwarded handshake: TTL one less, DF, the socket ids, PHYSIN and MAC of br_netfilter', () => {
    const rs = ruleset({
      filter: { chains: { FORWARD: [{ p: IPPROTO.TCP, j: log({ prefix: 'FWD ', level: 6 }) }] } },
    });
    const [lines] = logLines([{ from: 'a1', proto: 'tcp', dst: '10.20.0.2', dport: 80 }], rs);
    const ip = 'LEN=60 TOS=0x00 PREC=0x00 TTL=63';
    expect(lines).toEqual([
      {
        level: 6,
        line:
          `FWD IN=br10 OUT=br20 PHYSIN=veth-a1 ${MAC_A1} SRC=10.10.0.2 DST=10.20.0.2 ${ip} ID=1 ` +
          'DF PROTO=TCP SPT=40001 DPT=80 WINDOW=64240 RES=0x00 SYN URGP=0 ',
      },
      {
        level: 6,
        // ip_build_and_send_pkt: a SYN-ACK carries DF and id 0.
        line:
          `FWD IN=br20 OUT=br10 PHYSIN=veth-b1 ${MAC_B1} SRC=10.20.0.2 DST=10.10.0.2 ${ip} ID=0 ` +
          'DF PROTO=TCP SPT=80 DPT=40001 WINDOW=65160 RES=0x00 ACK SYN URGP=0 ',
      },
      {
        level: 6,
        line:
          `FWD IN=br10 OUT=br20 PHYSIN=veth-a1 ${MAC_A1} SRC=10.10.0.2 DST=10.20.0.2 ` +
          'LEN=52 TOS=0x00 PREC=0x00 TTL=63 ID=2 DF PROTO=TCP SPT=40001 DPT=80 WINDOW=502 ' +
          'RES=0x00 ACK URGP=0 ',
      },
    ]);
  });
  it('a locally made packet: no MAC=, TTL 64, UID/GID only with --log-uid and a socket', () => {
    const rs = ruleset({
      filter: { chains: { OUTPUT: [{ j: log({ uid: true }) }] } },
    });
    const [lines] = logLines([{ from: 'host', proto: 'tcp', dst: '10.20.0.2', dport: 80 }], rs);
    expect(lines!.map((l) => l.line)).toEqual([
      'IN= OUT=br20 SRC=10.20.0.1 DST=10.20.0.2 LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF ' +
        'PROTO=TCP SPT=40001 DPT=80 WINDOW=64240 RES=0x00 SYN URGP=0 UID=0 GID=0 ',
      'IN= OUT=br20 SRC=10.20.0.1 DST=10.20.0.2 LEN=52 TOS=0x00 PREC=0x00 TTL=64 ID=2 DF ' +
        'PROTO=TCP SPT=40001 DPT=80 WINDOW=502 RES=0x00 ACK URGP=0 UID=0 GID=0 ',
    ]);
  });
  it('an ICMP error quotes the offending packet in brackets; UDP shows its own LEN=', () => {
    const rs = ruleset({
      filter: { chains: { INPUT: [{ p: IPPROTO.UDP, j: log({ macDecode: true, uid: true }) }] } },
    });
    const probe = { from: 'a1', proto: 'udp', dst: '10.10.0.1', dport: 53, listen: false };
    // --log-macdecode spells the Ethernet header out; no socket owns the datagram, so no UID=.
    expect(logLines([probe], rs)[0]!.map((l) => l.line)).toEqual([
      'IN=br10 OUT= PHYSIN=veth-a1 MACSRC=02:50:00:00:00:04 MACDST=02:50:00:00:00:01 ' +
        'MACPROTO=0800 SRC=10.10.0.2 DST=10.10.0.1 LEN=34 TOS=0x00 PREC=0x00 TTL=64 ID=1 DF ' +
        'PROTO=UDP SPT=40001 DPT=53 LEN=14 ',
    ]);
    const out = ruleset({
      filter: { chains: { OUTPUT: [{ p: IPPROTO.ICMP, j: log({ prefix: 'E: ' }) }] } },
    });
    // icmp_send: no DF and a hashed id (here the namespace's counter).
    const [err] = logLines([probe], out);
    expect(err!.map((l) => l.line)).toEqual([
      'E: IN= OUT=br10 SRC=10.10.0.1 DST=10.10.0.2 LEN=62 TOS=0x00 PREC=0x00 TTL=64 ID=1 ' +
        'PROTO=ICMP TYPE=3 CODE=3 [SRC=10.10.0.2 DST=10.10.0.1 LEN=34 TOS=0x00 PREC=0x00 ' +
        'TTL=64 ID=1 DF PROTO=UDP SPT=40001 DPT=53 LEN=14 ] ',
    ]);
  });
  it('echo: the raw socket sends DF id 0, the kernel answers without DF; MARK= last', () => {
    const rs = ruleset({
      mangle: { chains: { INPUT: [{ j: { kind: 'MARK', value: 0x2a, mask: 0xffffffff } }] } },
      filter: { chains: { OUTPUT: [{ j: log() }], INPUT: [{ j: log() }] } },
    });
    const [lines] = logLines([{ from: 'host', proto: 'icmp', dst: '10.20.0.2' }], rs);
    const text = lines!.map((l) => l.line.replace(/MAC=\S+ /, 'MAC=… '));
    expect(text).toEqual([
      'IN= OUT=br20 SRC=10.20.0.1 DST=10.20.0.2 LEN=84 TOS=0x00 PREC=0x00 TTL=64 ID=0 DF ' +
        `PROTO=ICMP TYPE=8 CODE=0 ID=${text[0]!.match(/CODE=0 ID=(\d+)/)![1]} SEQ=1 `,
      'IN=br20 OUT= PHYSIN=veth-b1 MAC=… SRC=10.20.0.2 DST=10.20.0.1 LEN=84 TOS=0x00 ' +
        `PREC=0x00 TTL=64 ID=1 PROTO=ICMP TYPE=0 CODE=0 ID=${text[0]!.match(/CODE=0 ID=(\d+)/)![1]} ` +
        'SEQ=1 MARK=0x2a ',
    ]);
  });
  it('early demux gives INPUT the connecting socket: the SYN-ACK shows UID=', () => {
    const rs = ruleset({
      filter: { chains: { INPUT: [{ p: IPPROTO.TCP, j: log({ uid: true }) }] } },
    });
    const [lines] = logLines([{ from: 'host', proto: 'tcp', dst: '10.20.0.2', dport: 80 }], rs);
    expect(lines).toHaveLength(1);
    expect(lines![0]!.line).toMatch(/ ACK SYN URGP=0 UID=0 GID=0 $/);
  });
});
