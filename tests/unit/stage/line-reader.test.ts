import { describe, expect, it } from '@jest/globals';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { readLines } from '../../../packages/stage/src/line-reader';

/** Feeds the same chunks to node:readline and to readLines; resolves with both lists of lines. */
async function bothReaders(chunks: Buffer[]): Promise<[string[], string[]]> {
  const ours: string[] = [];
  const theirs: string[] = [];
  const a = new PassThrough();
  const b = new PassThrough();
  const oursClosed = new Promise<void>((done) => readLines(a, (l) => ours.push(l), done));
  const theirsClosed = new Promise<void>((done) =>
    createInterface({ input: b })
      .on('line', (l) => theirs.push(l))
      .on('close', done),
  );
  for (const chunk of chunks) {
    a.write(chunk);
    b.write(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  a.end();
  b.end();
  await Promise.all([oursClosed, theirsClosed]);
  return [ours, theirs];
}

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x7fffffff;
  };
}

describe('readLines splits output as node:readline does', () => {
  it.each([
    ['plain lines', ['a\nb\n', 'c']],
    ['CRLF, lone CR (progress bars) and empty lines', ['1%\r2%\r\n\n', 'x\r\ny']],
    ['CRLF split across chunks', ['line one\r', '\nline two\r', '\n']],
    ['a multi-byte character split across chunks', [Buffer.from('é'), Buffer.from('日本\n')]],
    ['no ending at all', ['only']],
    ['nothing', []],
  ])('%s', async (_name, parts) => {
    const chunks = parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p)));
    const [ours, theirs] = await bothReaders(chunks);
    expect(ours).toEqual(theirs);
  });

  it('random text cut into random chunks (200 cases)', async () => {
    const next = random(14);
    const alphabet = ['a', 'b', ' ', '\n', '\r', '\r\n', 'é', '日', '🙂', '\t'];
    for (let n = 0; n < 200; n++) {
      let text = '';
      const length = Math.floor(next() * 60);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(next() * alphabet.length)];
      const bytes = Buffer.from(text);
      const chunks: Buffer[] = [];
      for (let at = 0; at < bytes.length;) {
        const size = 1 + Math.floor(next() * 8);
        chunks.push(bytes.subarray(at, at + size));
        at += size;
      }
      const [ours, theirs] = await bothReaders(chunks);
      expect({ text, ours }).toEqual({ text, ours: theirs });
    }
  });

  it('close() stops at once: onClose runs, a line without its ending is dropped', async () => {
    const input = new PassThrough();
    const lines: string[] = [];
    let closed = 0;
    const reader = readLines(
      input,
      (l) => lines.push(l),
      () => closed++,
    );
    input.write('done\npartial');
    await new Promise((resolve) => setImmediate(resolve));
    reader.close();
    input.end();
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines).toEqual(['done']);
    expect(closed).toBe(1);
  });
});
