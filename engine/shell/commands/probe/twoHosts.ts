/**
 * Test fixtures: two hosts on a veth pair, as typed on a real machine to measure the probe,
 * tcpdump and ss tests. TWO_HOSTS: the shell's own namespace (v0, 10.0.0.1/24) and namespace
 * `b` (v1, 10.0.0.2/24); TWO_NAMESPACES: namespaces `a` (va, 10.0.0.1/24) and `b` (vb,
 * 10.0.0.2/24). Every end is up.
 */
import { expect } from 'vitest';
import { createHostShell, type HostShellOptions } from '../../index.ts';

export const TWO_HOSTS: readonly string[] = [
  'ip netns add b',
  'ip link add v0 type veth peer name v1 netns b',
  'ip addr add 10.0.0.1/24 dev v0',
  'ip link set v0 up',
  'ip -n b addr add 10.0.0.2/24 dev v1',
  'ip -n b link set v1 up',
];

export const TWO_NAMESPACES: readonly string[] = [
  'ip netns add a',
  'ip netns add b',
  'ip link add va type veth peer name vb',
  'ip link set va netns a',
  'ip link set vb netns b',
  'ip -n a addr add 10.0.0.1/24 dev va',
  'ip -n b addr add 10.0.0.2/24 dev vb',
  'ip -n a link set va up',
  'ip -n b link set vb up',
];

type HostShell = ReturnType<typeof createHostShell>;

/** A fresh host shell with `lines` run, each checked to succeed. */
function shellWith(lines: readonly string[], options: HostShellOptions): HostShell {
  const sh = createHostShell(options);
  for (const line of lines) expect(sh.run(line), line).toMatchObject({ exit: 0 });
  return sh;
}

/** A fresh host shell with TWO_HOSTS and then `more` run, each line checked to succeed. */
export function twoHosts(more: readonly string[] = [], options: HostShellOptions = {}): HostShell {
  return shellWith([...TWO_HOSTS, ...more], options);
}

/** A fresh host shell with TWO_NAMESPACES and then `more` run, each line checked to succeed. */
export function twoNamespaces(
  more: readonly string[] = [],
  options: HostShellOptions = {},
): HostShell {
  return shellWith([...TWO_NAMESPACES, ...more], options);
}
