import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { formatDatasetName } from '@cat-actions/core';
import { errorLines, runAction } from '../support/action-runner';
import { expectOneErrorNothingWritten } from '../support/fake-aws-expect';
import { datasetObjects } from '../support/fake-aws-datasets';
import { startS3ListEndpoint, type S3ListEndpoint } from '../support/s3-list-endpoint';
import { startS3rver, type LocalS3 } from '../support/s3rver';

const BUCKET = 'cat-data-dev';
const ALL = { '1b_raw': 'complete', '2b_processed': 'complete', '3b_model': 'complete' } as const;
/** 1,500 datasets an hour apart; the newest four are special. */
const names = Array.from({ length: 1500 }, (_, i) =>
  formatDatasetName(new Date(Date.UTC(2023, 0, 1) + i * 3600_000)),
);
const [n1, n2, n3, n4] = [...names].reverse();

function seedBucket(): Record<string, string> {
  const objects: Record<string, string> = {};
  for (const name of names.slice(0, -4))
    Object.assign(objects, datasetObjects('cat-be', name, ALL));
  Object.assign(
    objects,
    datasetObjects('cat-be', n1, { ...ALL, '3b_model': 'incomplete' }),
    datasetObjects('cat-be', n2, { ...ALL, '3b_model': 'damaged' }),
    datasetObjects('cat-be', n3, { '1b_raw': 'complete', '2b_processed': 'incomplete' }),
    datasetObjects('cat-be', n4, ALL),
    // Not datasets: ignored whatever they hold.
    {
      'cat-be/datasets/20991399_000000_utc/1b_raw/_cat_manifest.json': '{}',
      'cat-be/datasets/tmp/1b_raw/x.csv': 'x',
      'cat-be/datasets/2024-01-01/1b_raw/x.csv': 'x',
      'cat-be/datasets/latest/x.csv': 'x',
      'cat-be/datasets/README.md': 'readme',
      [`cat-be/datasets/${n4}/logs/run.log`]: 'log',
    },
    // Pre-manifest (legacy) data of another tenant: newest is legacy, older is complete.
    datasetObjects('cat-ks', '20240102_000000_utc', { '1b_raw': 'legacy', '2b_x': 'legacy' }),
    datasetObjects('cat-ks', '20240101_000000_utc', { '1b_raw': 'complete', '2b_x': 'complete' }),
    datasetObjects('cat-nothing', '20240101_000000_utc', { '1b_raw': 'incomplete' }),
  );
  return objects;
}

let s3: S3ListEndpoint;
beforeAll(async () => {
  s3 = await startS3ListEndpoint({ [BUCKET]: seedBucket() });
});
afterAll(() => s3.stop());
beforeEach(() => s3.reset());

const run = (inputs: Record<string, string>, env: Record<string, string> = {}) =>
  runAction('latest-dataset', {
    inputs,
    env: { ...s3.env, S3_BUCKET_NAME: BUCKET, TENANT_NAME: 'cat-be', ...env },
  });
const listCallsUnder = (prefix: string) =>
  s3.requests.filter((r) => r.operation === 'ListObjectsV2' && r.query.prefix === prefix).length;

