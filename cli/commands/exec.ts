/**
 * `packetpath exec [--json]`: reads shell command lines from stdin and runs them, in order, in
 * one fresh simulated host (a host namespace with `lo` only and a new namespace's defaults).
 * Plain output is what a terminal would show; `--json` prints one object per command line,
 * `{"cmd","exit","stdout","stderr"}`, with the streams byte for byte.
 */
import { createHostShell } from '../../engine/shell/index.ts';
import { EXIT_OK, UsageError, type CliIO } from '../io.ts';
import type { Subcommand } from '../subcommands.ts';

const usage = [
  'Usage: packetpath exec [--json]',
  '',
  'Reads command lines from stdin (iptables, ip, sysctl, docker…; quoting and here-documents as',
  'in bash) and runs them in one fresh simulated host. Exit code: that of the last command',
  '(0 with --json, where every exit code is in the output).',
  '',
  '  --json   one JSON object per command line: {"cmd","exit","stdout","stderr"}',
].join('\n');

const exec: Subcommand = {
  name: 'exec',
  summary: 'run shell command lines from stdin in a fresh simulated host',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const json = args.includes('--json');
    const unknown = args.find((a) => a !== '--json');
    if (unknown !== undefined)
      throw new UsageError(`unknown argument '${unknown}' (usage: packetpath exec [--json])`);
    const input = await io.readStdin();
    const shell = createHostShell();
    const results = shell.runLines(input);
    for (const r of results) {
      if (json)
        io.stdout(
          JSON.stringify({ cmd: r.cmd, exit: r.exit, stdout: r.stdout, stderr: r.stderr }) + '\n',
        );
      else if (r.output) {
        // In the order written: a background server's log line before curl's page.
        for (const piece of r.output)
          if (piece.fd === 1) io.stdout(piece.text);
          else io.stderr(piece.text);
      } else {
        if (r.stdout) io.stdout(r.stdout);
        if (r.stderr) io.stderr(r.stderr);
      }
    }
    const last = results[results.length - 1];
    return json || last === undefined ? EXIT_OK : last.exit;
  },
};

export default exec;
