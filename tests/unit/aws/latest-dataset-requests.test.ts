/**
 * What LATEST costs in S3 requests, counted on the list endpoint that pages like S3 (1,000 keys or
 * prefixes per page). The bound of issue 14 (ceil(N/1000)+3) is for the case where the newest
 * dataset qualifies: the listing of the names, then one listing of the newest dataset's folder,
 * which returns its part folders and the parts' completion records: ceil(N/1000)+1 whatever the
 * number of parts. A part without a record (written before records) adds one GetObject (its
 * manifest). Each older candidate checked costs its own requests, counted here too so a regression
 * in either path shows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { completionRecordName, formatDatasetName } from '@cat-actions/core';
import { createS3Client, latestDataset } from '@cat-actions/aws';
import { datasetObjects, type SeededPartState } from '../../support/fake-aws-datasets';
import { startS3ListEndpoint, type S3ListEndpoint } from '../../support/s3-list-endpoint';

const BUCKET = 'cat-data-dev';
const COMPLETE = {
  '1b_raw': 'complete',
  '2b_processed': 'complete',
  '3b_model': 'complete',
} as const;
/** The same parts, uploaded before completion records existed (manifests only). */
const UNRECORDED = {
  '1b_raw': 'complete-unrecorded',
  '2b_processed': 'complete-unrecorded',
  '3b_model': 'complete-unrecorded',
} as const;
const datasetName = (i: number) => formatDatasetName(new Date(Date.UTC(2015, 0, 1) + i * 600_000));

/** `count` datasets of tenant `tenant`, one object each; the newest `newest` as given. */
function seed(
  tenant: string,
  count: number,
  newest: Record<string, SeededPartState>[],
): Record<string, string> {
  const objects: Record<string, string> = {};
  for (let i = 0; i < count; i++)
    objects[`${tenant}/datasets/${datasetName(i)}/1b_raw/x.csv`] = 'x';
  newest.forEach((parts, back) => {
    const name = datasetName(count - 1 - back);
    delete objects[`${tenant}/datasets/${name}/1b_raw/x.csv`];
    Object.assign(objects, datasetObjects(tenant, name, parts));
  });
  return objects;
}

/** What datasetObjects writes in a part: two files naming their own path. */
const seededBytes = (dataset: string, part: string) =>
  ['data.csv', 'nested/more.json'].reduce(
    (sum, file) => sum + `${dataset}/${part}/${file}\n`.length,
    0,
  );

let s3: S3ListEndpoint;
let client: S3Client;
const saved = { ...process.env };
beforeAll(async () => {
  s3 = await startS3ListEndpoint({
    [BUCKET]: {
      ...seed('t1k', 1000, [COMPLETE]),
      ...seed('t10k', 10_000, [COMPLETE]),
      ...seed('u1k', 1000, [UNRECORDED]),
      ...seed('u10k', 10_000, [UNRECORDED]),
      // 2b uploaded before records, 1b and 3b since.
      ...seed('mixed', 10, [{ ...COMPLETE, '2b_processed': 'complete-unrecorded' }]),
      // The newest has a record of a 3b part but no 3b folder: the record counts for nothing.
      ...seed('orphan', 10, [{ '1b_raw': 'complete' }, COMPLETE]),
      [`orphan/datasets/${datasetName(9)}/${completionRecordName({ part: '3b_model', fileCount: 2, totalBytes: 9 })}`]:
        '{}',
      // Two records of one part (uploads racing): the manifest decides.
      ...seed('twice', 10, [COMPLETE]),
      [`twice/datasets/${datasetName(9)}/${completionRecordName({ part: '1b_raw', fileCount: 7, totalBytes: 7 })}`]:
        '{}',
      // 1,500 keys directly under the newest dataset's folder that sort before its part folders:
      // the part folders and records are on the listing's second page.
      ...seed('crowded', 10, [COMPLETE]),
      ...Object.fromEntries(
        Array.from({ length: 1500 }, (_, i) => [
          `crowded/datasets/${datasetName(9)}/0_note_${String(i).padStart(4, '0')}.txt`,
          'x',
        ]),
      ),
      // The newest has 3b uploading, the next a damaged 3b manifest, the third qualifies.
      ...seed('fallback', 1000, [
        { ...COMPLETE, '3b_model': 'incomplete' },
        { ...COMPLETE, '3b_model': 'damaged' },
        COMPLETE,
      ]),
    },
  });
  Object.assign(process.env, s3.env);
  client = await createS3Client({ maxAttempts: 1 });
});
afterAll(async () => {
  process.env = saved;
  await s3.stop();
});
beforeEach(() => s3.reset());

const pick = (tenant: string, require: string[] = [], strict = false) =>
  latestDataset(client, { bucket: BUCKET, tenant, dataset: 'LATEST', require, strict });
const count = (operation: string) => s3.requests.filter((r) => r.operation === operation).length;

