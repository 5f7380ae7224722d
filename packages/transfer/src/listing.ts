import { listPages } from '@cat-actions/core';
import { objectsOf, type S3Target } from './object-store';
import { withTransferRetry, type TransferRetry } from './retry';

export interface ListedObject {
  key: string;
  size: number;
}

export interface ListOptions {
  signal?: AbortSignal;
  retry?: TransferRetry;
}

/**
 * The keys under `prefix`, a page (up to 1,000) at a time as S3 sends them, through the project's
 * one guarded pagination helper (packages/core paging.ts: a repeated continuation token is an
 * error, not an endless loop). No delimiter: a part's files sit at any depth, and s3rver's
 * `/`-delimited listings are wrong anyway (DESIGN.md section 4).
 */
export function listKeyPages(
  client: S3Target,
  bucket: string,
  prefix: string,
  options: ListOptions = {},
): AsyncGenerator<ListedObject[]> {
  const objects = objectsOf(client);
  const what = `listing s3://${bucket}/${prefix}`;
  return listPages<ListedObject>(what, async (token) => {
    const page = await withTransferRetry(
      () => objects.listObjectsPage({ bucket, prefix, token, signal: options.signal }),
      { what, client: objects, signal: options.signal, retry: options.retry },
    );
    return { items: page.objects, next: page.next };
  });
}

/** Every key under `prefix` (see listKeyPages), in one array. */
export async function listAllKeys(
  client: S3Target,
  bucket: string,
  prefix: string,
  options: ListOptions = {},
): Promise<ListedObject[]> {
  const keys: ListedObject[] = [];
  for await (const page of listKeyPages(client, bucket, prefix, options)) {
    for (const item of page) keys.push(item);
  }
  return keys;
}
