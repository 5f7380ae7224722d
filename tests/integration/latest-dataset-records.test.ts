/**
 * Completion records on a real S3 (s3rver), written by the real uploader and read by LATEST: a
 * record sits beside the part folders once a part is complete, is removed before anything of the
 * part changes on a re-upload, and a part without one (written before records) is still judged by
 * its manifest. The object calls go to s3rver through a recorder that notes each call in order
 * (and can refuse one), so the order of the control-file writes is checked on the wire.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  MANIFEST,
  UPLOAD_MARKER,
  completionRecordName,
  parseCompletionRecord,
  partState,
} from '@cat-actions/core';
import { createS3Client, latestDataset, type S3Objects } from '@cat-actions/aws';
import { listAllKeys, putText, uploadPart } from '@cat-actions/transfer';
import { datasetObjects } from '../support/fake-aws-datasets';
import { directObjectsAt } from '../support/direct-objects';
import { startS3rver, type LocalS3 } from '../support/s3rver';

const bucket = 'cat-data-records';
const tenant = 'cat-be';
const OLDER = '20240101_000000_utc';
const NEWER = '20240201_000000_utc';
const datasetFolder = (dataset: string) => `${tenant}/datasets/${dataset}/`;

let s3: LocalS3;
let scratch: string;
let objects: S3Objects;
let reader: S3Client;
/** `operation key` of every object call the uploader made, in order. */
let calls: string[] = [];
/** A call to refuse (the uploader stops there, as if the runner died). */
let refuse: ((operation: string, key: string) => boolean) | undefined;
const saved = { ...process.env };

/** The object calls, each noted (and refused when `refuse` says so) before s3rver answers it. */
function recorded(target: S3Objects): S3Objects {
  return new Proxy(target, {
    get(inner, property, receiver) {
      const value = Reflect.get(inner, property, receiver);
      if (typeof value !== 'function') return value;
      return (call: { key?: string; prefix?: string }, ...rest: unknown[]) => {
        const key = call?.key ?? call?.prefix ?? '';
        calls.push(`${String(property)} ${key}`);
        if (refuse?.(String(property), key)) {
          return Promise.reject(new Error(`refused ${String(property)} ${key}`));
        }
        return value.call(inner, call, ...rest);
      };
    },
  });
}

beforeAll(async () => {
  s3 = await startS3rver([bucket]);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-records-'));
  objects = recorded(directObjectsAt(s3.endpoint));
  Object.assign(process.env, s3.env);
  reader = await createS3Client({ maxAttempts: 1 });
});
afterAll(async () => {
  process.env = saved;
  reader?.destroy();
  await s3?.stop();
  rmSync(scratch, { recursive: true, force: true });
});
beforeEach(() => {
  calls = [];
  refuse = undefined;
});

/** A fresh local folder holding `count` files. */
function folder(name: string, count: number): string {
  const dir = path.join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'nested'), { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(path.join(dir, i % 2 ? 'nested' : '', `f${i}.csv`), `${name},${i}\n`.repeat(20));
  }
  return dir;
}

const upload = (
  dataset: string,
  part: string,
  localDir: string,
  extra: Partial<Parameters<typeof uploadPart>[0]> = {},
) =>
  uploadPart({
    client: objects,
    bucket,
    prefix: `${datasetFolder(dataset)}${part}/`,
    localDir,
    identity: { tenant, dataset, part },
    concurrency: 2,
    ...extra,
  });

/** The keys directly under the dataset folder (records and anything else), relative to it. */
const topLevel = async (dataset: string) =>
  (await listAllKeys(objects, bucket, datasetFolder(dataset)))
    .map((o) => o.key.slice(datasetFolder(dataset).length))
    .filter((name) => !name.includes('/'))
    .sort();
const recordsOf = async (dataset: string) =>
  (await topLevel(dataset)).map(parseCompletionRecord).filter((r) => r !== undefined);
const partNames = async (dataset: string, part: string) =>
  (await listAllKeys(objects, bucket, `${datasetFolder(dataset)}${part}/`)).map((o) =>
    o.key.slice(`${datasetFolder(dataset)}${part}/`.length),
  );

const pick = (require: string[] = [], strict = false) =>
  latestDataset(reader, { bucket, tenant, dataset: 'LATEST', require, strict });

