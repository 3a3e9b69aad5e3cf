import { describe, expect, it } from 'vitest';
import { decide, learn } from './bridge.ts';
import { BROADCAST_MAC, newDevice, type Bridge } from './device.ts';

function bridge(): Bridge {
  return newDevice('bridge', 'br0', '02:00:00:00:00:01') as Bridge;
}
const ports = [
  { name: 'p1', hairpin: false },
  { name: 'p2', hairpin: false },
  { name: 'p3', hairpin: true },
];

describe('bridge forwarding', () => {
  it('delivers frames for its own MAC locally', () => {
    expect(decide(bridge(), 'p1', '02:00:00:00:00:01', ports)).toEqual({ kind: 'local' });
  });
  it('floods unknown unicast and broadcast to the other ports', () => {
    expect(decide(bridge(), 'p1', 'aa:aa:aa:aa:aa:aa', ports)).toEqual({
      kind: 'flood',
      ports: ['p2', 'p3'],
    });
    expect(decide(bridge(), 'p3', BROADCAST_MAC, ports)).toEqual({
      kind: 'flood',
      ports: ['p1', 'p2', 'p3'],
    });
  });
  it('learns and forwards known unicast', () => {
    const br = bridge();
    learn(br, 'aa:aa:aa:aa:aa:02', 'p2');
    expect(decide(br, 'p1', 'aa:aa:aa:aa:aa:02', ports)).toEqual({ kind: 'forward', port: 'p2' });
  });
  it('drops a frame back out of its ingress port unless hairpin is on', () => {
    const br = bridge();
    learn(br, 'aa:aa:aa:aa:aa:01', 'p1');
    learn(br, 'aa:aa:aa:aa:aa:03', 'p3');
    expect(decide(br, 'p1', 'aa:aa:aa:aa:aa:01', ports)).toEqual({
      kind: 'drop',
      reason: 'hairpin-off',
    });
    expect(decide(br, 'p3', 'aa:aa:aa:aa:aa:03', ports)).toEqual({ kind: 'forward', port: 'p3' });
  });
});