describe('LATEST request count when the newest dataset qualifies', () => {
  it.each([
    ['t1k', 1000, 'records', 0],
    ['t10k', 10_000, 'records', 0],
    ['u1k', 1000, 'no records', 1],
    ['u10k', 10_000, 'no records', 1],
  ])(
    '%s (%i datasets, %s): the names, one dataset listing, a manifest per unrecorded part',
    async (tenant, n, _records, getsPerPart) => {
      const pages = Math.ceil(n / 1000);
      const all = await pick(tenant);
      expect(all.dataset).toBe(datasetName(n - 1));
      expect(all.usableParts).toEqual(
        ['1b_raw', '2b_processed', '3b_model'].map((name) => ({
          name,
          state: 'complete',
          fileCount: 2,
          totalBytes: seededBytes(datasetName(n - 1), name),
        })),
      );
      // Every part required (three here): ceil(N/1000)+1 listings, and a manifest read per part
      // only without records.
      expect(count('ListObjectsV2')).toBe(pages + 1);
      expect(count('GetObject')).toBe(3 * getsPerPart);
      expect(s3.requests).toHaveLength(pages + 1 + 3 * getsPerPart);
      expect(s3.requests).toHaveLength(all.calls);

      for (const require of [['3b'], ['1b', '3b']]) {
        s3.reset();
        const some = await pick(tenant, require, true);
        expect(some.dataset).toBe(datasetName(n - 1));
        expect(count('GetObject')).toBe(require.length * getsPerPart);
        expect(s3.requests).toHaveLength(pages + 1 + require.length * getsPerPart);
        expect(s3.requests).toHaveLength(some.calls);
      }
    },
  );

  it('a dataset with records for some parts reads the manifests of the others only', async () => {
    const picked = await pick('mixed');
    expect(picked.dataset).toBe(datasetName(9));
    expect(picked.usableParts.map((p) => p.name)).toEqual(['1b_raw', '2b_processed', '3b_model']);
    expect(s3.requests.map((r) => [r.operation, r.query.prefix ?? r.key])).toEqual([
      ['ListObjectsV2', 'mixed/datasets/'],
      ['ListObjectsV2', `mixed/datasets/${datasetName(9)}/`],
      ['GetObject', expect.stringContaining(`${datasetName(9)}/2b_processed/_cat_manifest.json`)],
    ]);
  });

  it('a dataset folder of more than 1,000 entries is read to its end for the records', async () => {
    const picked = await pick('crowded');
    expect(picked.dataset).toBe(datasetName(9));
    expect(count('ListObjectsV2')).toBe(1 + 2);
    expect(count('GetObject')).toBe(0);
  });

  it('a record without its part folder counts for nothing', async () => {
    const picked = await pick('orphan', ['3b']);
    expect(picked.dataset).toBe(datasetName(8));
    expect(picked.skipped).toEqual([{ dataset: datasetName(9), reason: 'has no 3b* part' }]);
    expect(count('GetObject')).toBe(0);
  });

  it('two records of one part: its manifest decides', async () => {
    const picked = await pick('twice', ['1b']);
    expect(picked.usableParts).toEqual([
      { name: '1b_raw', state: 'complete', fileCount: 2, totalBytes: expect.any(Number) },
    ]);
    expect(count('GetObject')).toBe(1);
  });
});

describe('LATEST falling back to older datasets', () => {
  it('pays per older candidate checked, and never picks the half-uploaded or damaged one', async () => {
    const picked = await pick('fallback');
    expect(picked.dataset).toBe(datasetName(997));
    expect(picked.skipped.map((s) => s.reason)).toEqual([
      '3b_model incomplete (upload started, no manifest)',
      '3b_model has a damaged manifest',
    ]);
    // names (1) + per candidate one dataset listing; the parts without a record (the newest's
    // uploading 3b, the next one's damaged 3b) cost a manifest read each, and the missing
    // manifest of the newest adds one listing of its control files.
    expect(count('ListObjectsV2')).toBe(1 + 3 + 1);
    expect(count('GetObject')).toBe(2);
    expect(s3.requests).toHaveLength(picked.calls);
  });

  it('require 2b: the newest qualifies although its 3b is still uploading', async () => {
    const picked = await pick('fallback', ['2b']);
    expect(picked.dataset).toBe(datasetName(999));
    expect(s3.requests).toHaveLength(1 + 1);
  });
});

describe('parts without a record: reading the manifest first', () => {
  it('an upload finishing between the manifest read and the control listing counts as complete', async () => {
    // The first manifest read answers NoSuchKey (not there yet); by the listing it is there.
    s3.faults.push({ operation: 'GetObject', code: 'NoSuchKey', times: 1 });
    const picked = await pick('u1k', ['3b'], true);
    expect(picked.dataset).toBe(datasetName(999));
    expect(picked.usableParts).toEqual([
      { name: '3b_model', state: 'complete', fileCount: 2, totalBytes: expect.any(Number) },
    ]);
    expect(s3.requests.map((r) => r.operation)).toEqual([
      'ListObjectsV2',
      'ListObjectsV2',
      'GetObject',
      'ListObjectsV2',
      'GetObject',
    ]);
  });

  it('a manifest that cannot be read (access denied) fails the step instead of passing the part over', async () => {
    s3.faults.push({ operation: 'GetObject', code: 'AccessDenied', times: 99 });
    await expect(pick('u1k')).rejects.toThrow(/s3:GetObject/);
    expect(count('ListObjectsV2')).toBe(2);
  });
});
