/**
 * Word expansion for the simulated shell (bash(1) EXPANSION): tilde, parameters, field
 * splitting of unquoted expansions on blanks, and quote removal. Pathname expansion is not
 * performed: the simulated file system has no files a glob could match, and bash leaves an
 * unmatched pattern as typed, which is what this does.
 */
import type { Part, Word } from '../syntax/tokens.ts';

export const HOME = '/root';

/** What `$name` reads: the shell's variables plus the special parameters. */
export type ParamLookup = (name: string) => string;

export class UnsupportedExpansion extends Error {
  readonly what: string;
  constructor(what: string) {
    super(what);
    this.what = what;
  }
}

/** Expands one word into zero or more fields. Throws UnsupportedExpansion for $(…) and the like. */
export function expandWord(word: Word, lookup: ParamLookup): string[] {
  const fields: string[] = [];
  let cur = '';
  let real = false;
  word.parts.forEach((part, index) => {
    if (part.kind === 'unsupported') throw new UnsupportedExpansion(part.what);
    if (part.kind === 'lit') {
      cur += index === 0 && !part.quoted ? tilde(part.text) : part.text;
      real ||= part.quoted || part.text !== '';
      return;
    }
    const value = lookup(part.name);
    if (part.quoted) {
      cur += value;
      real = true;
      return;
    }
    value.split(/[ \t\n]+/).forEach((piece, k) => {
      if (k > 0 && real) {
        fields.push(cur);
        cur = '';
        real = false;
      }
      cur += piece;
      real ||= piece !== '';
    });
  });
  if (real) fields.push(cur);
  return fields;
}

/** Expands a word that must stay one string (a redirection target, bash(1) REDIRECTION). */
export function expandToString(word: Word, lookup: ParamLookup): string {
  return expandWord(word, lookup).join(' ');
}

function tilde(text: string): string {
  return text === '~' || text.startsWith('~/') ? HOME + text.slice(1) : text;
}

/** A here-document body with parameters expanded and `\$`, `` \` ``, `\\` unescaped. */
export function expandHeredoc(body: string, lookup: ParamLookup): string {
  return body.replace(
    /\\([$`\\])|\\\n|\$\{([A-Za-z_][A-Za-z0-9_]*|[?$#@*!0-9-])\}|\$([A-Za-z_][A-Za-z0-9_]*|[?$#@*!0-9-])/g,
    (_m, esc: string | undefined, braced: string | undefined, plain: string | undefined) => {
      if (esc !== undefined) return esc;
      const name = braced ?? plain;
      return name === undefined ? '' : lookup(name);
    },
  );
}

/** `NAME=value` at the start of a command (bash(1) PARAMETERS): the name, or undefined. */
export function assignmentName(word: Word): string | undefined {
  const first: Part | undefined = word.parts[0];
  if (!first || first.kind !== 'lit' || first.quoted) return undefined;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(first.text);
  return m?.[1];
}

/** The value of an assignment word: the word after `NAME=`, expanded without field splitting. */
export function assignmentValue(word: Word, lookup: ParamLookup): string {
  const first = word.parts[0] as Part & { kind: 'lit' };
  const rest: Word = {
    ...word,
    parts: [
      { ...first, text: first.text.slice(first.text.indexOf('=') + 1), quoted: true },
      ...word.parts.slice(1),
    ].map((p) => (p.kind === 'param' ? { ...p, quoted: true } : p)),
  };
  return expandWord(rest, lookup).join('');
}