describe('the uploader writes a record per complete part; LATEST reads it instead of the manifest', () => {
  beforeAll(async () => {
    for (const dataset of [OLDER, NEWER]) {
      await upload(dataset, '1b_raw', folder(`${dataset}-1b`, 4));
      await upload(dataset, '2b_processed', folder(`${dataset}-2b`, 3));
      await upload(dataset, '3b_model', folder(`${dataset}-3b`, 2));
    }
    // A part whose name starts with another's and a dot: its record must survive the other's.
    await upload(NEWER, '1b_raw.v2', folder('v2', 1));
  });

  it('a new part: record written after the manifest, before the marker goes', async () => {
    const up = await upload(NEWER, '3b_extra', folder('3b-extra', 2));
    const part = `${datasetFolder(NEWER)}3b_extra/`;
    const record = `${datasetFolder(NEWER)}${completionRecordName({
      part: '3b_extra',
      fileCount: 2,
      totalBytes: up.bytes,
    })}`;
    const control = calls.filter((c) => !/\/f\d+\.csv$/.test(c));
    expect(control).toEqual([
      `putObject ${part}${UPLOAD_MARKER}`,
      // No record of the part yet: the listing finds none, nothing is deleted.
      `listObjectsPage ${datasetFolder(NEWER)}_cat_complete.3b_extra.`,
      `deleteObject ${part}${MANIFEST}`,
      `listObjectsPage ${part}`,
      `putObject ${part}${MANIFEST}`,
      `putObject ${record}`,
      `deleteObject ${part}${UPLOAD_MARKER}`,
    ]);
    expect(await recordsOf(NEWER)).toEqual([
      { part: '1b_raw', fileCount: 4, totalBytes: expect.any(Number) },
      { part: '1b_raw.v2', fileCount: 1, totalBytes: expect.any(Number) },
      { part: '2b_processed', fileCount: 3, totalBytes: expect.any(Number) },
      { part: '3b_extra', fileCount: 2, totalBytes: up.bytes },
      { part: '3b_model', fileCount: 2, totalBytes: expect.any(Number) },
    ]);
  });

  it('LATEST: the names and one listing of the newest dataset, the counts from the records', async () => {
    const picked = await pick();
    expect(picked.dataset).toBe(NEWER);
    expect(picked.calls).toBe(2);
    const records = await recordsOf(NEWER);
    const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1);
    expect([...picked.usableParts].sort(byName)).toEqual(
      records.map(({ part, fileCount, totalBytes }) => ({
        name: part,
        state: 'complete',
        fileCount,
        totalBytes,
      })),
    );
  });

  it('a re-upload with other files: old record removed before the old manifest, new one after the new manifest', async () => {
    const part = `${datasetFolder(NEWER)}2b_processed/`;
    const [old] = (await recordsOf(NEWER)).filter((r) => r.part === '2b_processed');
    const up = await upload(NEWER, '2b_processed', folder('2b-v2', 7));
    const oldKey = `${datasetFolder(NEWER)}${completionRecordName(old)}`;
    const newKey = `${datasetFolder(NEWER)}${completionRecordName({
      part: '2b_processed',
      fileCount: 7,
      totalBytes: up.bytes,
    })}`;
    const at = (call: string) => {
      expect(calls).toContain(call);
      return calls.indexOf(call);
    };
    const firstFile = calls.findIndex((c) => c.startsWith(`putObject ${part}f`));
    expect(at(`deleteObject ${oldKey}`)).toBeLessThan(at(`deleteObject ${part}${MANIFEST}`));
    expect(at(`deleteObject ${part}${MANIFEST}`)).toBeLessThan(firstFile);
    expect(at(`putObject ${part}${MANIFEST}`)).toBeLessThan(at(`putObject ${newKey}`));
    expect(at(`putObject ${newKey}`)).toBeLessThan(at(`deleteObject ${part}${UPLOAD_MARKER}`));
    // One record for the part, with the new counts; the dotted part next to 1b_raw untouched.
    expect((await recordsOf(NEWER)).filter((r) => r.part === '2b_processed')).toEqual([
      { part: '2b_processed', fileCount: 7, totalBytes: up.bytes },
    ]);
    const picked = await pick(['2b']);
    expect(picked.usableParts).toEqual([
      { name: '2b_processed', state: 'complete', fileCount: 7, totalBytes: up.bytes },
    ]);
  });

  it('re-uploading 1b_raw leaves the record of 1b_raw.v2 alone', async () => {
    await upload(NEWER, '1b_raw', folder(`${NEWER}-1b`, 4));
    expect((await recordsOf(NEWER)).map((r) => r.part)).toContain('1b_raw.v2');
    expect(calls.filter((c) => c.startsWith('deleteObject') && c.includes('1b_raw.v2'))).toEqual(
      [],
    );
  });

  it('an interrupted re-upload: the record is gone, so LATEST passes the dataset over', async () => {
    const controller = new AbortController();
    await expect(
      upload(NEWER, '3b_model', folder('3b-v3', 30), {
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.filesDone === 3) controller.abort(new Error('runner cancelled'));
        },
      }),
    ).rejects.toThrow('runner cancelled');
    expect((await recordsOf(NEWER)).map((r) => r.part)).not.toContain('3b_model');
    expect(partState(await partNames(NEWER, '3b_model'))).toBe('incomplete');

    const all = await pick();
    expect(all.dataset).toBe(OLDER);
    expect(all.skipped).toEqual([
      { dataset: NEWER, reason: '3b_model incomplete (upload started, no manifest)' },
    ]);
    // Parts with their record intact still qualify the newer dataset.
    expect((await pick(['1b', '2b'])).dataset).toBe(NEWER);

    // The re-run completes it, record and all.
    await upload(NEWER, '3b_model', folder('3b-v3', 30));
    expect((await pick()).dataset).toBe(NEWER);
  });

  it('stopped between the manifest and the record: complete by its manifest, as before records', async () => {
    refuse = (operation, key) => operation === 'putObject' && key.includes('_cat_complete.');
    await expect(upload(NEWER, '3b_model', folder('3b-v4', 2))).rejects.toThrow(/refused/);
    expect((await recordsOf(NEWER)).map((r) => r.part)).not.toContain('3b_model');
    const picked = await pick(['3b_model'], true);
    expect(picked.dataset).toBe(NEWER);
    expect(picked.usableParts).toEqual([
      { name: '3b_model', state: 'complete', fileCount: 2, totalBytes: expect.any(Number) },
    ]);
    // The names, the dataset listing, and the manifest read the record would have saved.
    expect(picked.calls).toBe(3);
  });
});

