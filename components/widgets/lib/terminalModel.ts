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

/** Output as the shell reports it: both streams, and their order when it matters. */
export interface CommandOutput {
  readonly stdout: string;
  readonly stderr: string;
  /** The streams' pieces in the order they were written (a background job's among them). */
  readonly output?: readonly { readonly fd: 1 | 2; readonly text: string }[];
}

/**
 * The output lines of one command (the command line itself is shown as it is typed): the
 * pieces in the order they were written when the shell gives it (python's log line before
 * curl's page), else stdout then stderr. Runs of one stream become one block.
 */
export function transcript(r: CommandOutput): ScreenLine[] {
  const pieces = r.output ?? [
    { fd: 1 as const, text: r.stdout },
    { fd: 2 as const, text: r.stderr },
  ];
  const lines: ScreenLine[] = [];
  let kind: ScreenLine['kind'] | undefined;
  let text = '';
  const flush = () => {
    if (kind !== undefined && text !== '') lines.push({ kind, text: text.replace(/\n$/, '') });
  };
  for (const piece of pieces) {
    const pieceKind = piece.fd === 1 ? 'out' : 'err';
    if (pieceKind !== kind) {
      flush();
      kind = pieceKind;
      text = '';
    }
    text += piece.text;
  }
  flush();
  return lines;
}

export function screenText(lines: readonly ScreenLine[]): string {
  return lines.map((l) => l.text).join('\n');
}
