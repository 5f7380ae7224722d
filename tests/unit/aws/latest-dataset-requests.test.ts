/**
 * What LATEST costs in S3 requests, counted on the list endpoint that pages like S3 (1,000 keys or
 * prefixes per page). The bound of issue 14 (ceil(N/1000)+3) is for the case where the newest
 * dataset qualifies: the listing of the names, one listing of the newest dataset's part folders,
 * then one GetObject per required part (its manifest). Each older candidate checked costs its own
 * requests, counted here too so a regression in either path shows.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { formatDatasetName } from '@cat-actions/core';
import { createS3Client, latestDataset } from '@cat-actions/aws';
import { datasetObjects } from '../../support/fake-aws-datasets';
import { startS3ListEndpoint, type S3ListEndpoint } from '../../support/s3-list-endpoint';

const BUCKET = 'cat-data-dev';
const COMPLETE = {
  '1b_raw': 'complete',
  '2b_processed': 'complete',
  '3b_model': 'complete',
} as const;
const datasetName = (i: number) => formatDatasetName(new Date(Date.UTC(2015, 0, 1) + i * 600_000));

/** `count` datasets of tenant `tenant`, one object each; the newest `newest` as given. */
function seed(
  tenant: string,
  count: number,
  newest: Record<string, 'complete' | 'incomplete' | 'legacy' | 'damaged'>[],
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

let s3: S3ListEndpoint;
let client: S3Client;
const saved = { ...process.env };
beforeAll(async () => {
  s3 = await startS3ListEndpoint({
    [BUCKET]: {
      ...seed('t1k', 1000, [COMPLETE]),
      ...seed('t10k', 10_000, [COMPLETE]),
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
    ['t1k', 1000],
    ['t10k', 10_000],
  ])('%s (%i datasets): the names, one part listing, one manifest per part', async (tenant, n) => {
    const pages = Math.ceil(n / 1000);
    const all = await pick(tenant);
    expect(all.dataset).toBe(datasetName(n - 1));
    expect(all.usableParts.map((p) => [p.name, p.state])).toEqual([
      ['1b_raw', 'complete'],
      ['2b_processed', 'complete'],
      ['3b_model', 'complete'],
    ]);
    // Every part required (three here): ceil(N/1000)+1 listings and three manifests.
    expect(count('ListObjectsV2')).toBe(pages + 1);
    expect(count('GetObject')).toBe(3);
    expect(s3.requests).toHaveLength(all.calls);

    for (const require of [['3b'], ['1b', '3b']]) {
      s3.reset();
      const some = await pick(tenant, require, true);
      expect(some.dataset).toBe(datasetName(n - 1));
      expect(count('GetObject')).toBe(require.length);
      expect(s3.requests.length).toBeLessThanOrEqual(pages + 3);
      expect(s3.requests).toHaveLength(some.calls);
    }
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
    // names (1) + per candidate: part listing (1) and three manifests; the missing manifest
    // of the newest adds one listing of its control files.
    expect(count('ListObjectsV2')).toBe(1 + 3 + 1);
    expect(count('GetObject')).toBe(9);
    expect(s3.requests).toHaveLength(picked.calls);
  });

  it('require 2b: the newest qualifies although its 3b is still uploading', async () => {
    const picked = await pick('fallback', ['2b']);
    expect(picked.dataset).toBe(datasetName(999));
    expect(s3.requests).toHaveLength(1 + 1 + 1);
  });
});

describe('reading the manifest first', () => {
  it('an upload finishing between the manifest read and the control listing counts as complete', async () => {
    // The first manifest read answers NoSuchKey (not there yet); by the listing it is there.
    s3.faults.push({ operation: 'GetObject', code: 'NoSuchKey', times: 1 });
    const picked = await pick('t1k', ['3b'], true);
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
    await expect(pick('t1k')).rejects.toThrow(/s3:GetObject/);
    expect(count('ListObjectsV2')).toBe(2);
  });
});
