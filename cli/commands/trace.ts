/**
 * `packetpath trace SCENARIO.json [--trace] [--seed N]`: run a scenario's probes through the
 * engine and print the result in scenario-format.md's shape (what oracle-tools/trace.py prints
 * for the real kernel), so the two can be diffed with compare.py. `--trace` adds each probe's
 * typed event trace under `trace`. A bad scenario is one line naming the field, exit 2.
 */
import { readFileSync } from 'node:fs';
import { UsageError, type CliIO } from '../io.ts';
import type { Subcommand } from '../subcommands.ts';
import { runScenario } from '../../engine/scenario/run.ts';
import { SCENARIO_RULES } from '../../engine/scenario/rules.ts';
import { ScenarioError } from '../../engine/scenario/types.ts';
import { seededRandom } from '../../engine/stack/world.ts';

const USAGE = `Usage: packetpath trace SCENARIO.json [--trace] [--seed N]

Runs the scenario's probes through the simulated kernel and prints the result as JSON
(client, server, delivered, conntrack, hits, seen per probe), the shape the real-kernel
recordings have.

  --trace     add each probe's step-by-step event trace ("trace" per probe)
  --seed N    seed of the random source (statistic --mode random, NAT --random); default 1`;

function parseArgs(args: string[]): { file: string; trace: boolean; seed: number } {
  let file: string | undefined;
  let trace = false;
  let seed = 1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--trace') trace = true;
    else if (a === '--seed') {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v))
        throw new UsageError('--seed needs a non-negative integer');
      seed = Number(v);
    } else if (a.startsWith('-')) throw new UsageError(`unknown option '${a}'`);
    else if (file !== undefined) throw new UsageError('takes one SCENARIO.json');
    else file = a;
  }
  if (file === undefined) throw new UsageError('needs a SCENARIO.json');
  return { file, trace, seed };
}

function readScenario(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new UsageError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
}

const trace: Subcommand = {
  name: 'trace',
  summary: 'run a scenario JSON through the engine and print the result (as the kernel recordings)',
  usage: USAGE,
  async run(args: string[], io: CliIO): Promise<number> {
    const opts = parseArgs(args);
    const scenario = readScenario(opts.file);
    try {
      const run = runScenario(scenario, SCENARIO_RULES, {
        random: seededRandom(opts.seed),
        now: 0,
      });
      const out = run.result;
      if (opts.trace) out.probes.forEach((p, i) => (p.trace = run.traces[i]));
      io.stdout(`${JSON.stringify(out, null, 1)}\n`);
      return 0;
    } catch (e) {
      if (e instanceof ScenarioError) throw new UsageError(`${opts.file}: ${e.message}`);
      throw e;
    }
  },
};

export default trace;
