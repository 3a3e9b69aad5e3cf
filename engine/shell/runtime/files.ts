/**
 * The few files the simulated shell can open: /proc/sys/** mapped onto the namespace's sysctls
 * (proc(5): a file per sysctl, dots become slashes), /dev/null, /dev/stdout and /dev/stderr,
 * and plain files kept in memory for the session (so `iptables-save > rules.v4` followed by
 * `iptables-restore < rules.v4` works). Errors use the text bash prints for the errno.
 */
import type { SysctlTable } from '../host.ts';
import { HOME } from './expand.ts';

/**
 * An open for writing: the file, an errno text (each program prints it its own way), or what
 * the simulator cannot tell (a directory whose content it does not model).
 */
export type OpenResult =
  | { readonly ok: true; readonly file: OpenFile }
  | { readonly ok: false; readonly error: string }
  | { readonly ok: false; readonly notSimulated: string };

/** Where an output redirection writes; `write` returns an errno text on failure. */
export interface OpenFile {
  readonly path: string;
  write(text: string): string | undefined;
}

/** One name in a directory listing; `dir` for a subdirectory. */
export interface DirEntry {
  readonly name: string;
  readonly dir: boolean;
}

/**
 * The directories whose whole content the session models: nothing but the files written in
 * it. The others (/, /etc, /dev, /proc) hold files the simulator does not have.
 */
const MODELLED_DIRS = new Set(['/root', '/tmp']);

/** The directories the simulated host has: Debian's top level, /proc/sys. */
const FIXED_DIRS = new Set([
  '/',
  ...['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root']
    .concat(['run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'])
    .map((d) => `/${d}`),
  '/proc/sys',
]);

const NO_SUCH = 'No such file or directory';
const PROC_SYS = '/proc/sys/';

export class FileSystem {
  private readonly files = new Map<string, string>();

  resolve(path: string): string {
    const abs = path.startsWith('/') ? path : `${HOME}/${path}`;
    const out: string[] = [];
    for (const seg of abs.split('/')) {
      if (seg === '' || seg === '.') continue;
      if (seg === '..') out.pop();
      else out.push(seg);
    }
    return '/' + out.join('/');
  }

  /** Reads a file, or returns the errno text (`No such file or directory`, `Is a directory`). */
  read(path: string, sysctl: SysctlTable): { text: string } | { error: string } {
    // An empty name is ENOENT for open(2) (getname_flags), not the working directory.
    if (path === '') return { error: NO_SUCH };
    const abs = this.resolve(path);
    if (abs === '/dev/null') return { text: '' };
    if (abs.startsWith(PROC_SYS)) {
      const key = abs.slice(PROC_SYS.length).split('/').join('.');
      const value = sysctl.get(key);
      if (value !== undefined) return { text: `${value}\n` };
      return { error: isSysctlDir(sysctl, key) ? 'Is a directory' : NO_SUCH };
    }
    const text = this.files.get(abs);
    if (text !== undefined) return { text };
    return { error: this.isDirectory(abs) ? 'Is a directory' : NO_SUCH };
  }

  /** Opens for writing as bash does before running the command (`>` truncates, `>>` appends). */
  open(path: string, append: boolean, sysctl: SysctlTable): OpenResult {
    if (path === '') return { ok: false, error: NO_SUCH };
    const abs = this.resolve(path);
    if (abs === '/dev/null') return { ok: true, file: { path: abs, write: () => undefined } };
    if (abs.startsWith(PROC_SYS)) return openSysctl(abs, sysctl);
    if (abs.startsWith('/proc/') || abs.startsWith('/sys/') || abs.startsWith('/dev/')) {
      return { ok: false, error: abs.startsWith('/proc/') ? NO_SUCH : 'Permission denied' };
    }
    // open(2) with O_CREAT on a name ending in `/` is EISDIR, whether or not it exists.
    if (this.isDirectory(abs) || path.endsWith('/')) return { ok: false, error: 'Is a directory' };
    const parent = this.parentProblem(abs);
    if (parent !== undefined) return parent;
    if (!append || !this.files.has(abs)) this.files.set(abs, '');
    return {
      ok: true,
      file: {
        path: abs,
        write: (text) => void this.files.set(abs, (this.files.get(abs) ?? '') + text),
      },
    };
  }

  /**
   * What `ls -a DIR` would list besides `.` and `..`, in no particular order: the files written
   * directly in it and, as subdirectories, the first segment of files written deeper. Undefined
   * for a directory whose content is not modelled (MODELLED_DIRS).
   */
  entries(dir: string): DirEntry[] | undefined {
    const abs = this.resolve(dir);
    if (![...MODELLED_DIRS].some((d) => abs === d || abs.startsWith(`${d}/`))) return undefined;
    const names = new Map<string, boolean>();
    for (const path of this.files.keys()) {
      if (!path.startsWith(`${abs}/`)) continue;
      const [name, ...rest] = path.slice(abs.length + 1).split('/');
      names.set(name!, rest.length > 0 || names.get(name!) === true);
    }
    return [...names].map(([name, isDir]) => ({ name, dir: isDir }));
  }

  /** A directory the session knows: a fixed one, or one that files were written under. */
  hasDirectory(path: string): boolean {
    const abs = this.resolve(path);
    return this.isDirectory(abs) || [...this.files.keys()].some((f) => f.startsWith(`${abs}/`));
  }

  /**
   * open(2) creates only the last name; the lookup walks the directories before it from the
   * root: the first one missing is ENOENT, a file among them ENOTDIR (path_openat). The tree is
   * the fixed directories (FIXED_DIRS): below / and in /root and /tmp nothing else exists (the
   * session has no mkdir). Below the others (/etc/default, /var/log…) the host's real tree is
   * not modelled, so the simulator says so instead of guessing.
   */
  private parentProblem(abs: string): OpenResult | undefined {
    const names = abs.split('/').slice(1, -1);
    for (let n = 1; n <= names.length; n++) {
      const dir = `/${names.slice(0, n).join('/')}`;
      if (this.isDirectory(dir)) continue;
      if (this.files.has(dir)) return { ok: false, error: 'Not a directory' };
      const above = `/${names.slice(0, n - 1).join('/')}`;
      if (above === '/' || MODELLED_DIRS.has(above)) return { ok: false, error: NO_SUCH };
      return {
        ok: false,
        notSimulated: `writing into ${above}/${names[n - 1]} (what ${above} holds is not modelled)`,
      };
    }
    return undefined;
  }

  private isDirectory(abs: string): boolean {
    return FIXED_DIRS.has(abs);
  }
}

function isSysctlDir(sysctl: SysctlTable, key: string): boolean {
  return key === '' || sysctl.keys().some((k) => k.startsWith(`${key}.`));
}

/**
 * A /proc/sys file takes one value per write; the kernel parses it like sysctl -w does and
 * answers EINVAL for a bad one, which bash's echo reports as `write error: Invalid argument`.
 */
function openSysctl(abs: string, sysctl: SysctlTable): OpenResult {
  const key = abs.slice(PROC_SYS.length).split('/').join('.');
  if (sysctl.get(key) === undefined) {
    return { ok: false, error: isSysctlDir(sysctl, key) ? 'Is a directory' : NO_SUCH };
  }
  return {
    ok: true,
    file: {
      path: abs,
      write: (text) => {
        if (text === '') return undefined;
        return sysctl.set(key, text.replace(/\n$/, '').trim()) === 'ok'
          ? undefined
          : 'Invalid argument';
      },
    },
  };
}
