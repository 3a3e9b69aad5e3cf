/**
 * The terminal's screen and input history as plain data, so the keyboard behaviour (Enter,
 * Up/Down through history, Ctrl-L, pasted lines) is tested without a DOM.
 */
export interface ScreenLine {
  readonly kind: 'cmd' | 'out' | 'err' | 'info';
  readonly text: string;
}

export interface HistoryCursor {
  readonly lines: readonly string[];
  /** lines.length means "the line being typed". */
  readonly index: number;
  /** What was typed before moving into history. */
  readonly draft: string;
}

export function cursorAt(lines: readonly string[]): HistoryCursor {
  return { lines, index: lines.length, draft: '' };
}

/**
 * How a line break of a recalled multi-line command (a here-document) shows in the one-line
 * input: an <input> silently drops newlines, which glued `<<EOF` to the document's lines and
 * broke the command as soon as it was edited.
 */
export const LINE_BREAK_MARK = '⏎';

/** The text to run for what the input holds: each mark back to a line break. */
export function fromInputLine(text: string): string {
  return text.split(LINE_BREAK_MARK).join('\n');
}

/** Up (-1) or Down (+1) through the history; returns the new cursor and the input text. */
export function moveHistory(
  c: HistoryCursor,
  delta: -1 | 1,
  current: string,
): { cursor: HistoryCursor; text: string } {
  const draft = c.index === c.lines.length ? current : c.draft;
  const index = Math.min(c.lines.length, Math.max(0, c.index + delta));
  const text =
    index === c.lines.length ? draft : (c.lines[index] ?? '').split('\n').join(LINE_BREAK_MARK);
  return { cursor: { lines: c.lines, index, draft }, text };
}

/** The lines a paste should run: every complete line; the last one stays in the input. */
export function splitPaste(before: string, pasted: string): { run: string[]; rest: string } {
  const all = (before + pasted).replace(/\r\n?/g, '\n').split('\n');
  const rest = all.pop() ?? '';
  return { run: all.filter((l) => l.trim() !== ''), rest };
}

/** The output lines of one command (the command line itself is shown as it is typed). */
export function transcript(r: { stdout: string; stderr: string }): ScreenLine[] {
  const lines: ScreenLine[] = [];
  if (r.stdout !== '') lines.push({ kind: 'out', text: r.stdout.replace(/\n$/, '') });
  if (r.stderr !== '') lines.push({ kind: 'err', text: r.stderr.replace(/\n$/, '') });
  return lines;
}

export function screenText(lines: readonly ScreenLine[]): string {
  return lines.map((l) => l.text).join('\n');
}
