/**
 * Every listing goes through one guarded helper (issue 13 #9): before, only one of four
 * hand-written loops guarded against a store that repeats a continuation token. Each listing of
 * the project is driven here by a store whose tokens cycle A -> B -> A, which the SDK's own
 * paginators would follow for ever (or, with stopOnSameToken, only catch when a token repeats at
 * once).
 */
import { describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { ServiceError } from '@cat-actions/core';
import { listAll } from '@cat-actions/core';
import { listBucketNames, listFolder } from '@cat-actions/aws';
import { listAllKeys } from '@cat-actions/transfer';

/** A store whose listings hand out tokens A, B, A, B, ... and never end. */
function cyclingStore() {
  let call = 0;
  const send = async () => {
    const token = call++ % 2 === 0 ? 'A' : 'B';
    return {
      Buckets: [{ Name: `bucket-${call}` }],
      ContinuationToken: token,
      Contents: [{ Key: `p/key-${call}`, Size: 1 }],
      IsTruncated: true,
      NextContinuationToken: token,
    };
  };
  return { client: { send, config: {} } as unknown as S3Client, calls: () => call };
}

describe('every listing stops on a repeated continuation token, with an error', () => {
  it.each([
    ['ListBuckets (find-bucket)', (c: S3Client) => listBucketNames(c, 'cat-')],
    ['a delimited listing (latest-dataset)', (c: S3Client) => listFolder(c, 'b', 'p/')],
    ['a full listing (transfers)', (c: S3Client) => listAllKeys(c, 'b', 'p/')],
  ])('%s', async (_name, list) => {
    const store = cyclingStore();
    const failure = list(store.client);
    await expect(failure).rejects.toThrow(ServiceError);
    await expect(failure).rejects.toThrow(
      /did not advance: the store returned the same continuation token twice/,
    );
    // A, B, then A again: the third page is the last one asked for.
    expect(store.calls()).toBe(3);
  });

  it('a listing that never ends stops after the page limit', async () => {
    let n = 0;
    const endless = listAll('Listing s3://b/p/', async () => ({ items: [n], next: `t${n++}` }), 5);
    await expect(endless).rejects.toThrow(/did not end after 5 pages/);
  });

  it('a normal listing returns every item of every page and counts the calls', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = {
      start: { items: [1, 2], next: 'a' },
      a: { items: [3], next: 'b' },
      b: { items: [4] },
    };
    const listing = await listAll('x', async (token) => pages[token ?? 'start']);
    expect(listing).toEqual({ items: [1, 2, 3, 4], calls: 3 });
  });
});
