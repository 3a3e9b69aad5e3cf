/**
 * The simulated shell's public API, for the terminal widget and `packetpath exec`:
 *
 *   const shell = createHostShell({ history, now, seed });  // a fresh host: lo (up) only,
 *                                                            // a new namespace's defaults
 *   shell.needsMore('cat <<EOF');     // true: the input stops inside a quote, here-document or
 *                                     // after && / | : show PS2 ('> ') and append the next line
 *   const r = shell.run(text);        // { exit, stdout, stderr, clear, exited }: clear = wipe
 *                                     // the screen first; exited = `exit` ran
 *   shell.runLines(text);             // one { cmd, exit, stdout, stderr } per command line
 *   shell.history();                  // lines entered, oldest first (to persist and restore)
 *   shell.world.engine;               // the engine's World (namespaces, devices, rulesets) to draw
 *   lastProbeTrace(shell);            // trace events of the last ping/curl/nc, for the tracer
 *
 * Importing this module loads every program up front (docker, kubectl, nft, tcpdump,
 * conntrack, the text tools…: commands/lazy.ts), for the CLI and tests, and installs the
 * iptables-restore shortcut for kube-proxy-sized restores (commands/iptables/fastRestore.ts);
 * the browser uses hostShell.ts, which loads programs on demand (ensureProgramsFor, or when
 * the shell meets one) and restores through the parser alone (the same rulesets and errors).
 *
 * Deterministic: the same lines with the same options give the same output, byte for byte.
 */
import { provideAllPrograms } from './commands/allPrograms.ts';
import { useFastRestore } from '../commands/iptables/fastRestore.ts';

provideAllPrograms();
useFastRestore();

export * from './hostShell.ts';
