import { describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { listFolder } from '@cat-actions/aws';

/** A client that answers every ListObjectsV2 with the given pages, in turn (the last one repeats). */
function pagedClient(pages: object[]) {
  let call = 0;
  const client = { send: async () => pages[Math.min(call++, pages.length - 1)] };
  return { client: client as unknown as S3Client, calls: () => call };
}

describe('a delimited listing follows continuation tokens', () => {
  it('reads every page until the store says it is done', async () => {
    const { client, calls } = pagedClient([
      {
        CommonPrefixes: [{ Prefix: 't/datasets/a/' }],
        IsTruncated: true,
        NextContinuationToken: '1',
      },
      { CommonPrefixes: [{ Prefix: 't/datasets/b/' }], Contents: [{ Key: 't/datasets/x.txt' }] },
    ]);
    const listing = await listFolder(client, 'bucket', 't/datasets/');
    expect(listing).toEqual({ folders: ['a', 'b'], files: ['x.txt'], calls: 2 });
    expect(calls()).toBe(2);
  });

  it('stops with an error when the store hands back a token it already gave', async () => {
    const { client, calls } = pagedClient([
      { IsTruncated: true, NextContinuationToken: 'again' },
      { IsTruncated: true, NextContinuationToken: 'again' },
    ]);
    await expect(listFolder(client, 'bucket', 't/datasets/')).rejects.toThrow(/did not advance/);
    expect(calls()).toBe(2);
  });
});
