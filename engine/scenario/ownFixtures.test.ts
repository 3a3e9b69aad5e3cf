/**
 * Scenarios written for the behaviours of kernel-facts.md (fixtures/own, README there), each
 * recorded on the real kernel with oracle-tools/trace.py, replayed through the engine.
 */
import { checkRecordings } from './recordingCheck.ts';

checkRecordings(
  import.meta.glob('./fixtures/own/*.json', {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>,
);
