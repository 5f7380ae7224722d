import { describe, expect, it } from '@jest/globals';
import {
  InputError,
  ManifestReader,
  buildManifest,
  manifestPieces,
  parseManifest,
  type ManifestFile,
  type PartManifest,
} from '@cat-actions/core';

/**
 * parseManifest as it was before the manifest was read in a stream (one JSON.parse of the whole
 * text): the reference every case below is held to, result and error alike.
 */
function parseWhole(text: string, where: string): PartManifest {
  let doc: PartManifest;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new InputError({ input: where, expected: 'a JSON part manifest' });
  }
  const validFile = (f: ManifestFile) =>
    typeof f?.path === 'string' &&
    f.path !== '' &&
    !f.path.split('/').includes('..') &&
    Number.isSafeInteger(f.size) &&
    f.size >= 0 &&
    /^[0-9a-f]{64}$/.test(f.sha256);
  if (
    doc?.version !== 1 ||
    !Array.isArray(doc.files) ||
    !doc.files.every(validFile) ||
    doc.fileCount !== doc.files.length
  ) {
    throw new InputError({
      input: where,
      expected: 'a version 1 part manifest with files [{path, size, sha256}]',
    });
  }
  return doc;
}

type Outcome = { ok: PartManifest } | { error: string };

const outcome = (parse: () => PartManifest): Outcome => {
  try {
    return { ok: parse() };
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return { error: (error as Error).message };
  }
};

/** The manifest read by a ManifestReader from `chunks`, its entries gathered as the sink sees them. */
function readChunks(chunks: string[], where = 'm'): PartManifest {
  let files: ManifestFile[] = [];
  const reader = new ManifestReader(where, {
    file: (f) => files.push(f),
    restart: () => (files = []),
  });
  for (const chunk of chunks) reader.write(chunk);
  return { ...reader.end(), files } as PartManifest;
}

/** The text cut into pieces of `size` code units (a cut may fall anywhere, even mid-escape). */
const cut = (text: string, size: number) =>
  Array.from({ length: Math.ceil(text.length / size) }, (_, i) =>
    text.slice(i * size, (i + 1) * size),
  );

const sha = (n: number) => n.toString(16).padStart(64, '0');
const identity = { tenant: 'cat-be', dataset: '20240328_084742_utc', part: '1b_raw' };
const at = new Date('2026-11-30T19:00:00Z');

const stored = (files: ManifestFile[]) =>
  [...manifestPieces(buildManifest(identity, files, at))].join('');

const small = stored([
  { path: 'a/b "q".csv', size: 3, sha256: sha(1) },
  { path: 'données/été\\x.json', size: 0, sha256: sha(2) },
  { path: 'z[1]{2},:.txt', size: 12, sha256: sha(3) },
]);

/** Holds the reader to the whole-text parse on `text`, whole and cut into pieces of each size. */
function expectSameAsWhole(text: string, sizes = [1, 2, 3, 7, 64, 1 << 20]): void {
  const expected = outcome(() => parseWhole(text, 'm'));
  expect(outcome(() => parseManifest(text, 'm'))).toEqual(expected);
  for (const size of sizes) expect(outcome(() => readChunks(cut(text, size)))).toEqual(expected);
}

