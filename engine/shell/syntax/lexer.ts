/**
 * Splits shell input into words, operators and redirections the way bash does
 * (bash(1) QUOTING, DEFINITIONS "metacharacter", REDIRECTION, Here Documents), for the subset
 * the simulator runs: single, double and $'…' quotes, backslash escapes and line continuation,
 * `#` comments, parameter references, and here-documents whose bodies follow the next newline.
 * Command substitution is recognised only so that it can be refused plainly.
 */
import type {
  ControlOp,
  HeredocBody,
  Incomplete,
  LexResult,
  Part,
  RedirOp,
  Token,
  Word,
} from './tokens.ts';

const METACHARS = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
/** Longest first, so `<<-` wins over `<<` and `&&` over `&`. */
const OPERATORS = [
  '<<<',
  '<<-',
  '&>>',
  '<<',
  '>>',
  '&&',
  '||',
  ';;',
  '|&',
  '>&',
  '<&',
  '&>',
  '<>',
  '>|',
  '<',
  '>',
  ';',
  '&',
  '|',
  '(',
  ')',
] as const;
const REDIRECTIONS: ReadonlySet<string> = new Set([
  '<<<',
  '<<-',
  '&>>',
  '<<',
  '>>',
  '>&',
  '<&',
  '&>',
  '<>',
  '>|',
  '<',
  '>',
]);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const SPECIAL_PARAMS = new Set([
  '?',
  '$',
  '#',
  '@',
  '*',
  '!',
  '-',
  '0',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
]);

interface PendingHeredoc {
  readonly delimiter: string;
  /** The line holding the `<<` operator: bash's end-of-file warning names it. */
  readonly line: number;
  readonly stripTabs: boolean;
  readonly body: HeredocBody;
}

class IncompleteInput extends Error {
  readonly reason: Incomplete;
  constructor(reason: Incomplete) {
    super(reason.kind);
    this.reason = reason;
  }
}

export function lex(src: string): LexResult {
  const lexer = new Lexer(src);
  try {
    lexer.run();
    return { tokens: lexer.tokens };
  } catch (err) {
    if (err instanceof IncompleteInput) return { tokens: lexer.tokens, incomplete: err.reason };
    throw err;
  }
}

class Lexer {
  readonly tokens: Token[] = [];
  private i = 0;
  private line = 1;
  private pending: PendingHeredoc[] = [];
  private wantDelimiter: { stripTabs: boolean; body: HeredocBody; line: number } | undefined;

  private readonly src: string;

  constructor(src: string) {
    this.src = src;
  }

  run(): void {
    const { src } = this;
    while (this.i < src.length) {
      const c = src[this.i]!;
      if (c === ' ' || c === '\t') this.i++;
      else if (c === '\\' && src[this.i + 1] === '\n') this.skipContinuation();
      else if (c === '\n') this.newline();
      else if (c === '#') this.skipComment();
      else if (!this.operator()) this.word();
    }
    if (this.pending.length > 0) this.readHeredocBodies();
  }

  private skipContinuation(): void {
    this.i += 2;
    this.line++;
  }

  private skipComment(): void {
    while (this.i < this.src.length && this.src[this.i] !== '\n') this.i++;
  }

  private newline(): void {
    const pos = this.i;
    this.i++;
    this.line++;
    this.readHeredocBodies();
    this.tokens.push({ kind: 'op', op: '\n', pos, end: this.i });
  }

  /** Bodies follow the line holding their `<<` operators, in order (bash(1) Here Documents). */
  private readHeredocBodies(): void {
    const { src } = this;
    for (const doc of this.pending) {
      let text = '';
      let closed = false;
      while (this.i < src.length) {
        const nl = src.indexOf('\n', this.i);
        const stop = nl === -1 ? src.length : nl;
        let lineText = src.slice(this.i, stop);
        this.i = nl === -1 ? src.length : nl + 1;
        this.line++;
        if (doc.stripTabs) lineText = lineText.replace(/^\t+/, '');
        if (lineText === doc.delimiter) {
          closed = true;
          break;
        }
        text += lineText + (nl === -1 ? '' : '\n');
      }
      doc.body.text = text;
      if (!closed) {
        doc.body.unterminated = true;
        throw new IncompleteInput({ kind: 'heredoc', delimiter: doc.delimiter, line: doc.line });
      }
    }
    this.pending = [];
  }