describe('LATEST is the newest dataset complete for require (1,500 datasets, junk, incomplete parts)', () => {
  it('require empty: every part must be complete; junk and broken datasets are skipped', async () => {
    const result = await run({});
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({
      dataset: n4,
      uri: `s3://${BUCKET}/cat-be/datasets/${n4}/`,
      'created-at': new Date(Date.UTC(2023, 0, 1) + 1496 * 3600_000)
        .toISOString()
        .replace('.000Z', 'Z'),
      parts: '["1b_raw","2b_processed","3b_model"]',
    });
    expect(result.exportedEnv).toEqual({ DATASET_NAME: n4 });
    // one list call per 1,000 names
    expect(listCallsUnder('cat-be/datasets/')).toBe(2);
    expect(s3.requests.length).toBeLessThan(30);
    expect(result.log).toContain(
      `Skipping ${n1}: 3b_model incomplete (upload started, no manifest)`,
    );
    expect(result.log).toContain(`Skipping ${n2}: 3b_model has a damaged manifest`);
    expect(result.log).toContain(
      `Skipping ${n3}: 2b_processed incomplete (upload started, no manifest)`,
    );
    for (const junk of ['20991399_000000_utc', 'tmp', '2024-01-01', 'latest']) {
      expect(result.log).toContain(
        `::debug::Ignoring s3://${BUCKET}/cat-be/datasets/${junk}/: not a dataset name`,
      );
    }
    expect(result.log).toContain('1500 datasets under');
    expect(result.summary).toContain(`Dataset ${n4}`);
    expect(result.summary).toContain('3b_model');
  });

  it.each([
    ['1b', n1, '["1b_raw"]'],
    ['2b', n1, '["2b_processed"]'],
    ['1b,2b', n1, '["1b_raw","2b_processed"]'],
    ['3b', n4, '["3b_model"]'],
    [' 2b_processed , 1b_raw ', n1, '["1b_raw","2b_processed"]'],
  ])('require %j -> %s', async (require, expected, parts) => {
    const result = await run({ require });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.dataset).toBe(expected);
    expect(result.outputs.parts).toBe(parts);
  });

  it('parts without marker or manifest count as complete unless strict', async () => {
    const loose = await run({ tenant: 'cat-ks' });
    expect(loose.outputs.dataset).toBe('20240102_000000_utc');
    const strict = await run({ tenant: 'cat-ks', strict: 'true' });
    expect(strict.outputs.dataset).toBe('20240101_000000_utc');
    expect(strict.log).toContain('1b_raw has no manifest (written before manifests; strict is on)');
  });

  it('no qualifying dataset: one error naming what was passed over', async () => {
    const result = await run({ tenant: 'cat-nothing' });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result.log)).toEqual([
      expect.stringMatching(
        /No dataset with every part complete in s3:\/\/cat-data-dev\/cat-nothing\/datasets\/: none of 1 qualifies \(20240101_000000_utc 1b_raw incomplete/,
      ),
    ]);
    expect(result.exportedEnv).toEqual({});
    expect(result.outputs).toEqual({});
  });

  it('a tenant without datasets', async () => {
    const result = await run({ tenant: 'cat-new' });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result.log)).toEqual([expect.stringMatching(/none of 0 qualifies/)]);
  });
});

describe('a named dataset must exist and be complete for require', () => {
  it('a complete one is returned as is, without listing all datasets', async () => {
    const result = await run({ dataset: n4, require: '3b' });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.dataset).toBe(n4);
    expect(listCallsUnder('cat-be/datasets/')).toBe(0);
  });

  it.each([
    [n1, '3b', new RegExp(`Dataset ${n1} 3b_model incomplete .*needed: with complete 3b\\* parts`)],
    [n3, '3b', new RegExp(`Dataset ${n3} has no 3b\\* part`)],
    [
      '20200101_000000_utc',
      '',
      /Dataset 20200101_000000_utc does not exist in s3:\/\/cat-data-dev\/cat-be\/datasets\//,
    ],
  ])('%s (require %j) fails with the newest names', async (dataset, require, message) => {
    const result = await run({ dataset, require });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).toContain(`the newest 5 of 1500: ${n1}, ${n2}, ${n3}, ${n4}, `);
    expect(result.exportedEnv).toEqual({});
  });
});

