import { EXIT_OK, EXIT_USAGE, UsageError, type CliIO } from './io.ts';
import { SUBCOMMANDS } from './subcommands.ts';
import { VERSION } from './version.ts';

function helpText(): string {
  const width = Math.max(8, ...SUBCOMMANDS.map((s) => s.name.length));
  const lines = SUBCOMMANDS.map((s) => `  ${s.name.padEnd(width)}  ${s.summary}`);
  return [
    'Usage: packetpath [--help] [--version] <command> [args…]',
    '',
    'Simulate the Linux network stack (netfilter, conntrack, NAT, bridges, routing) as the kernel runs it.',
    '',
    'Commands:',
    ...lines,
    '',
    "Run 'packetpath <command> --help' for a command's options.",
    '',
  ].join('\n');
}

/** Runs the CLI with argv (without node and script) and returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(helpText());
    return first === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`packetpath ${VERSION}\n`);
    return EXIT_OK;
  }
  const entry = SUBCOMMANDS.find((s) => s.name === first);
  if (!entry) {
    io.stderr(`packetpath: unknown command '${first}' (see 'packetpath --help')\n`);
    return EXIT_USAGE;
  }
  try {
    const cmd = await entry.load();
    // The CLI restores kube-proxy-sized files (110k lines): iptables-restore takes its
    // shortcut for the common rule shapes (same rulesets, see restoreShortcut.ts).
    (await import('../engine/commands/iptables/fastRestore.ts')).useFastRestore();
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout(`${cmd.usage}\n`);
      return EXIT_OK;
    }
    return await cmd.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`packetpath ${first}: ${err.message}\n`);
      return EXIT_USAGE;
    }
    // An engine bug must still leave a readable line, not a stack trace, for the user.
    const message = err instanceof Error ? err.message : String(err);
    io.stderr(`packetpath ${first}: internal error: ${message}\n`);
    return 1;
  }
}
