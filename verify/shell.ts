/**
 * Running system commands for the kernel harness, and remembering everything the harness
 * created so it can be undone on every exit path (safety rules: only our own processes, by
 * PID; only our own namespaces).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs argv to completion (bounded by timeoutMs) and returns its output. Never throws. */
export function run(argv: string[], input?: string, timeoutMs = 20000): Promise<CmdResult> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout, stderr: stderr + e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, stdout, stderr });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/** Like run, but a non-zero exit is an error carrying the command and its output. */
export async function runOk(argv: string[], input?: string): Promise<string> {
  const r = await run(argv, input);
  if (r.code !== 0)
    throw new Error(`command failed (${r.code}): ${argv.join(' ')}\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

// ------------------------------------------------------------------ what we own

const livePids = new Set<number>();
const ownedNamespaces = new Set<string>();

/** Remembers a child we started until it exits, so an interrupted run can stop it by PID. */
export function track(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  livePids.add(pid);
  child.on('exit', () => livePids.delete(pid));
}

export function ownNamespace(name: string): void {
  ownedNamespaces.add(name);
}

export function disownNamespace(name: string): void {
  ownedNamespaces.delete(name);
}

/**
 * Synchronous last-resort cleanup for signal handlers and process exit: kills the children
 * we started (by PID) and deletes the namespaces we created. Nothing else.
 */
export function emergencyCleanup(): void {
  for (const pid of livePids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  livePids.clear();
  for (const ns of ownedNamespaces) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  ownedNamespaces.clear();
}

let installed = false;

/** Installs SIGINT/SIGTERM/SIGHUP and exit handlers that run emergencyCleanup (CLI only). */
export function installCleanupHandlers(): void {
  if (installed) return;
  installed = true;
  process.on('exit', emergencyCleanup);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      process.stderr.write(`\nverify: ${sig}: removing the namespaces of this run\n`);
      emergencyCleanup();
      process.exit(130);
    });
  }
}
