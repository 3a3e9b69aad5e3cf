/**
 * A started probe helper (verify/agent.py inside one namespace) with a bounded line reader.
 * Processes are tracked by PID (shell.ts) and stopped only by that PID.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { track } from './shell.ts';

const AGENT = fileURLToPath(new URL('./agent.py', import.meta.url));
// Debian's interpreter starts fastest; fall back to whatever python3 PATH offers.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

export class Agent {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = '';
  private readonly lines: string[] = [];
  private waiter: (() => void) | null = null;
  private exited = false;
  stderr = '';

  constructor(netns: string, args: string[]) {
    this.child = spawn('ip', ['netns', 'exec', netns, PYTHON, '-S', AGENT, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    track(this.child);
    this.child.stdout.on('data', (d: Buffer) => {
      this.buffer += d.toString();
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        this.lines.push(this.buffer.slice(0, nl));
        this.buffer = this.buffer.slice(nl + 1);
      }
      this.wake();
    });
    this.child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.child.stdin.on('error', () => undefined);
    // 'close' (not 'exit'): all of stdout has been read by then
    this.child.on('close', () => {
      this.exited = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** The next line, or null after timeoutMs (or when the helper exited without one). */
  async readLine(timeoutMs: number): Promise<string | null> {
    const deadline = Date.now() + timeoutMs;
    while (this.lines.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0 || this.exited) return this.lines.shift() ?? null;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    return this.lines.shift()!;
  }

  async readJson<T>(timeoutMs: number): Promise<T | null> {
    const line = await this.readLine(timeoutMs);
    if (line === null) return null;
    try {
      return JSON.parse(line) as T;
    } catch {
      return { unparsed: line } as T;
    }
  }

  /** Tells a connected TCP client to close (it waits on stdin). */
  closeStdin(): void {
    this.child.stdin.end();
  }

  /** SIGTERM, then SIGKILL if it has not exited after waitMs. Only this PID. */
  async stop(waitMs = 3000): Promise<void> {
    if (this.exited) return;
    const done = new Promise<void>((resolve) => this.child.once('close', () => resolve()));
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), waitMs);
    await done;
    clearTimeout(t);
  }
}
