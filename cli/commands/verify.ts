/**
 * `packetpath verify SCENARIO.json…`: replay scenarios on real network namespaces and diff
 * the kernel's answer with the golden file and the engine (verify/run.ts does the work).
 */
import { UsageError, type CliIO } from '../io.ts';
import type { Subcommand } from '../subcommands.ts';
import { runVerify, USAGE, VerifyUsageError } from '../../verify/run.ts';
import { ScenarioError } from '../../verify/validate.ts';

const verify: Subcommand = {
  name: 'verify',
  summary: 'replay a scenario on the real kernel (root) and diff it with the engine',
  usage: USAGE.replace(/^Usage: verify/, 'Usage: packetpath verify'),
  async run(args: string[], io: CliIO): Promise<number> {
    if (args.length === 0) throw new UsageError('needs a SCENARIO.json (or --cleanup)');
    try {
      return await runVerify(args, io.stdout, io.stderr);
    } catch (e) {
      if (e instanceof VerifyUsageError || e instanceof ScenarioError)
        throw new UsageError(e.message);
      throw e;
    }
  },
};

export default verify;
