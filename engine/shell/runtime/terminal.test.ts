// The ordered output of a result: chunks merge, plain results stay as they were, a pipe
// carries only the command's own stdout, a closed terminal drops what its jobs write.
import { describe, expect, it } from 'vitest';
import { chunksOf, fromChunks, ownStdout, Terminal } from './terminal.ts';
import { createHostShell } from '../index.ts';

describe('output chunks', () => {
  it('leaves output out when stdout comes before stderr and no job wrote', () => {
    expect(
      fromChunks(0, [
        { fd: 1, text: 'a' },
        { fd: 1, text: 'b' },
        { fd: 2, text: 'e' },
      ]),
    ).toEqual({ exit: 0, stdout: 'ab', stderr: 'e' });
    expect(chunksOf({ exit: 0, stdout: 'o', stderr: 'e' })).toEqual([
      { fd: 1, text: 'o' },
      { fd: 2, text: 'e' },
    ]);
  });

  it('keeps the order of interleaved streams and of job output', () => {
    const r = fromChunks(1, [
      { fd: 2, text: 'log\n', job: true },
      { fd: 1, text: 'body\n' },
    ]);
    expect(r).toMatchObject({ stdout: 'body\n', stderr: 'log\n' });
    expect(r.output).toHaveLength(2);
    expect(
      ownStdout(
        fromChunks(0, [
          { fd: 1, text: 'X', job: true },
          { fd: 1, text: 'y' },
        ]),
      ),
    ).toBe('y');
  });

  it('a terminal hands over what jobs wrote once; a closed one drops it', () => {
    const t = new Terminal();
    t.sink.write(1, 'X');
    expect(t.take()).toEqual([{ fd: 1, text: 'X', job: true }]);
    expect(t.take()).toEqual([]);
    t.close();
    t.sink.write(2, 'late');
    expect(t.take()).toEqual([]);
  });

  it('bash keeps the order of a line’s commands on the terminal', () => {
    const r = createHostShell().run('echo a; echo b >&2; echo c');
    expect(r).toMatchObject({ stdout: 'a\nc\n', stderr: 'b\n' });
    expect(r.output).toEqual([
      { fd: 1, text: 'a\n' },
      { fd: 2, text: 'b\n' },
      { fd: 1, text: 'c\n' },
    ]);
  });
});
