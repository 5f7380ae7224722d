/**
 * The tenant's bucket is the one bucket of the assumed account whose name starts with the prefix
 * (DEV and PROD accounts each hold one). ListBuckets' Prefix is sent, but S3-compatible servers may
 * ignore it, so names are filtered here too; every page is followed (packages/core paging.ts).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { GetBucketLocationCommand, ListBucketsCommand } from './s3-client';
import { NotFoundError, listAll, type RetryOptions } from '@cat-actions/core';
import { endpointOf, regionOf, toCatError } from './errors';
import { withAwsRetry } from './retry';

export interface FoundBucket {
  bucket: string;
  region: string;
}

/** Every bucket name of the account (starting with `prefix` where the store honours it). */
export async function listBucketNames(
  s3: S3Client,
  prefix: string,
  retry: RetryOptions = {},
): Promise<{ name: string; region?: string }[]> {
  const { items } = await listAll('ListBuckets', async (token) => {
    const page = await withAwsRetry(
      () =>
        s3.send(
          new ListBucketsCommand({ Prefix: prefix, MaxBuckets: 1000, ContinuationToken: token }),
        ),
      retry,
    );
    return {
      items: (page.Buckets ?? [])
        .filter((b) => b.Name)
        .map((b) => ({ name: b.Name!, region: b.BucketRegion })),
      next: page.ContinuationToken,
    };
  });
  return items;
}

/** GetBucketLocation says '' for us-east-1 and 'EU' for the oldest eu-west-1 buckets. */
function locationToRegion(location: string | undefined): string {
  if (!location) return 'us-east-1';
  return location === 'EU' ? 'eu-west-1' : location;
}

export async function findBucket(
  s3: S3Client,
  prefix: string,
  retry: RetryOptions = {},
): Promise<FoundBucket> {
  const endpoint = endpointOf('s3', await regionOf(s3));
  let all: { name: string; region?: string }[];
  try {
    all = await listBucketNames(s3, prefix, retry);
  } catch (error) {
    throw toCatError(error, {
      operation: 'ListBuckets',
      deniedHint: 'Allow s3:ListAllMyBuckets for the assumed role.',
      endpoint,
    });
  }
  const matches = all.filter((b) => b.name.startsWith(prefix));
  if (matches.length !== 1) {
    const found = matches.length
      ? `found ${matches.length}: ${matches.map((b) => b.name).join(', ')}`
      : `found none; the account's buckets are: ${all.map((b) => b.name).join(', ') || '(none)'}`;
    throw new NotFoundError(
      `Expected exactly one bucket whose name starts with "${prefix}", ${found}. ` +
        'Check prefix (BUCKET_PREFIX) and that the role belongs to the right account.',
    );
  }
  const [match] = matches;
  if (match.region) return { bucket: match.name, region: match.region };
  try {
    const location = await withAwsRetry(
      () => s3.send(new GetBucketLocationCommand({ Bucket: match.name })),
      retry,
    );
    return { bucket: match.name, region: locationToRegion(location.LocationConstraint) };
  } catch (error) {
    throw toCatError(error, {
      operation: `GetBucketLocation of ${match.name}`,
      deniedHint: 'Allow s3:GetBucketLocation on the bucket for the assumed role.',
      endpoint,
    });
  }
}
