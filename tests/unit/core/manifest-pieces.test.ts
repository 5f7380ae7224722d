import { describe, expect, it } from '@jest/globals';
import {
  buildManifest,
  manifestPieces,
  parseManifest,
  type PartManifest,
  type ManifestFile,
} from '@cat-actions/core';

const manifestBytes = (manifest: PartManifest) =>
  Buffer.from([...manifestPieces(manifest)].join(''), 'utf8');

/** What the uploader wrote before manifestBytes: the stored format must not move by a byte. */
const asBefore = (manifest: object) =>
  Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`, 'utf8');

const sha = (n: number) => n.toString(16).padStart(64, '0');
const identity = { tenant: 'cat-be', dataset: '20240328_084742_utc', part: '1b_raw' };
const at = new Date('2026-11-30T19:00:00Z');

describe('manifestPieces: the stored manifest, written without one big string', () => {
  it('writes exactly what JSON.stringify(manifest, null, 1) wrote, for many files', () => {
    const files: ManifestFile[] = Array.from({ length: 2500 }, (_, i) => ({
      path: `batch_${Math.floor(i / 1000)}/r${i}.json`,
      size: 1024 + i,
      sha256: sha(i),
    }));
    const manifest = buildManifest(identity, files, at);
    const pieces = [...manifestPieces(manifest)];
    // One piece per file plus the head and the tail: never the whole text at once.
    expect(pieces).toHaveLength(files.length + 2);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(200);
    const bytes = manifestBytes(manifest);
    expect(bytes.equals(asBefore(manifest))).toBe(true);
    expect(parseManifest(bytes.toString('utf8'), 'test')).toEqual(manifest);
  });

  it('keeps non-ASCII paths, quotes and backslashes byte for byte (UTF-8 lengths differ)', () => {
    const files: ManifestFile[] = [
      { path: 'données/été "quoted".csv', size: 3, sha256: sha(1) },
      { path: 'back\\slash/ü/日本語.txt', size: 0, sha256: sha(2) },
      { path: 'emoji/😀\ttab', size: 9_007_199_254_740_991, sha256: sha(3) },
    ];
    const manifest = buildManifest(identity, files, at);
    expect(manifestBytes(manifest).equals(asBefore(manifest))).toBe(true);
  });

  it('writes an empty part as [] and keeps the identity key order the caller gave', () => {
    const empty = buildManifest({ part: '2b', tenant: 't', dataset: 'd' }, [], at);
    expect(manifestBytes(empty).equals(asBefore(empty))).toBe(true);
    expect(manifestBytes(empty).toString()).toContain('"files": []');
    const one = buildManifest(identity, [{ path: 'a', size: 1, sha256: sha(9) }], at);
    expect(manifestBytes(one).equals(asBefore(one))).toBe(true);
  });
});

describe('manifestPieces over a file list that is not an array', () => {
  it('writes the same bytes when the entries are made one at a time', () => {
    const files: ManifestFile[] = Array.from({ length: 300 }, (_, i) => ({
      path: `f/${String(i).padStart(4, '0')}.csv`,
      size: i,
      sha256: sha(i),
    }));
    const manifest = buildManifest(identity, files, at);
    let made = 0;
    const list = {
      length: files.length,
      at: (index: number) => {
        made++;
        return { ...files[index] };
      },
    };
    const pieces = [...manifestPieces({ ...manifest, files: list })].join('');
    expect(Buffer.from(pieces, 'utf8').equals(asBefore(manifest))).toBe(true);
    // Each entry was asked for once, in order: nothing was collected first.
    expect(made).toBe(files.length);
  });
});
