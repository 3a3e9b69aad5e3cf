// The topology's markup: names longer than a box are condensed into it (Docker's br-<12 hex>),
// short ones are drawn as they are; lines are polylines from the layout. Topology is a pure
// function of its props, so the test reads the element tree it returns.
import type { VNode } from 'preact';
import { describe, expect, it } from 'vitest';
import Topology from './Topology.tsx';

interface El {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly text: string;
}

function elements(node: unknown, out: El[] = []): El[] {
  if (Array.isArray(node)) node.forEach((n) => elements(n, out));
  else if (node && typeof node === 'object' && 'props' in node) {
    const v = node as VNode<Record<string, unknown>>;
    if (typeof v.type === 'string') out.push({ type: v.type, props: v.props, text: textOf(v) });
    elements(v.props.children, out);
  }
  return out;
}

function textOf(node: unknown): string {
  if (typeof node === 'string' || typeof node === 'number') return String(node);
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object' && 'props' in node)
    return textOf((node as VNode<{ children?: unknown }>).props.children);
  return '';
}

const scenario = {
  name: 'long-names',
  namespaces: {
    host: { bridges: [{ name: 'br-0123456789ab', addrs: ['172.18.0.1/16'] }] },
    c1: {},
  },
  links: [
    {
      a: { ns: 'host', name: 'veth0', master: 'br-0123456789ab' },
      b: { ns: 'c1', name: 'eth0', addrs: ['172.18.100.200/16'] },
    },
  ],
};

describe('Topology markup', () => {
  const els = elements(Topology({ scenario }));
  const tspan = (text: string) => els.find((e) => e.type === 'tspan' && e.text === text);
  it('condenses a name or address longer than a box into the box', () => {
    expect(tspan('br-0123456789ab')?.props).toMatchObject({ textLength: 102 });
    expect(tspan('172.18.100.200/16')?.props).toMatchObject({ textLength: 102 });
  });
  it('leaves names that fit as they are', () => {
    expect(tspan('host')?.props.textLength).toBeUndefined();
    expect(tspan('172.18.0.1/16')?.props.textLength).toBeUndefined();
  });
  it('draws each link as a polyline', () => {
    expect(els.filter((e) => e.type === 'polyline')).toHaveLength(2);
  });
});
