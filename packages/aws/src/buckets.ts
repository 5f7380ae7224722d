/**
 * The tenant's bucket is the one bucket of the assumed account whose name starts with the prefix
 * (DEV and PROD accounts each hold one). ListBuckets' Prefix is sent, but S3-compatible servers may
 * ignore it, so names are filtered here too; every page is followed.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ListBucketsCommand, GetBucketLocationCommand } from './s3-client';
import { InputError, NotFoundError } from '@cat-actions/core';
import { toCatError } from './errors';
import { withRetry, type RetryOptions } from './retry';

export interface FoundBucket {
  bucket: string;
  region: string;
}

const BUCKET_PREFIX = /^[a-z0-9][a-z0-9.-]{0,62}$/;

export function validateBucketPrefix(value: string, input = 'prefix'): string {
  const prefix = value.trim();
  if (!BUCKET_PREFIX.test(prefix)) {
    throw new InputError({
      input,
      received: prefix === '' ? undefined : value,
      expected:
        prefix === ''
          ? 'the start of the bucket name (the input, or the BUCKET_PREFIX variable)'
          : 'the start of an S3 bucket name: lower-case letters, digits, dots and hyphens',
      example: 'cat-scraper-data-',
    });
  }
  return prefix;
}

/** Every bucket name of the account, following ContinuationToken. */
export async function listBucketNames(
  s3: S3Client,
  prefix: string,
  retry: RetryOptions = {},
): Promise<{ name: string; region?: string }[]> {
  const buckets: { name: string; region?: string }[] = [];
  let token: string | undefined;
  do {
    const page = await withRetry(
      () =>
        s3.send(
          new ListBucketsCommand({ Prefix: prefix, MaxBuckets: 1000, ContinuationToken: token }),
        ),
      retry,
    );
    for (const b of page.Buckets ?? []) {
      if (b.Name) buckets.push({ name: b.Name, region: b.BucketRegion });
    }
    token = page.ContinuationToken || undefined;
  } while (token);
  return buckets;
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
  let all: { name: string; region?: string }[];
  try {
    all = await listBucketNames(s3, prefix, retry);
  } catch (error) {
    throw toCatError(error, {
      operation: 'ListBuckets',
      deniedHint: 'Allow s3:ListAllMyBuckets for the assumed role.',
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
    const location = await withRetry(
      () => s3.send(new GetBucketLocationCommand({ Bucket: match.name })),
      retry,
    );
    return { bucket: match.name, region: locationToRegion(location.LocationConstraint) };
  } catch (error) {
    throw toCatError(error, {
      operation: `GetBucketLocation of ${match.name}`,
      deniedHint: 'Allow s3:GetBucketLocation on the bucket for the assumed role.',
    });
  }
}
