import { describe, expect, it } from '@jest/globals';
import {
  datasetPrefix,
  datasetsPrefix,
  partPrefix,
  s3Uri,
  stageLogKey,
  testResultsPrefix,
  validatePartName,
  zohodeskPrefix,
} from '@cat-actions/core';

const dataset = '20240328_084742_utc';

describe('S3 layout', () => {
  it.each([
    [datasetsPrefix('cat-be'), 'cat-be/datasets/'],
    [datasetPrefix('cat-be', dataset), `cat-be/datasets/${dataset}/`],
    [partPrefix('cat-be', dataset, '1b'), `cat-be/datasets/${dataset}/1b/`],
    [partPrefix('cat-be', dataset, '2b_processed'), `cat-be/datasets/${dataset}/2b_processed/`],
    [
      testResultsPrefix('cat-be', dataset, new Date('2024-04-01T10:00:05Z')),
      `cat-be/test_results/${dataset}/20240401_100005_utc/`,
    ],
    [zohodeskPrefix('cat-ks'), 'cat-ks/zohodesk-data/'],
    [s3Uri('bucket', 'cat-be/datasets/'), 's3://bucket/cat-be/datasets/'],
  ])('%s', (actual, expected) => expect(actual).toBe(expected));

  it.each([
    [
      { stage: '2a', startedAt: new Date('2024-03-28T08:47:42Z'), runId: '99', runAttempt: '2' },
      'cat-be/logs/2a/20240328_084742_utc_run-99-2.log',
    ],
    [
      { stage: 'sync', startedAt: new Date('2024-03-28T08:47:42Z') },
      'cat-be/logs/sync/20240328_084742_utc_local.log',
    ],
    [
      { stage: '../x', startedAt: new Date('2024-03-28T08:47:42Z'), runId: '1' },
      'cat-be/logs/.._x/20240328_084742_utc_run-1-1.log',
    ],
  ])('stage log key %#', (run, key) => expect(stageLogKey('cat-be', run)).toBe(key));
});

describe('parts are folders 1b*, 2b*, 3b*', () => {
  it.each(['1b', '2b', '3b', '3b_enriched', '1b-raw.v2'])('accepts %s', (part) => {
    expect(validatePartName(part)).toBe(part);
  });
  it.each(['4b', 'b1', '1a', '1b/x', '1b..', '', '1b x'])('rejects %j', (part) => {
    expect(() => validatePartName(part)).toThrow(/starting with 1b, 2b or 3b/);
  });
});
