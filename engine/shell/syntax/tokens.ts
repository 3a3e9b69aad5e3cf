/** The pieces the lexer hands the parser, and the syntax tree the parser hands the runner. */

/** A piece of a word: literal text (quoted or not), a parameter, or something refused at run time. */
export type Part =
  | { readonly kind: 'lit'; readonly text: string; readonly quoted: boolean }
  | { readonly kind: 'param'; readonly name: string; readonly quoted: boolean }
  | { readonly kind: 'unsupported'; readonly what: string };

export interface Word {
  readonly kind: 'word';
  readonly parts: readonly Part[];
  /** Whether any part was quoted or escaped (a quoted here-document delimiter disables expansion). */
  readonly quoted: boolean;
  readonly pos: number;
  /** The word as typed. */
  readonly text: string;
}

export type ControlOp = ';' | '&' | '&&' | '||' | '|' | '|&' | '(' | ')' | ';;' | '\n';
export type RedirOp =
  '<' | '>' | '>>' | '<<' | '<<-' | '<<<' | '>&' | '<&' | '&>' | '&>>' | '<>' | '>|';

/** Filled in by the lexer once it reaches the line after the `<<` operator. */
export interface HeredocBody {
  text: string;
  /** False when any part of the delimiter was quoted: the body is then taken literally. */
  expand: boolean;
  unterminated?: boolean;
}

export type Token =
  | Word
  | { readonly kind: 'op'; readonly op: ControlOp; readonly pos: number; readonly end: number }
  | {
      readonly kind: 'redir';
      readonly op: RedirOp;
      readonly fd: number | undefined;
      readonly pos: number;
      readonly heredoc: HeredocBody | undefined;
    };

/** Why the input cannot run yet: a terminal asks for another line (PS2), a script reports EOF. */
export type Incomplete =
  | { readonly kind: 'quote'; readonly quote: string; readonly line: number }
  | { readonly kind: 'heredoc'; readonly delimiter: string; readonly line: number }
  | { readonly kind: 'backslash'; readonly line: number }
  | { readonly kind: 'operator'; readonly line: number };

export interface LexResult {
  readonly tokens: readonly Token[];
  readonly incomplete?: Incomplete;
}

export interface Redirect {
  readonly op: RedirOp;
  readonly fd: number | undefined;
  readonly target: Word;
  readonly heredoc: HeredocBody | undefined;
}

export interface SimpleCommand {
  readonly words: readonly Word[];
  readonly redirects: readonly Redirect[];
}

export interface Pipeline {
  /** `! cmd` inverts the exit status (bash(1) Pipelines). */
  readonly negate: boolean;
  readonly commands: readonly SimpleCommand[];
}

export interface AndOr {
  readonly first: Pipeline;
  readonly rest: readonly { readonly op: '&&' | '||'; readonly pipeline: Pipeline }[];
  readonly background: boolean;
}

/** One top-level line of input (with its continuation lines and here-document bodies). */
export type Unit =
  | { readonly kind: 'list'; readonly text: string; readonly items: readonly AndOr[] }
  | { readonly kind: 'syntax-error'; readonly text: string; readonly near: string }
  | { readonly kind: 'unsupported'; readonly text: string; readonly what: string };
