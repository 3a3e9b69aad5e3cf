/**
 * Redirections, processed left to right as bash does (bash(1) REDIRECTION), so that
 * `>file 2>&1` sends both streams to the file while `2>&1 >file` keeps stderr on the terminal.
 * Files are opened before the command runs: a bad path fails the command without running it.
 */
import type { SysctlTable } from '../host.ts';
import type { Redirect } from '../syntax/tokens.ts';
import { expandHeredoc, expandWord, type ParamLookup } from './expand.ts';
import type { FileSystem, OpenFile } from './files.ts';
import { notSimulated } from '../types.ts';

export type Output =
  | { readonly kind: 'stdout' }
  | { readonly kind: 'stderr' }
  | { readonly kind: 'file'; readonly file: OpenFile };

export type RedirectPlan =
  | { readonly stdin: string; readonly fd1: Output; readonly fd2: Output }
  | { readonly error: string };

export interface RedirectEnv {
  readonly lookup: ParamLookup;
  readonly files: FileSystem;
  readonly sysctl: SysctlTable;
}

const STDOUT: Output = { kind: 'stdout' };
const STDERR: Output = { kind: 'stderr' };

export function applyRedirects(
  redirects: readonly Redirect[],
  stdin: string,
  env: RedirectEnv,
): RedirectPlan {
  const fds: [string, Output, Output] = [stdin, STDOUT, STDERR];
  for (const r of redirects) {
    const error = applyOne(r, fds, env);
    if (error !== undefined) return { error };
  }
  return { stdin: fds[0], fd1: fds[1], fd2: fds[2] };
}

function applyOne(
  r: Redirect,
  fds: [string, Output, Output],
  env: RedirectEnv,
): string | undefined {
  if (r.op === '<<' || r.op === '<<-') {
    const body = r.heredoc?.text ?? '';
    fds[0] = r.heredoc?.expand ? expandHeredoc(body, env.lookup) : body;
    return undefined;
  }
  const fields = expandWord(r.target, env.lookup);
  if (r.op === '<<<') {
    fds[0] = fields.join(' ') + '\n';
    return undefined;
  }
  if (fields.length !== 1) return `bash: ${r.target.text}: ambiguous redirect\n`;
  const target = fields[0]!;
  const fd = r.fd ?? (r.op.startsWith('<') ? 0 : 1);
  if (fd > 2) return `packetpath: '${fd}${r.op}' (file descriptors above 2) is not simulated\n`;
  switch (r.op) {
    case '<':
      return readInto(target, fds, env);
    case '>&':
    case '<&':
      return duplicate(r.op, fd, target, fds, env);
    case '&>':
    case '&>>':
      return openBoth(target, r.op === '&>>', fds, env);
    case '>':
    case '>|':
    case '>>':
      return openInto(fd, target, r.op === '>>', fds, env);
    default:
      return `packetpath: '${r.op}' redirection is not simulated\n`;
  }
}

function readInto(
  path: string,
  fds: [string, Output, Output],
  env: RedirectEnv,
): string | undefined {
  const read = env.files.read(path, env.sysctl);
  if ('error' in read) return `bash: ${path}: ${read.error}\n`;
  fds[0] = read.text;
  return undefined;
}

function openInto(
  fd: number,
  path: string,
  append: boolean,
  fds: [string, Output, Output],
  env: RedirectEnv,
): string | undefined {
  if (fd === 0) return `packetpath: '0>' (writing to stdin) is not simulated\n`;
  const opened = openPath(path, append, env);
  if ('error' in opened) return opened.error;
  fds[fd as 1 | 2] = opened;
  return undefined;
}

function openBoth(
  path: string,
  append: boolean,
  fds: [string, Output, Output],
  env: RedirectEnv,
): string | undefined {
  const opened = openPath(path, append, env);
  if ('error' in opened) return opened.error;
  fds[1] = opened;
  fds[2] = opened;
  return undefined;
}

/** `2>&1`, `>&2`, and `>&file` (which bash treats as `&>file`). */
function duplicate(
  op: '>&' | '<&',
  fd: number,
  target: string,
  fds: [string, Output, Output],
  env: RedirectEnv,
): string | undefined {
  if (op === '<&') return `packetpath: '<&' (duplicating input) is not simulated\n`;
  if (target === '1' || target === '2') {
    if (fd === 0) return `packetpath: '0>&' is not simulated\n`;
    fds[fd as 1 | 2] = fds[Number(target) as 1 | 2];
    return undefined;
  }
  if (/^\d+$/.test(target)) return `bash: ${target}: Bad file descriptor\n`;
  if (target === '-') return `packetpath: closing a file descriptor ('>&-') is not simulated\n`;
  return openBoth(target, false, fds, env);
}

function openPath(path: string, append: boolean, env: RedirectEnv): Output | { error: string } {
  if (path === '/dev/stdout') return STDOUT;
  if (path === '/dev/stderr') return STDERR;
  const opened = env.files.open(path, append, env.sysctl);
  if ('notSimulated' in opened) return { error: notSimulated(opened.notSimulated).stderr };
  if (!opened.ok) return { error: `bash: ${path}: ${opened.error}\n` };
  return { kind: 'file', file: opened.file };
}
