import { describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { NewestNames, listDatasetNames, listFolder } from '@cat-actions/aws';

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

/** `count` dataset names, one per minute from 2024-01-01, in the order S3 lists them. */
const datasetNames = (count: number) =>
  Array.from({ length: count }, (_, i) => {
    const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
    return `${at.slice(0, 10).replace(/-/g, '')}_${at.slice(11, 19).replace(/:/g, '')}_utc`;
  });

describe('the newest dataset names, in bounded memory', () => {
  it('keeps the greatest names whatever order they arrive in', () => {
    const names = datasetNames(1234);
    let seed = 7;
    const shuffled = [...names].sort(() => ((seed = (seed * 16807) % 2147483647) % 3) - 1);
    for (const order of [names, [...names].reverse(), shuffled]) {
      const newest = new NewestNames(10);
      for (const name of order) newest.add(name);
      expect(newest.newestFirst()).toEqual([...names].reverse().slice(0, 10));
      expect(newest.count).toBe(1234);
    }
  });

  it('holds all names when there are fewer than the limit, and none for a limit of 0', () => {
    const few = new NewestNames(100);
    for (const name of ['b', 'c', 'a']) few.add(name);
    expect(few.newestFirst()).toEqual(['c', 'b', 'a']);
    const none = new NewestNames(0);
    none.add('a');
    expect(none.newestFirst()).toEqual([]);
    expect(none.count).toBe(1);
  });

  it('lists 2,500 datasets page by page and keeps the newest few, with the counts of all', async () => {
    const names = datasetNames(2500);
    const folders = [...names.slice(0, 1500), 'tmp', ...names.slice(1500), 'zz-notes'];
    const pages = [0, 1000, 2000].map((at, i) => ({
      CommonPrefixes: folders.slice(at, at + 1000).map((f) => ({ Prefix: `t/datasets/${f}/` })),
      IsTruncated: i < 2,
      NextContinuationToken: String(i + 1),
    }));
    const { client } = pagedClient(pages);
    const listing = await listDatasetNames(client, 'bucket', 't/datasets/', {}, 3);
    expect(listing).toEqual({
      names: [...names].reverse().slice(0, 3),
      count: 2500,
      ignored: ['tmp', 'zz-notes'],
      ignoredCount: 2,
      calls: 3,
    });
  });
});
