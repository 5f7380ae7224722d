/** The demo's S3: the tests' s3rver, behaving as AWS would for a whole pipeline. */
import path from 'node:path';
import { startS3rver } from '@cat-actions/local-services';
import type { RunningService } from './services';

export async function startS3(dir: string, bucket: string): Promise<RunningService> {
  const s3 = await startS3rver([bucket], dir, { asAws: true });
  return {
    name: 's3',
    endpoint: s3.endpoint,
    pid: s3.pid,
    env: s3.env,
    details: { bucket, 'data directory': path.join(dir, bucket) },
    stop: () => s3.stop(),
  };
}
