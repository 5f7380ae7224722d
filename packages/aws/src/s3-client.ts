import type { S3Client } from '@aws-sdk/client-s3';
import { commonConfig, needsPathStyle, type ClientOptions } from './client-config';

export async function createS3Client(options: ClientOptions = {}): Promise<S3Client> {
  const { S3Client } = await import('@aws-sdk/client-s3');
  return new S3Client({
    ...commonConfig(options),
    forcePathStyle: needsPathStyle(),
    // A bucket in another region than AWS_REGION answers 301: follow it instead of failing.
    followRegionRedirects: true,
  });
}
