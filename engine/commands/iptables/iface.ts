/** xtables_parse_interface: at most IFNAMSIZ-1 (15) characters; `+` at the end is a wildcard. */
import { paramProblem } from './errors.ts';

export function parseInterface(text: string, warn?: (line: string) => void): string {
  if (text.length + 1 > 16) {
    throw paramProblem(`interface name \`${text}' must be shorter than IFNAMSIZ (15)`);
  }
  if (!text.endsWith('+') && /[/ ]/.test(text)) {
    warn?.(
      `Warning: weird character in interface \`${text}' ('/' and ' ' are not allowed by the kernel).\n`,
    );
  }
  return text;
}
