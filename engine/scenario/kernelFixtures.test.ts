/**
 * The four recordings of shared/fixtures/kernel (copied beside this test), made on the real
 * kernel by oracle-tools/trace.py, replayed through the engine field by field.
 */
import { checkRecordings } from './recordingCheck.ts';

checkRecordings(
  import.meta.glob('./fixtures/kernel/*.json', {
    query: '?raw',
    import: 'default',
    eager: true,
  }) as Record<string, string>,
);