describe('datasets written before records', () => {
  const EARLIER = '20230101_000000_utc';
  const LATER = '20230201_000000_utc';
  const other = 'cat-old';

  beforeAll(async () => {
    const seeded = {
      ...datasetObjects(other, EARLIER, { '1b_raw': 'complete-unrecorded' }),
      ...datasetObjects(other, LATER, {
        '1b_raw': 'complete-unrecorded',
        '2b_x': 'complete-unrecorded',
        '3b_y': 'incomplete',
      }),
      // s3rver lists a dataset folder only when an object sits directly under it (DESIGN.md
      // section 4); without records nothing does, so a note stands in. Real S3 needs none.
      [`${other}/datasets/${EARLIER}/about.txt`]: 'x',
      [`${other}/datasets/${LATER}/about.txt`]: 'x',
    };
    for (const [key, text] of Object.entries(seeded)) {
      await putText({ client: objects, bucket, key, text });
    }
  });

  const pickOld = (require: string[], strict = false) =>
    latestDataset(reader, { bucket, tenant: other, dataset: 'LATEST', require, strict });

  it('each required part is judged by its manifest (one read per part)', async () => {
    const picked = await pickOld(['1b', '2b'], true);
    expect(picked.dataset).toBe(LATER);
    expect(picked.usableParts.map((p) => [p.name, p.state, p.fileCount])).toEqual([
      ['1b_raw', 'complete', 2],
      ['2b_x', 'complete', 2],
    ]);
    expect(picked.calls).toBe(2 + 2);
  });

  it('an unfinished part without a record is still never picked', async () => {
    const picked = await pickOld([]);
    expect(picked.dataset).toBe(EARLIER);
    expect(picked.skipped).toEqual([
      { dataset: LATER, reason: '3b_y incomplete (upload started, no manifest)' },
    ]);
  });
});
