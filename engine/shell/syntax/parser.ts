/**
 * Builds the syntax tree of bash's simple grammar (bash(1) SHELL GRAMMAR: simple commands,
 * pipelines, `&&`/`||` lists, `;`/`&`/newline terminated lists) from the lexer's tokens.
 * Every top-level line becomes one Unit, so a terminal line and an `exec` line map one to one.
 * Compound commands (if, for, while, subshells…) are refused plainly rather than half-run.
 */
import { lex } from './lexer.ts';
import type {
  AndOr,
  Incomplete,
  Pipeline,
  Redirect,
  SimpleCommand,
  Token,
  Unit,
  Word,
} from './tokens.ts';

export interface ParseResult {
  readonly units: readonly Unit[];
  /** Set when the input ends inside a command; `pendingText` is that unfinished command. */
  readonly incomplete?: Incomplete;
  readonly pendingText?: string;
}

const COMPOUND_START = new Set([
  'if',
  'for',
  'while',
  'until',
  'case',
  'select',
  'function',
  '{',
  '[[',
  'coproc',
]);
const RESERVED_CONTINUATION = new Set([
  'then',
  'else',
  'elif',
  'fi',
  'do',
  'done',
  'esac',
  '}',
  ']]',
  'in',
]);

class SyntaxError extends Error {
  readonly near: string;
  constructor(near: string) {
    super(near);
    this.near = near;
  }
}

class Unsupported extends Error {
  readonly what: string;
  constructor(what: string) {
    super(what);
    this.what = what;
  }
}

class NeedMore extends Error {}

export function parse(src: string): ParseResult {
  const lexed = lex(src);
  const { incomplete } = lexed;
  // Input that stops inside a word or here-document: only the lines before it can run.
  const tokens = incomplete ? upToLastNewline(lexed.tokens) : lexed.tokens;
  const parser = new Parser(src, tokens);
  const units: Unit[] = [];
  for (;;) {
    parser.skipNewlines();
    if (parser.atEnd()) break;
    const start = parser.peekPos();
    try {
      units.push(parser.unit());
    } catch (err) {
      if (err instanceof NeedMore) {
        return {
          units,
          incomplete: incomplete ?? { kind: 'operator', line: lineAt(src, src.length) },
          pendingText: src.slice(start),
        };
      }
      if (err instanceof SyntaxError)
        units.push({ kind: 'syntax-error', near: err.near, text: parser.skipLine(start) });
      else if (err instanceof Unsupported)
        units.push({ kind: 'unsupported', what: err.what, text: parser.skipLine(start) });
      else throw err;
    }
  }
  if (incomplete) return { units, incomplete, pendingText: src.slice(parser.lastEnd()) };
  return { units };
}

function upToLastNewline(tokens: readonly Token[]): readonly Token[] {
  for (let i = tokens.length - 1; i >= 0; i--) {
    const t = tokens[i]!;
    if (t.kind === 'op' && t.op === '\n') return tokens.slice(0, i + 1);
  }
  return [];
}

function lineAt(src: string, pos: number): number {
  let n = 1;
  for (let i = 0; i < pos; i++) if (src[i] === '\n') n++;
  return n;
}

function tokenText(t: Token | undefined): string {
  if (!t) return 'newline';
  if (t.kind === 'word') return t.text;
  if (t.kind === 'redir') return t.fd === undefined ? t.op : `${t.fd}${t.op}`;
  return t.op === '\n' ? 'newline' : t.op;
}

class Parser {
  private i = 0;
  private end = 0;

  private readonly src: string;
  private readonly tokens: readonly Token[];

  constructor(src: string, tokens: readonly Token[]) {
    this.src = src;
    this.tokens = tokens;
  }

  atEnd(): boolean {
    return this.i >= this.tokens.length;
  }

  peekPos(): number {
    return this.tokens[this.i]?.pos ?? this.src.length;
  }

  lastEnd(): number {
    return this.end;
  }

  skipNewlines(): void {
    for (
      let t = this.tokens[this.i];
      t && t.kind === 'op' && t.op === '\n';
      t = this.tokens[++this.i]
    ) {
      this.end = t.end;
    }
  }

