import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { errorLines, runAction } from '../support/action-runner';
import { expectOneErrorNothingWritten } from '../support/fake-aws-expect';
import { startS3ListEndpoint, type S3ListEndpoint } from '../support/s3-list-endpoint';
import { startS3rver, type LocalS3 } from '../support/s3rver';

describe('find-bucket against s3rver (which ignores ListBuckets Prefix)', () => {
  let s3: LocalS3;
  beforeAll(async () => {
    s3 = await startS3rver([
      'cat-data-dev-4f2a',
      'other-team-bucket',
      'cat-logs',
      'cat-data-old-x',
    ]);
  });
  afterAll(() => s3.stop());

  it('finds the one bucket starting with the prefix and exports it', async () => {
    const result = await runAction('find-bucket', {
      inputs: { prefix: 'cat-data-dev' },
      env: s3.env,
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ bucket: 'cat-data-dev-4f2a', 'bucket-region': 'us-east-1' });
    expect(result.exportedEnv).toEqual({
      S3_BUCKET_NAME: 'cat-data-dev-4f2a',
      S3_BUCKET: 'cat-data-dev-4f2a',
    });
    expect(result.summary).toContain('s3://cat-data-dev-4f2a/');
  });

  it('takes the prefix from BUCKET_PREFIX; export-env false exports nothing', async () => {
    const result = await runAction('find-bucket', {
      inputs: { 'export-env': 'false' },
      env: { ...s3.env, BUCKET_PREFIX: 'other-' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs.bucket).toBe('other-team-bucket');
    expect(result.exportedEnv).toEqual({});
  });

  it.each([
    [
      'several matches',
      'cat-data-',
      /Expected exactly one bucket whose name starts with "cat-data-", found 2: cat-data-dev-4f2a, cat-data-old-x/,
    ],
    [
      'no match',
      'cat-data-prod',
      /found none; the account's buckets are: cat-data-dev-4f2a, cat-data-old-x, cat-logs, other-team-bucket/,
    ],
  ])('%s fails with the names found, exporting nothing', async (_case, prefix, message) => {
    const result = await runAction('find-bucket', { inputs: { prefix }, env: s3.env });
    expectOneErrorNothingWritten(result, message);
  });
});

describe('find-bucket against an S3 that pages ListBuckets', () => {
  let s3: S3ListEndpoint;
  beforeAll(async () => {
    const seed: Record<string, string[]> = {};
    for (let i = 0; i < 2500; i++) seed[`bucket-${String(i).padStart(4, '0')}`] = [];
    seed['zz-cat-data-prod-77'] = [];
    s3 = await startS3ListEndpoint(
      seed,
      { 'zz-cat-data-prod-77': 'eu-west-3' },
      { ignoreBucketPrefix: true },
    );
  });
  afterAll(() => s3.stop());
  beforeEach(() => s3.reset());

  it('follows every page (3 of 1,000) and reads the region from the listing', async () => {
    const result = await runAction('find-bucket', {
      inputs: { prefix: 'zz-cat-data-prod' },
      env: s3.env,
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.outputs).toEqual({ bucket: 'zz-cat-data-prod-77', 'bucket-region': 'eu-west-3' });
    expect(s3.requests.map((r) => r.operation)).toEqual([
      'ListBuckets',
      'ListBuckets',
      'ListBuckets',
    ]);
    expect(s3.requests[0].query).toMatchObject({
      prefix: 'zz-cat-data-prod',
      'max-buckets': '1000',
    });
    expect(s3.requests[1].query['continuation-token']).toBeTruthy();
  });

  it('SlowDown twice, then success', async () => {
    s3.faults.push({ operation: 'ListBuckets', code: 'SlowDown', times: 2 });
    const result = await runAction('find-bucket', {
      inputs: { prefix: 'zz-cat-data-prod' },
      env: s3.env,
    });
    expect(result.exitCode).toBe(0);
    expect(result.log.match(/S3: SlowDown on attempt \d of 10; retrying in/g)).toHaveLength(2);
    expect(s3.requests).toHaveLength(5);
  });

  it('AccessDenied fails after one request and says which permission', async () => {
    s3.faults.push({ operation: 'ListBuckets', code: 'AccessDenied', times: Infinity });
    const result = await runAction('find-bucket', {
      inputs: { prefix: 'zz-cat-data-prod' },
      env: s3.env,
    });
    expect(result.exitCode).toBe(1);
    expect(s3.requests).toHaveLength(1);
    expect(errorLines(result.log)).toEqual([
      expect.stringMatching(/AWS denied ListBuckets: AccessDenied: .*s3:ListAllMyBuckets/),
    ]);
    expect(result.exportedEnv).toEqual({});
  });

  it.each([
    [
      'empty prefix',
      { prefix: '' },
      {},
      /Input 'prefix': expected the start of the bucket name \(the input, or the BUCKET_PREFIX variable\)/,
    ],
    [
      'upper case',
      { prefix: 'Cat_Data' },
      {},
      /Input 'prefix' is "Cat_Data": expected the start of an S3 bucket name/,
    ],
    ['bad region', { prefix: 'cat', region: 'moon-1' }, {}, /Input 'region' is "moon-1"/],
    ['bad export-env', { prefix: 'cat', 'export-env': 'y' }, {}, /Input 'export-env' is "y"/],
  ])('%s: one ::error::, no request, nothing exported', async (_case, inputs, env, message) => {
    const result = await runAction('find-bucket', { inputs, env: { ...s3.env, ...env } });
    expectOneErrorNothingWritten(result, message);
    expect(s3.requests).toHaveLength(0);
  });
});
