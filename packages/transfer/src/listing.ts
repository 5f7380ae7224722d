import type { S3Client } from '@aws-sdk/client-s3';
import { listAll } from '@cat-actions/core';
import { s3Commands } from './s3-commands';
import { withTransferRetry, type TransferRetry } from './retry';

export interface ListedObject {
  key: string;
  size: number;
}

/**
 * Every key under `prefix`, through the project's one guarded pagination helper
 * (packages/core paging.ts: a repeated continuation token is an error, not an endless loop).
 * No delimiter: a part's files sit at any depth, and s3rver's `/`-delimited listings are wrong
 * anyway (DESIGN.md section 4).
 */
export async function listAllKeys(
  client: S3Client,
  bucket: string,
  prefix: string,
  options: { signal?: AbortSignal; retry?: TransferRetry } = {},
): Promise<ListedObject[]> {
  const { ListObjectsV2Command } = await s3Commands();
  const what = `listing s3://${bucket}/${prefix}`;
  const { items } = await listAll<ListedObject>(what, async (token) => {
    const page = await withTransferRetry(
      () =>
        client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
          { abortSignal: options.signal },
        ),
      { what, client, signal: options.signal, retry: options.retry },
    );
    return {
      items: (page.Contents ?? [])
        .filter((item) => item.Key !== undefined)
        .map((item) => ({ key: item.Key!, size: item.Size ?? 0 })),
      next: page.IsTruncated ? page.NextContinuationToken : undefined,
    };
  });
  return items;
}
