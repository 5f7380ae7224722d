import { describe, expect, it } from '@jest/globals';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListBucketsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { startS3rver } from '../support/s3rver';

describe('the local S3 that tests and the demo use', () => {
  it('starts with its buckets, stores objects and stops', async () => {
    const s3 = await startS3rver(['cat-data-dev-1']);
    try {
      const client = new S3Client({
        region: 'us-east-1',
        endpoint: s3.endpoint,
        forcePathStyle: true,
        credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
        requestChecksumCalculation: 'WHEN_REQUIRED',
      });
      await client.send(new CreateBucketCommand({ Bucket: 'other' }));
      const { Buckets } = await client.send(new ListBucketsCommand({}));
      expect(Buckets?.map((b) => b.Name).sort()).toEqual(['cat-data-dev-1', 'other']);
      await client.send(new PutObjectCommand({ Bucket: 'other', Key: 'a/b.txt', Body: 'hello' }));
      const got = await client.send(new GetObjectCommand({ Bucket: 'other', Key: 'a/b.txt' }));
      expect(await got.Body?.transformToString()).toBe('hello');
    } finally {
      await s3.stop();
    }
  });
});
