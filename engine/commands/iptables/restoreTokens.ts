/**
 * How iptables-restore splits a rule line into words (add_param_to_argv in iptables/xshared.c
 * 1.8.9): blanks separate words; only double quotes group, with backslash escaping inside
 * them; single quotes are ordinary characters; `""` is an empty word.
 */
export function restoreWords(line: string): { words: string[]; unterminated: boolean } {
  const words: string[] = [];
  let cur = '';
  let open = false;
  let escaped = false;
  for (const ch of line) {
    if (open) {
      if (escaped) {
        cur += ch;
        escaped = false;
      } else if (ch === '\\') escaped = true;
      else if (ch === '"') {
        open = false;
        words.push(cur);
        cur = '';
      } else cur += ch;
      continue;
    }
    if (ch === '"') open = true;
    else if (ch === ' ' || ch === '\t' || ch === '\n') {
      if (cur !== '') words.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur !== '') words.push(cur);
  return { words, unterminated: open };
}