  private operator(): boolean {
    const { src, i } = this;
    const fdMatch = /^(\d+)(?=[<>])/.exec(src.slice(i, i + 12));
    const at = fdMatch ? i + fdMatch[1]!.length : i;
    const op = OPERATORS.find((o) => src.startsWith(o, at));
    if (!op) return false;
    if (fdMatch && !REDIRECTIONS.has(op)) return false;
    this.i = at + op.length;
    if (!REDIRECTIONS.has(op)) {
      this.tokens.push({ kind: 'op', op: op as ControlOp, pos: i, end: this.i });
      return true;
    }
    const fd = fdMatch ? Number(fdMatch[1]) : undefined;
    const heredoc = op === '<<' || op === '<<-' ? { text: '', expand: true } : undefined;
    if (heredoc) this.wantDelimiter = { stripTabs: op === '<<-', body: heredoc, line: this.line };
    this.tokens.push({ kind: 'redir', op: op as RedirOp, fd, pos: i, heredoc });
    return true;
  }

  private word(): void {
    const start = this.i;
    const parts: Part[] = [];
    let quoted = false;
    const lit = (text: string, q: boolean) => {
      const last = parts[parts.length - 1];
      if (last && last.kind === 'lit' && last.quoted === q)
        parts[parts.length - 1] = { ...last, text: last.text + text };
      else parts.push({ kind: 'lit', text, quoted: q });
    };
    const { src } = this;
    while (this.i < src.length && !METACHARS.has(src[this.i]!)) {
      const c = src[this.i]!;
      if (c === "'") {
        quoted = true;
        lit(this.singleQuoted(), true);
      } else if (c === '"') {
        quoted = true;
        this.doubleQuoted(parts, lit);
      } else if (c === '\\') {
        if (this.i + 1 >= src.length)
          throw new IncompleteInput({ kind: 'backslash', line: this.line });
        if (src[this.i + 1] === '\n') this.skipContinuation();
        else {
          quoted = true;
          lit(src[this.i + 1]!, true);
          this.i += 2;
        }
      } else if (c === '$' && src[this.i + 1] === "'") {
        quoted = true;
        lit(this.ansiQuoted(), true);
      } else if (c === '$' && src[this.i + 1] === '"') {
        this.i++; // $"…" is a locale-translated string; with no catalogue it is "…".
      } else if (c === '$') {
        this.dollar(parts, lit, false);
      } else if (c === '`') {
        parts.push({ kind: 'unsupported', what: 'command substitution `…`' });
        this.skipBackquoted();
      } else {
        lit(c, false);
        this.i++;
      }
    }
    const word: Word = { kind: 'word', parts, quoted, pos: start, text: src.slice(start, this.i) };
    this.tokens.push(word);
    if (this.wantDelimiter) {
      const { stripTabs, body, line } = this.wantDelimiter;
      this.wantDelimiter = undefined;
      body.expand = !quoted;
      this.pending.push({ delimiter: literalText(word), stripTabs, body, line });
    }
  }

  private singleQuoted(): string {
    const close = this.src.indexOf("'", this.i + 1);
    if (close === -1) throw new IncompleteInput({ kind: 'quote', quote: "'", line: this.line });
    const text = this.src.slice(this.i + 1, close);
    this.line += countNewlines(text);
    this.i = close + 1;
    return text;
  }

  private doubleQuoted(parts: Part[], lit: (t: string, q: boolean) => void): void {
    const { src } = this;
    this.i++;
    lit('', true); // "" is an empty argument, not nothing
    while (this.i < src.length && src[this.i] !== '"') {
      const c = src[this.i]!;
      if (c === '\\' && '$`"\\\n'.includes(src[this.i + 1] ?? '')) {
        if (src[this.i + 1] === '\n') this.skipContinuation();
        else {
          lit(src[this.i + 1]!, true);
          this.i += 2;
        }
      } else if (c === '$') this.dollar(parts, lit, true);
      else if (c === '`') {
        parts.push({ kind: 'unsupported', what: 'command substitution `…`' });
        this.skipBackquoted();
      } else {
        if (c === '\n') this.line++;
        lit(c, true);
        this.i++;
      }
    }
    if (this.i >= src.length)
      throw new IncompleteInput({ kind: 'quote', quote: '"', line: this.line });
    this.i++;
  }