describe('faults: transient retried, permanent at once', () => {
  it('SlowDown twice, then success', async () => {
    s3.faults.push({ operation: 'ListObjectsV2', code: 'SlowDown', times: 2 });
    const result = await run({ tenant: 'cat-ks' });
    expect(result.exitCode).toBe(0);
    expect(result.log.match(/S3: SlowDown on attempt \d of 10; retrying in/g)).toHaveLength(2);
  });

  it('AccessDenied fails after one request', async () => {
    s3.faults.push({ operation: 'ListObjectsV2', code: 'AccessDenied', times: Infinity });
    const result = await run({});
    expect(result.exitCode).toBe(1);
    expect(s3.requests).toHaveLength(1);
    expect(errorLines(result.log)).toEqual([
      expect.stringMatching(
        /AWS denied Listing s3:\/\/cat-data-dev\/cat-be\/datasets\/: AccessDenied.*s3:ListBucket/,
      ),
    ]);
    expect(result.exportedEnv).toEqual({});
  });

  it('an unknown bucket fails after one request, naming it', async () => {
    const result = await run({ bucket: 'cat-data-nope' });
    expect(result.exitCode).toBe(1);
    expect(s3.requests).toHaveLength(1);
    expect(errorLines(result.log)).toEqual([
      expect.stringMatching(
        /s3:\/\/cat-data-nope\/cat-be\/datasets\/ failed: NoSuchBucket.*Check bucket/,
      ),
    ]);
    expect(result.outputs).toEqual({});
    expect(result.exportedEnv).toEqual({});
  });
});

describe('latest-dataset: every bad input gives one ::error:: and no request, output or export', () => {
  it.each([
    [
      'bad dataset name',
      { dataset: 'yesterday' },
      {},
      /Input 'dataset' is "yesterday": expected LATEST or a dataset name/,
    ],
    [
      'impossible date',
      { dataset: '20241301_000000_utc' },
      {},
      /Input 'dataset' is "20241301_000000_utc"/,
    ],
    [
      'bad bucket',
      { bucket: 'Bad_Bucket' },
      {},
      /Input 'bucket' is "Bad_Bucket": expected an S3 bucket name/,
    ],
    ['no bucket', {}, { S3_BUCKET_NAME: '' }, /Input 'bucket': expected an S3 bucket name/],
    ['no tenant', {}, { TENANT_NAME: '' }, /Input 'tenant': expected a tenant name/],
    ['tenant with a slash', { tenant: 'cat/be' }, {}, /Input 'tenant' is "cat\/be"/],
    [
      'bad require',
      { require: '4b' },
      {},
      /Input 'require' is "4b": expected comma-separated part prefixes/,
    ],
    ['bad strict', { strict: 'maybe' }, {}, /Input 'strict' is "maybe": expected true or false/],
  ])('%s', async (_case, inputs, env, message) => {
    const result = await run(inputs, env);
    expectOneErrorNothingWritten(result, message);
    expect(s3.requests).toHaveLength(0);
  });
});

describe('latest-dataset against s3rver (small happy path)', () => {
  let local: LocalS3;
  beforeAll(async () => {
    local = await startS3rver(['cat-data-s3rver']);
    const { PutObjectCommand, S3Client } = await import('@aws-sdk/client-s3');
    const client = new S3Client({
      region: 'us-east-1',
      endpoint: local.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    const objects = {
      ...datasetObjects('cat-be', '20240101_000000_utc', { '1b_raw': 'complete' }),
      ...datasetObjects('cat-be', '20240201_000000_utc', { '1b_raw': 'incomplete' }),
      // s3rver leaves a common prefix out of a delimited listing unless an object sits directly
      // under it (DESIGN.md section 4); real S3 and the list endpoint above do not need these.
      'cat-be/datasets/20240101_000000_utc/about.txt': 'x',
      'cat-be/datasets/20240201_000000_utc/about.txt': 'x',
    };
    for (const [Key, Body] of Object.entries(objects)) {
      await client.send(new PutObjectCommand({ Bucket: 'cat-data-s3rver', Key, Body }));
    }
    client.destroy();
  });
  afterAll(() => local.stop());

  it('picks the complete dataset over the newer incomplete one', async () => {
    const result = await runAction('latest-dataset', {
      inputs: { bucket: 'cat-data-s3rver', tenant: 'cat-be' },
      env: local.env,
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.outputs).toMatchObject({ dataset: '20240101_000000_utc', parts: '["1b_raw"]' });
    expect(result.exportedEnv).toEqual({ DATASET_NAME: '20240101_000000_utc' });
  });
});
