/**
 * `npm run verify:kernel [--record] [SCENARIO…]` and `npm run verify:kernel -- --cleanup`.
 * Exit 0: every judged field agrees; 1: a judged difference or a failed run; 2: bad usage.
 */
import { ScenarioError } from './validate.ts';
import { runVerify, VerifyUsageError } from './run.ts';

const out = (t: string) => process.stdout.write(t);
const err = (t: string) => process.stderr.write(t);

try {
  process.exitCode = await runVerify(process.argv.slice(2), out, err);
} catch (e) {
  if (e instanceof VerifyUsageError || e instanceof ScenarioError) {
    err(`verify: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    err(`verify: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}
