/**
 * printf FORMAT [ARG…] (bash builtin) for the common conversions: %s %d %i %x %o %c %%, field
 * width and `-` flag, backslash escapes in FORMAT, and %b; the format is reused while
 * arguments remain, as bash(1) `printf` says.
 */
import { fail, type CommandContext, type CommandResult } from '../types.ts';

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '"': '"',
  "'": "'",
};

function unescape(text: string): string {
  return text.replace(/\\(0?[0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g, (m, e: string) => {
    if (ESCAPES[e] !== undefined) return ESCAPES[e]!;
    if (/^x/.test(e)) return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
    return m;
  });
}

const SPEC = /%([-0 +#]*)(\d*)(?:\.(\d+))?([sdixXocb%])/g;

export function printf(ctx: CommandContext): CommandResult {
  const [, format, ...args] = ctx.argv;
  if (format === undefined)
    return fail('bash: printf: usage: printf [-v var] format [arguments]\n', 2);
  if (format === '-v') return fail("packetpath: 'printf -v' is not simulated\n");
  let out = '';
  let stderr = '';
  let next = 0;
  do {
    const used = next;
    out += unescape(format).replace(
      SPEC,
      (_m, flags: string, width: string, precision: string | undefined, conv: string) => {
        if (conv === '%') return '%';
        const arg = args[next++] ?? '';
        let text: string;
        if (conv === 's') text = precision === undefined ? arg : arg.slice(0, Number(precision));
        else if (conv === 'b') text = unescape(arg);
        else if (conv === 'c') text = arg.slice(0, 1);
        else {
          const n = arg === '' ? 0 : Number(arg);
          if (!Number.isInteger(n)) {
            stderr += `bash: printf: ${arg}: invalid number\n`;
            text = '0';
          } else
            text =
              conv === 'x'
                ? n.toString(16)
                : conv === 'X'
                  ? n.toString(16).toUpperCase()
                  : conv === 'o'
                    ? n.toString(8)
                    : String(n);
        }
        const w = Number(width || 0);
        return flags.includes('-')
          ? text.padEnd(w)
          : text.padStart(w, flags.includes('0') && conv !== 's' ? '0' : ' ');
      },
    );
    if (next === used) break;
  } while (next < args.length);
  return { exit: stderr ? 1 : 0, stdout: out, stderr };
}
