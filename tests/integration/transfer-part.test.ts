import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MANIFEST, UPLOAD_MARKER, parseManifest, partState } from '@cat-actions/core';
import {
  IncompletePartError,
  PartIntegrityError,
  downloadPart,
  downloadTree,
  getText,
  listAllKeys,
  putText,
  uploadPart,
  uploadTree,
  type TransferProgress,
} from '@cat-actions/transfer';
import { startS3rver, type LocalS3 } from '../support/s3rver';

const bucket = 'cat-data-dev-1';
const identity = { tenant: 'cat-be', dataset: '20240328_084742_utc', part: '2b' };
const prefixOf = (part: string) => `cat-be/datasets/${identity.dataset}/${part}/`;

let s3: LocalS3;
let client: S3Client;
let scratch: string;

beforeAll(async () => {
  s3 = await startS3rver([bucket]);
  client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-transfer-'));
});

afterAll(async () => {
  client?.destroy();
  await s3?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A folder with the given files (relative path -> content). */
function folder(name: string, files: Record<string, string | Buffer>): string {
  const dir = path.join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    writeFileSync(path.join(dir, relative), content);
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Publishes `files` (from a fresh folder named `name`) as part `part`. */
const publish = (part: string, name: string, files: Record<string, string | Buffer>) =>
  uploadPart({
    client,
    bucket,
    prefix: prefixOf(part),
    localDir: folder(name, files),
    identity: { ...identity, part },
    concurrency: 2,
  });

const namesUnder = async (prefix: string) =>
  (await listAllKeys(client, bucket, prefix)).map((o) => o.key.slice(prefix.length)).sort();

/** Bytes large enough to go through the streamed PUT and the multipart paths. */
const pattern = (size: number, seed: number) => {
  const buf = Buffer.alloc(size);
  for (let i = 0; i + 4 <= size; i += 4) buf.writeUInt32LE((i * 2654435761 + seed) >>> 0, i);
  return buf;
};

const nested = {
  'a.csv': 'id,name\n1,one\n',
  'empty.txt': '',
  'deep/er/b.json': '{"b":1}',
  'deep/c with space.txt': 'c',
  'medium.bin': pattern(2 * 1024 * 1024, 1),
  'big/large.bin': pattern(6 * 1024 * 1024 + 123, 2),
};
const smallTuning = { multipartThresholdBytes: 5 * 1024 * 1024, partSizeBytes: 5 * 1024 * 1024 };

describe('a part uploaded and downloaded is the same folder, verified', () => {
  it('round-trips a nested folder through a manifest', async () => {
    const source = folder('nested', nested);
    const seen: TransferProgress[] = [];
    const up = await uploadPart({
      client,
      bucket,
      prefix: prefixOf('2b'),
      localDir: source,
      identity,
      concurrency: 4,
      onProgress: (p) => seen.push(p),
      tuning: smallTuning,
    });
    expect(up.files).toBe(6);
    expect(up.bytes).toBe(Object.values(nested).reduce((s, c) => s + Buffer.byteLength(c), 0));
    expect(up.manifest.files.map((f) => f.path)).toEqual(Object.keys(nested).sort());
    expect(seen.at(-1)).toEqual({
      filesDone: 6,
      filesTotal: 6,
      bytesDone: up.bytes,
      bytesTotal: up.bytes,
    });

    const names = await namesUnder(prefixOf('2b'));
    expect(names).toContain(MANIFEST);
    expect(names).not.toContain(UPLOAD_MARKER);
    expect(partState(names)).toBe('complete');
    const storedText = await getText({ client, bucket, key: prefixOf('2b') + MANIFEST });
    const stored = parseManifest(storedText, 'manifest');
    expect(stored.files).toEqual(up.manifest.files);
    // Streamed in pieces, stored as it always was: the manifest's JSON, one-space indent.
    expect(storedText).toBe(`${JSON.stringify(up.manifest, null, 1)}\n`);

    const target = path.join(scratch, 'nested-down');
    const down = await downloadPart({
      client,
      bucket,
      prefix: prefixOf('2b'),
      localDir: target,
      concurrency: 3,
      requireManifest: true,
    });
    expect(down).toEqual({ files: 6, bytes: up.bytes, verified: true });
    for (const [relative, content] of Object.entries(nested)) {
      // Buffer.equals: jest's deep equality walks big buffers byte by byte, far too slowly.
      expect(readFileSync(path.join(target, relative)).equals(Buffer.from(content))).toBe(true);
    }
  });
});

describe('a re-upload leaves the part exactly equal to the folder', () => {
  it('removes keys that are no longer in the folder', async () => {
    const prefix = prefixOf('2b_rerun');
    await publish('2b_rerun', 'first', { 'keep.txt': 'v1', 'old/gone.txt': 'x', 'gone.txt': 'y' });
    const second = await publish('2b_rerun', 'second', { 'keep.txt': 'v2', 'new.txt': 'n' });
    expect(second.removedKeys.sort()).toEqual([`${prefix}gone.txt`, `${prefix}old/gone.txt`]);
    expect(await namesUnder(prefix)).toEqual([MANIFEST, 'keep.txt', 'new.txt']);
    const target = path.join(scratch, 'rerun-down');
    await downloadPart({ client, bucket, prefix, localDir: target, concurrency: 2 });
    expect(readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('v2');
  });
});

describe('an interrupted upload never counts as complete', () => {
  it('leaves the marker and no manifest when aborted mid-way; a re-run completes it', async () => {
    const prefix = prefixOf('1b');
    const files: Record<string, string> = {};
    for (let i = 0; i < 60; i++)
      files[`f${String(i).padStart(3, '0')}.txt`] = `row ${i}\n`.repeat(50);
    const source = folder('abort', files);
    const controller = new AbortController();
    const attempt = uploadPart({
      client,
      bucket,
      prefix,
      localDir: source,
      identity: { ...identity, part: '1b' },
      concurrency: 2,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.filesDone === 10) controller.abort(new Error('runner cancelled'));
      },
    });
    await expect(attempt).rejects.toThrow('runner cancelled');
    const names = await namesUnder(prefix);
    expect(names).toContain(UPLOAD_MARKER);
    expect(names).not.toContain(MANIFEST);
    expect(names.length).toBeLessThan(61);
    expect(partState(names)).toBe('incomplete');
    await expect(
      downloadPart({ client, bucket, prefix, localDir: path.join(scratch, 'inc'), concurrency: 2 }),
    ).rejects.toThrow(IncompletePartError);

    const rerun = await uploadPart({
      client,
      bucket,
      prefix,
      localDir: source,
      identity: { ...identity, part: '1b' },
      concurrency: 4,
    });
    expect(rerun.files).toBe(60);
    expect(partState(await namesUnder(prefix))).toBe('complete');
  });

  it('stops a multipart upload when aborted and leaves the part incomplete', async () => {
    const prefix = prefixOf('1b_abort_multipart');
    const source = folder('abort-multipart', { 'big.bin': pattern(16 * 1024 * 1024, 9) });
    const controller = new AbortController();
    const attempt = uploadPart({
      client,
      bucket,
      prefix,
      localDir: source,
      identity: { ...identity, part: '1b_abort_multipart' },
      concurrency: 1,
      signal: controller.signal,
      tuning: { ...smallTuning, queueSize: 1 },
      onProgress: (p) => p.bytesDone > 0 && controller.abort(new Error('cancelled')),
    });
    await expect(attempt).rejects.toThrow('cancelled');
    const names = await namesUnder(prefix);
    expect(names).toEqual([UPLOAD_MARKER]);
  });

  it('a re-upload over a complete part removes the old manifest before touching files', async () => {
    const prefix = prefixOf('3b');
    const id = { ...identity, part: '3b' };
    await uploadPart({
      client,
      bucket,
      prefix,
      localDir: folder('v1', { 'a.txt': 'a' }),
      identity: id,
      concurrency: 1,
    });
    const controller = new AbortController();
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`n${i}.txt`] = String(i);
    await expect(
      uploadPart({
        client,
        bucket,
        prefix,
        localDir: folder('v2', files),
        identity: id,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => p.filesDone === 3 && controller.abort(new Error('stopped')),
      }),
    ).rejects.toThrow('stopped');
    expect(partState(await namesUnder(prefix))).toBe('incomplete');
  });
});

describe('downloads skip nothing silently', () => {
  it('fails with a clear message when an object was changed after upload', async () => {
    const prefix = prefixOf('2b_corrupt');
    await publish('2b_corrupt', 'corrupt', { 'x.csv': 'good,data\n', 'y.csv': 'other\n' });
    // Same size, different content: only the checksum can tell.
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${prefix}x.csv`, Body: 'evil,data\n' }),
    );
    const target = path.join(scratch, 'corrupt-down');
    const attempt = downloadPart({ client, bucket, prefix, localDir: target, concurrency: 2 });
    await expect(attempt).rejects.toThrow(PartIntegrityError);
    await expect(attempt).rejects.toThrow(
      new RegExp(`s3://${bucket}/${prefix}x\\.csv has SHA-256 [0-9a-f]{64}, the manifest says`),
    );
    expect(() => readFileSync(path.join(target, 'x.csv'))).toThrow();
  });

  it('fails on a changed large (streamed) object and leaves no file behind', async () => {
    const prefix = prefixOf('2b_corrupt_large');
    const original = pattern(3 * 1024 * 1024, 5);
    await publish('2b_corrupt_large', 'corrupt-large', { 'big.bin': original });
    const changed = Buffer.from(original);
    changed[1234] ^= 0xff;
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${prefix}big.bin`, Body: changed }),
    );
    const target = path.join(scratch, 'corrupt-large-down');
    await expect(
      downloadPart({ client, bucket, prefix, localDir: target, concurrency: 1 }),
    ).rejects.toThrow(/big\.bin has SHA-256 [0-9a-f]{64}, the manifest says/);
    expect(readdirSync(target)).toEqual([]);
  });

  it('fails when a file of the manifest is missing or has another size', async () => {
    const prefix = prefixOf('2b_missing');
    await publish('2b_missing', 'missing', { 'x.csv': 'x', 'y.csv': 'y' });
    const { DeleteObjectCommand } = await import('@aws-sdk/client-s3');
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: `${prefix}y.csv` }));
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}x.csv`, Body: 'xx' }));
    const down = (dir: string) =>
      downloadPart({ client, bucket, prefix, localDir: path.join(scratch, dir), concurrency: 1 });
    await expect(down('m1')).rejects.toThrow(/x\.csv has 2 bytes in S3, the manifest says 1/);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: `${prefix}x.csv`, Body: 'x' }));
    await expect(down('m2')).rejects.toThrow(/y\.csv is listed in the part's manifest but missing/);
  });

  it('downloads a legacy part as listed, unverified, and refuses it when a manifest is required', async () => {
    const prefix = prefixOf('1b_legacy');
    await putText({ client, bucket, key: `${prefix}old/data.csv`, text: 'legacy' });
    const target = path.join(scratch, 'legacy-down');
    const down = await downloadPart({ client, bucket, prefix, localDir: target, concurrency: 2 });
    expect(down).toEqual({ files: 1, bytes: 6, verified: false });
    expect(readFileSync(path.join(target, 'old/data.csv'), 'utf8')).toBe('legacy');
    await expect(
      downloadPart({
        client,
        bucket,
        prefix,
        localDir: target,
        concurrency: 2,
        requireManifest: true,
      }),
    ).rejects.toThrow(/has no _cat_manifest\.json/);
  });

  it('rejects keys that would write outside the destination folder', async () => {
    const prefix = prefixOf('1b_traversal');
    await putText({ client, bucket, key: `${prefix}ok.txt`, text: 'ok' });
    // S3 keys may hold backslashes; on Windows runners `..\\` would climb out of the folder.
    await putText({ client, bucket, key: `${prefix}..\\escape.txt`, text: 'bad' });
    const target = path.join(scratch, 'traversal', 'inside');
    await expect(
      downloadPart({ client, bucket, prefix, localDir: target, concurrency: 1 }),
    ).rejects.toThrow(/could write outside the destination folder/);
    expect(() => readFileSync(path.join(scratch, 'traversal', 'escape.txt'))).toThrow();
  });
});

describe('plain prefixes (test results, logs)', () => {
  it('uploads and downloads a tree without a manifest', async () => {
    const prefix = 'cat-be/test_results/20240328_084742_utc/20240401_100005_utc/';
    const up = await uploadTree({
      client,
      bucket,
      prefix,
      localDir: folder('results', { 'report.html': '<p>ok</p>', 'junit/a.xml': '<x/>' }),
      concurrency: 2,
    });
    expect(up).toEqual({ files: 2, bytes: 13 });
    expect(await namesUnder(prefix)).toEqual(['junit/a.xml', 'report.html']);
    const down = await downloadTree({
      client,
      bucket,
      prefix,
      localDir: path.join(scratch, 'results-down'),
      concurrency: 2,
    });
    expect(down).toEqual({ files: 2, bytes: 13, verified: false });
  });
});
