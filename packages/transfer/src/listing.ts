import { listAll } from '@cat-actions/core';
import { objectsOf, type S3Target } from './object-store';
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
  client: S3Target,
  bucket: string,
  prefix: string,
  options: { signal?: AbortSignal; retry?: TransferRetry } = {},
): Promise<ListedObject[]> {
  const objects = objectsOf(client);
  const what = `listing s3://${bucket}/${prefix}`;
  const { items } = await listAll<ListedObject>(what, async (token) => {
    const page = await withTransferRetry(
      () => objects.listObjectsPage({ bucket, prefix, token, signal: options.signal }),
      { what, client: objects, signal: options.signal, retry: options.retry },
    );
    return { items: page.objects, next: page.next };
  });
  return items;
}
