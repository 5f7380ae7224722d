import { describe, expect, it } from '@jest/globals';
import { SentFiles } from '../../../packages/transfer/src/sent-files';

const local = (paths: string[]) =>
  paths.map((path, i) => ({ path, absolutePath: `/w/${path}`, size: 10 * (i + 1) }));
const sha = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

describe('SentFiles: what an upload sent, kept in columns', () => {
  it('gives each file its own size and SHA-256 back, in path order', () => {
    const files = local(['a.csv', 'b/c.csv', 'b/d.csv']);
    const sent = new SentFiles(files);
    // Recorded out of order, as parallel uploads finish.
    sent.record(2, { size: 3, sha256: sha(0xcc) });
    sent.record(0, { size: 1, sha256: sha(0xaa) });
    sent.record(1, { size: 2, sha256: sha(0xbb) });
    expect(sent.length).toBe(3);
    expect(sent.bytes()).toBe(6);
    expect(sent.toJSON()).toEqual([
      { path: 'a.csv', size: 1, sha256: sha(0xaa) },
      { path: 'b/c.csv', size: 2, sha256: sha(0xbb) },
      { path: 'b/d.csv', size: 3, sha256: sha(0xcc) },
    ]);
  });

  it('lists the entries sorted by path even when the files did not come sorted', () => {
    const sent = new SentFiles(local(['z.csv', 'a.csv', 'm/x.csv']));
    sent.record(0, { size: 26, sha256: sha(26) });
    sent.record(1, { size: 1, sha256: sha(1) });
    sent.record(2, { size: 13, sha256: sha(13) });
    expect(sent.toJSON().map((f) => [f.path, f.size, f.sha256])).toEqual([
      ['a.csv', 1, sha(1)],
      ['m/x.csv', 13, sha(13)],
      ['z.csv', 26, sha(26)],
    ]);
    expect(sent.at(2)).toEqual({ path: 'z.csv', size: 26, sha256: sha(26) });
  });

  it('keeps sizes beyond 4 GiB exactly', () => {
    const sent = new SentFiles(local(['big.bin']));
    sent.record(0, { size: 5 * 1024 ** 4, sha256: sha(7) });
    expect(sent.at(0).size).toBe(5 * 1024 ** 4);
    expect(sent.bytes()).toBe(5 * 1024 ** 4);
  });
});