describe('ManifestReader: a manifest read as it streams, held to one JSON.parse of the whole', () => {
  it('reads what the uploader writes, in chunks of any size', () => {
    const files = Array.from({ length: 3000 }, (_, i) => ({
      path: `batch_${Math.floor(i / 1000)}/r${i}.json`,
      size: 1024 + i,
      sha256: sha(i),
    }));
    const text = stored(files);
    const read = readChunks(cut(text, 65536));
    expect(read).toEqual(buildManifest(identity, files, at));
    expect(read.files).toHaveLength(3000);
    expectSameAsWhole(stored(files.slice(0, 40)));
    expectSameAsWhole(small);
  });

  it('hands entries to the sink one at a time as they arrive, never the text whole', () => {
    const seen: number[] = [];
    let files = 0;
    const reader = new ManifestReader('m', { file: () => files++, restart: () => (files = 0) });
    const text = stored(
      Array.from({ length: 100 }, (_, i) => ({ path: `f${i}`, size: i, sha256: sha(i) })),
    );
    for (const chunk of cut(text, 500)) {
      reader.write(chunk);
      seen.push(files);
    }
    // Entries arrive throughout, not all at the end.
    expect(seen.filter((n) => n > 0 && n < 100).length).toBeGreaterThan(5);
    expect(reader.end()).toMatchObject({ fileCount: 100, tenant: 'cat-be' });
  });

  it('refuses a manifest cut short anywhere with the JSON error, as before', () => {
    for (let end = 0; end < small.trimEnd().length; end++) {
      const truncated = small.slice(0, end);
      expect(outcome(() => readChunks(cut(truncated, 5)))).toEqual({
        error: expect.stringContaining('expected a JSON part manifest'),
      });
      expectSameAsWhole(truncated, [1, 13]);
    }
  });

  it('refuses damaged JSON and misshapen manifests exactly as before', () => {
    const good = JSON.parse(small) as PartManifest;
    const json = (doc: unknown) => JSON.stringify(doc, null, 1);
    const cases = [
      '',
      '   ',
      'null',
      '[]',
      '"files"',
      '{}',
      small.replace('"size": 3', '"size": 3,'),
      small.replace('},\n  {', '}\n  {'),
      small.replace('},\n  {', '},,\n  {'),
      small.replace('[\n  {', '[,\n  {'),
      small.replace('}\n ]', '},\n ]'),
      small.replace('}\n ]', '}\n }'),
      small.replace('}\n ]', ']\n ]'),
      small.replace('"files": [', '"files": ['.replace('[', '{')),
      `${small}}`,
      `${small}]`,
      `]${small}`,
      `\ufeff${small}`,
      small.replace('"version": 1', '"version": 2'),
      small.replace('"fileCount": 3', '"fileCount": 4'),
      json({ ...good, files: [] }),
      json({ ...good, files: [], fileCount: 0 }),
      json({ ...good, files: null }),
      json({ ...good, files: {} }),
      json({ ...good, files: [1, 2, 3] }),
      json({ ...good, files: ['a', null, [good.files[0]]] }),
      json({ ...good, files: [{ ...good.files[0], path: '' }, ...good.files.slice(1)] }),
      json({ ...good, files: [{ ...good.files[0], path: 'a/../b' }, ...good.files.slice(1)] }),
      json({ ...good, files: [{ ...good.files[0], size: -1 }, ...good.files.slice(1)] }),
      json({ ...good, files: [{ ...good.files[0], size: 1.5 }, ...good.files.slice(1)] }),
      json({ ...good, files: [{ ...good.files[0], sha256: 'ABC' }, ...good.files.slice(1)] }),
      json({ nested: { files: good.files }, ...good }),
      json([good]),
      // A key spelt with an escape is the same key to JSON.parse.
      small.replace('"files"', '"fil\\u0065s"'),
      small.replace('"files"', '"files\\"'),
      // A string value that says "files" is not the key.
      small.replace('"tenant": "cat-be"', '"tenant": "files"'),
      // Twice the key: JSON.parse keeps the last.
      small.replace('"version": 1,', `"files": [${json(good.files[0])}],\n "version": 1,`),
      small.replace('"version": 1,', '"files": [1, 2],\n "version": 1,'),
      small.replace('\n}\n', ',\n "files": null\n}\n'),
      small.replace('\n}\n', `,\n "files": [${json(good.files[1])}]\n}\n`),
      small.replace('"createdAt"', '"createdAt" "x": 1, "createdAt"'),
      small.replace('"sha256": "', '"sha256": "\\'),
      small.replace('"path": "a/b', '"path": "a\u0001/b'),
    ];
    for (const text of cases) expectSameAsWhole(text);
  });

  it('matches the whole-text parse on random damage (cut, dropped, doubled, changed characters)', () => {
    let seed = 14;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const alphabet = '{}[],:" \\nx1';
    for (let round = 0; round < 400; round++) {
      const i = random(small.length);
      const kind = random(4);
      const text =
        kind === 0
          ? small.slice(0, i) + small.slice(i + 1)
          : kind === 1
            ? small.slice(0, i) + small[i] + small.slice(i)
            : kind === 2
              ? small.slice(0, i) + alphabet[random(alphabet.length)] + small.slice(i + 1)
              : small.slice(0, i) + alphabet[random(alphabet.length)] + small.slice(i);
      expectSameAsWhole(text, [1 + random(40)]);
    }
  });
});