  /** $'…' (bash(1) QUOTING): backslash escapes decoded, the rest literal. */
  private ansiQuoted(): string {
    const { src } = this;
    let out = '';
    this.i += 2;
    while (this.i < src.length && src[this.i] !== "'") {
      if (src[this.i] === '\\' && this.i + 1 < src.length) {
        const [text, used] = ansiEscape(src, this.i + 1);
        out += text;
        this.i += 1 + used;
      } else out += src[this.i++];
    }
    if (this.i >= src.length)
      throw new IncompleteInput({ kind: 'quote', quote: "'", line: this.line });
    this.i++;
    return out;
  }

  private dollar(parts: Part[], lit: (t: string, q: boolean) => void, quoted: boolean): void {
    const { src } = this;
    const next = src[this.i + 1] ?? '';
    if (next === '{') {
      const close = src.indexOf('}', this.i + 2);
      if (close === -1) throw new IncompleteInput({ kind: 'quote', quote: '}', line: this.line });
      const name = src.slice(this.i + 2, close);
      this.i = close + 1;
      if (NAME.exec(name)?.[0] === name || SPECIAL_PARAMS.has(name))
        parts.push({ kind: 'param', name, quoted });
      else parts.push({ kind: 'unsupported', what: `\${${name}}` });
    } else if (next === '(') {
      parts.push({
        kind: 'unsupported',
        what: src.startsWith('$((', this.i) ? 'arithmetic $((…))' : 'command substitution $(…)',
      });
      this.skipParenthesised();
    } else if (SPECIAL_PARAMS.has(next)) {
      parts.push({ kind: 'param', name: next, quoted });
      this.i += 2;
    } else {
      const m = NAME.exec(src.slice(this.i + 1, this.i + 257));
      if (m) {
        parts.push({ kind: 'param', name: m[0], quoted });
        this.i += 1 + m[0].length;
      } else {
        lit('$', quoted);
        this.i++;
      }
    }
  }

  private skipParenthesised(): void {
    let depth = 0;
    const { src } = this;
    for (this.i++; this.i < src.length; this.i++) {
      if (src[this.i] === '(') depth++;
      else if (src[this.i] === ')' && --depth === 0) {
        this.i++;
        return;
      }
    }
    throw new IncompleteInput({ kind: 'quote', quote: ')', line: this.line });
  }

  private skipBackquoted(): void {
    const close = this.src.indexOf('`', this.i + 1);
    if (close === -1) throw new IncompleteInput({ kind: 'quote', quote: '`', line: this.line });
    this.i = close + 1;
  }
}

/** The word after quote removal with parameters left as written: what a here-document delimiter is. */
export function literalText(word: Word): string {
  return word.parts
    .map((p) => (p.kind === 'lit' ? p.text : p.kind === 'param' ? `$${p.name}` : ''))
    .join('');
}

function countNewlines(s: string): number {
  let n = 0;
  for (const c of s) if (c === '\n') n++;
  return n;
}

/** The one-letter C escapes that both `$'…'` and `echo -e` understand (bash's ansicstr). */
export const C_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  E: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

/** `$'…'` also takes the quote escapes that echo -e prints as they are. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  ...C_ESCAPES,
  "'": "'",
  '"': '"',
  '?': '?',
};

/** One escape of $'…' starting after the backslash: the decoded text and characters consumed. */
function ansiEscape(src: string, at: number): [string, number] {
  const c = src[at]!;
  const simple = SIMPLE_ESCAPES[c];
  if (simple !== undefined) return [simple, 1];
  const hex = /^x([0-9a-fA-F]{1,2})/.exec(src.slice(at, at + 3));
  if (hex) return [String.fromCharCode(parseInt(hex[1]!, 16)), hex[0].length];
  const oct = /^[0-7]{1,3}/.exec(src.slice(at, at + 3));
  if (oct) return [String.fromCharCode(parseInt(oct[0], 8) & 0xff), oct[0].length];
  return ['\\' + c, 1];
}
