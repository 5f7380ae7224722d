import { DirectS3Objects } from '@cat-actions/aws';

/**
 * The object calls run-stage sends directly when credentials are in the environment, pointed at
 * a local endpoint (s3rver or a fault proxy in front of it), path style, the step's deadlines.
 */
export function directObjectsAt(endpoint: string): DirectS3Objects {
  return new DirectS3Objects({
    endpoint: new URL(endpoint),
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    pathStyle: true,
    connectTimeoutMs: 5_000,
    requestTimeoutMs: 20_000,
    idleTimeoutMs: 30_000,
  });
}
