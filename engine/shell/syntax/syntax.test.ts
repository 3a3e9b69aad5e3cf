import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from './parser.ts';
import { shellSplit } from '../runtime/split.ts';

describe('shell words as bash splits them', () => {
  it.each([
    [
      "iptables -A INPUT -m comment --comment 'kube-system/kube-dns:dns cluster IP' -j ACCEPT",
      [
        'iptables',
        '-A',
        'INPUT',
        '-m',
        'comment',
        '--comment',
        'kube-system/kube-dns:dns cluster IP',
        '-j',
        'ACCEPT',
      ],
    ],
    [
      'iptables -A INPUT -m comment --comment "" -j ACCEPT',
      ['iptables', '-A', 'INPUT', '-m', 'comment', '--comment', '', '-j', 'ACCEPT'],
    ],
    ['echo "a \\"b\\" \\$x \\q"', ['echo', 'a "b" $x \\q']],
    ["echo 'a\\b' \"it's\" it\\'s", ['echo', 'a\\b', "it's", "it's"]],
    ['echo a\\ b c#d # a comment', ['echo', 'a b', 'c#d']],
    ["echo $'tab\\there\\x41\\101\\''", ['echo', 'tab\there' + 'AA' + "'"]],
    ['echo a\\\nb', ['echo', 'ab']],
    ['echo ~ ~/x "~" a~', ['echo', '/root', '/root/x', '~', 'a~']],
    ['echo ! -s 10.0.0.1', ['echo', '!', '-s', '10.0.0.1']],
    ['echo *.txt [a] {a,b}', ['echo', '*.txt', '[a]', '{a,b}']],
    ['echo $UNSET "$UNSET" x$UNSET', ['echo', '', 'x']],
  ])('%s', (line, argv) => {
    expect(shellSplit(line)).toEqual(argv);
  });

  it('splits lists, pipelines and here-documents into one unit per line', () => {
    const { units } = parse(
      'a; b && c || d\nx | y\ncat <<EOF\nbody\nEOF\n\n# only a comment\nlast',
    );
    expect(units.map((u) => u.kind)).toEqual(['list', 'list', 'list', 'list']);
    expect(units.map((u) => u.text)).toEqual([
      'a; b && c || d',
      'x | y',
      'cat <<EOF\nbody\nEOF',
      'last',
    ]);
  });

  it('keeps a here-document body literal when the delimiter is quoted, and strips tabs for <<-', () => {
    const { units } = parse("cat <<'E' <<-F\n$x\nE\n\t\tkeep $y\n\tF\n");
    const unit = units[0]!;
    if (unit.kind !== 'list') throw new Error('expected a list');
    const [a, b] = unit.items[0]!.first.commands[0]!.redirects;
    expect(a!.heredoc).toEqual({ text: '$x\n', expand: false });
    expect(b!.heredoc).toEqual({ text: 'keep $y\n', expand: true });
  });

  it.each([
    ["echo 'abc", 'quote'],
    ['echo "abc', 'quote'],
    ['cat <<EOF\nno end', 'heredoc'],
    ['cat <<EOF', 'heredoc'],
    ['echo a &&', 'operator'],
    ['echo a |\n', 'operator'],
    ['echo a\\', 'backslash'],
  ])('knows %j is unfinished', (text, kind) => {
    expect(parse(text).incomplete?.kind).toBe(kind);
  });

  it.each([
    ['; echo', ';'],
    ['echo a ;; b', ';;'],
    ['echo >', 'newline'],
    ['| x', '|'],
    ['fi', 'fi'],
    ['echo a && ; b', ';'],
  ])('reports a syntax error in %j near %j', (text, near) => {
    const unit = parse(text).units[0];
    expect(unit).toMatchObject({ kind: 'syntax-error', near });
  });
});

/** The three ways to quote a word in bash, mixed per character run. */
function quote(word: string, style: number): string {
  if (word === '') return ["''", '""', "$''", '""'][style]!;
  if (style === 0) return `'${word.replace(/'/g, "'\\''")}'`;
  if (style === 1) return `"${word.replace(/[\\"$`]/g, '\\$&')}"`;
  if (style === 2)
    return [...word]
      .map((c) => (c === '\n' ? "'\n'" : /[A-Za-z0-9]/.test(c) ? c : `\\${c}`))
      .join('');
  return `$'${word.replace(/[\\']/g, '\\$&').replace(/\n/g, '\\n').replace(/\t/g, '\\t')}'`;
}

describe('quoting round trip (property)', () => {
  const chars = fc.constantFrom(...'ab Z09 \t\n\'"\\$`#;&|<>()!*?~{}=-_./,:%@^[]'.split(''));
  const word = fc.array(chars, { maxLength: 12 }).map((cs) => cs.join(''));
  it('any argv quoted any way parses back to itself', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(word, fc.integer({ min: 0, max: 3 })), { maxLength: 8 }),
        (args) => {
          const line = ['cmd', ...args.map(([w, s]) => quote(w, s))].join(' ');
          expect(shellSplit(line)).toEqual(['cmd', ...args.map(([w]) => w)]);
        },
      ),
      { numRuns: 2000, seed: 42 },
    );
  });
});
