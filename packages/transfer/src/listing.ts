import type { S3Client } from '@aws-sdk/client-s3';
import { s3Commands } from './s3-commands';
import { withRetry, type RetryOptions } from './retry';

export interface ListedObject {
  key: string;
  size: number;
}

/**
 * Every key under `prefix`, following continuation tokens. No delimiter: a part's files sit at
 * any depth, and s3rver's `/`-delimited listings are wrong anyway (DESIGN.md section 4).
 */
export async function listAllKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: { signal?: AbortSignal; retry?: RetryOptions } = {},
): Promise<ListedObject[]> {
  const { ListObjectsV2Command } = await s3Commands();
  const objects: ListedObject[] = [];
  let token: string | undefined;
  do {
    const page = await withRetry(
      () =>
        client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          { abortSignal: options.signal },
        ),
      { what: `listing s3://${bucket}/${prefix}`, signal: options.signal, options: options.retry },
    );
    for (const item of page.Contents ?? []) {
      if (item.Key !== undefined) objects.push({ key: item.Key, size: item.Size ?? 0 });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}