  /** After an error: drop the rest of the line and return its text. */
  skipLine(start: number): string {
    while (!this.atEnd() && !this.isOp('\n')) this.i++;
    const stop = this.closeLine();
    return this.src.slice(start, stop).replace(/\n$/, '');
  }

  unit(): Unit {
    const start = this.peekPos();
    const items = this.list();
    if (!this.atEnd() && !this.isOp('\n')) throw new SyntaxError(tokenText(this.tokens[this.i]));
    const stop = this.closeLine();
    return { kind: 'list', items, text: this.src.slice(start, stop).replace(/\n$/, '') };
  }

  private closeLine(): number {
    const t = this.tokens[this.i];
    if (t && t.kind === 'op' && t.op === '\n') {
      this.i++;
      this.end = t.end;
      return t.end;
    }
    this.end = this.src.length;
    return this.src.length;
  }

  private isOp(op: string): boolean {
    const t = this.tokens[this.i];
    return t !== undefined && t.kind === 'op' && t.op === op;
  }

  private list(): AndOr[] {
    const items: AndOr[] = [];
    for (;;) {
      const andOr = this.andOr();
      const background = this.isOp('&');
      if (background || this.isOp(';')) {
        this.i++;
        items.push({ ...andOr, background });
        if (this.atEnd() || this.isOp('\n')) return items;
      } else {
        items.push(andOr);
        return items;
      }
    }
  }

  private andOr(): Omit<AndOr, 'background'> & { background: false } {
    const first = this.pipeline();
    const rest: { op: '&&' | '||'; pipeline: Pipeline }[] = [];
    while (this.isOp('&&') || this.isOp('||')) {
      const op = (this.tokens[this.i++] as { op: '&&' | '||' }).op;
      this.continueAfterOperator();
      rest.push({ op, pipeline: this.pipeline() });
    }
    return { first, rest, background: false };
  }

  /** bash lets a line end after `&&`, `||` and `|` and reads the next one (PS2). */
  private continueAfterOperator(): void {
    this.skipNewlines();
    if (this.atEnd()) throw new NeedMore();
  }

  private pipeline(): Pipeline {
    const t = this.tokens[this.i];
    const negate = t !== undefined && t.kind === 'word' && t.text === '!';
    if (negate) this.i++;
    const commands = [this.command()];
    while (this.isOp('|') || this.isOp('|&')) {
      const mergeStderr = this.isOp('|&');
      this.i++;
      if (mergeStderr)
        commands[commands.length - 1] = withStderrToPipe(commands[commands.length - 1]!);
      this.continueAfterOperator();
      commands.push(this.command());
    }
    return { negate, commands };
  }

  private command(): SimpleCommand {
    const words: Word[] = [];
    const redirects: Redirect[] = [];
    for (let t = this.tokens[this.i]; t && t.kind !== 'op'; t = this.tokens[this.i]) {
      this.i++;
      if (t.kind === 'word') {
        if (words.length === 0 && redirects.length === 0) this.checkReserved(t);
        words.push(t);
        continue;
      }
      const target = this.tokens[this.i];
      if (!target || target.kind !== 'word') throw new SyntaxError(tokenText(target));
      this.i++;
      redirects.push({ op: t.op, fd: t.fd, target, heredoc: t.heredoc });
    }
    if (words.length === 0 && redirects.length === 0) {
      const t = this.tokens[this.i];
      if (t && t.kind === 'op' && t.op === '(') throw new Unsupported('subshell ( … )');
      throw new SyntaxError(tokenText(t));
    }
    return { words, redirects };
  }

  private checkReserved(word: Word): void {
    if (word.quoted) return;
    if (COMPOUND_START.has(word.text))
      throw new Unsupported(`${word.text} (shell compound commands)`);
    if (RESERVED_CONTINUATION.has(word.text)) throw new SyntaxError(word.text);
  }
}

function withStderrToPipe(cmd: SimpleCommand): SimpleCommand {
  const target: Word = {
    kind: 'word',
    parts: [{ kind: 'lit', text: '1', quoted: false }],
    quoted: false,
    pos: -1,
    text: '1',
  };
  return { ...cmd, redirects: [...cmd.redirects, { op: '>&', fd: 2, target, heredoc: undefined }] };
}
