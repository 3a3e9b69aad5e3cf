/**
 * 114 random scenarios from verify/random.ts (fast-check seeds 4242, 9001, 31337, 777, 2026, 99: a router with one
 * to three segments, random ip_forward / bridge-nf-call-iptables, filter and nat rules, probes
 * between hosts and router), recorded on the real kernel with oracle-tools/trace.py and replayed
 * through the engine field by field (fixtures/random).
 */
import { checkRecordings } from './recordingCheck.ts';

checkRecordings(
  import.meta.glob('./fixtures/random/*.json', {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>,
);
