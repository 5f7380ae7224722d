import * as core from '../../shared/src/toolkit';
import { s3Uri } from '@cat-actions/core';
import { clientDeadlines, createS3Client, describeRetry, findBucket } from '@cat-actions/aws';
import { publish } from '../../shared/src/runner';
import { writeSummaryTable } from '../../shared/src/summary-table';
import { readFindBucketInputs } from './inputs';

export async function run(): Promise<void> {
  const { prefix, region, exportEnv, deadlines } = readFindBucketInputs();

  const s3 = await createS3Client({ region, maxAttempts: 1, ...clientDeadlines(deadlines) });
  try {
    const found = await findBucket(s3, prefix, {
      budgetMs: deadlines.budgetMs,
      onRetry: (info) => core.info(describeRetry('S3', info)),
    });
    publish(
      { bucket: found.bucket, 'bucket-region': found.region },
      exportEnv ? { S3_BUCKET_NAME: found.bucket, S3_BUCKET: found.bucket } : undefined,
    );
    core.info(`Bucket ${s3Uri(found.bucket)} (${found.region}), the one starting with "${prefix}"`);
    await writeSummaryTable(
      'Tenant bucket',
      ['Bucket', 'Region', 'Prefix'],
      [[s3Uri(found.bucket), found.region, prefix]],
    );
  } finally {
    s3.destroy();
  }
}
