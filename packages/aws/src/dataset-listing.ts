/**
 * Listing a tenant's datasets and a dataset's parts with `/`-delimited ListObjectsV2: one call per
 * 1,000 names, whatever the number of files inside them.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ListObjectsV2Command } from './s3-client';
import { isDatasetName } from '@cat-actions/core';
import { withRetry, type RetryOptions } from './retry';

export interface ListingResult {
  /** Common prefixes, relative to the listed prefix, without the trailing `/`. */
  folders: string[];
  /** Object keys directly under the prefix, relative to it. */
  files: string[];
  calls: number;
}

/**
 * Every page of a delimited listing under `prefix`; names are given relative to `folder` (the
 * prefix itself by default, which then ends with `/`).
 */
export async function listFolder(
  s3: S3Client,
  bucket: string,
  prefix: string,
  retry: RetryOptions = {},
  folder = prefix,
): Promise<ListingResult> {
  const result: ListingResult = { folders: [], files: [], calls: 0 };
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await withRetry(
      () =>
        s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix,
            Delimiter: '/',
            ContinuationToken: token,
          }),
        ),
      retry,
    );
    result.calls++;
    for (const p of page.CommonPrefixes ?? []) {
      if (p.Prefix) result.folders.push(p.Prefix.slice(folder.length, -1));
    }
    for (const o of page.Contents ?? []) {
      if (o.Key && o.Key !== folder) result.files.push(o.Key.slice(folder.length));
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    // A store that hands back a token it already gave (some S3 look-alikes do) would list forever.
    if (token !== undefined && seen.has(token))
      throw new Error(
        `Listing s3://${bucket}/${prefix} did not advance: the store returned the same continuation token twice. Check the S3 endpoint (AWS_ENDPOINT_URL_S3).`,
      );
    if (token !== undefined) seen.add(token);
  } while (token);
  return result;
}

export interface DatasetNames {
  /** Valid dataset names, newest first. */
  names: string[];
  /** Folder names that are not dataset names. */
  ignored: string[];
  calls: number;
}

export async function listDatasetNames(
  s3: S3Client,
  bucket: string,
  datasetsPrefix: string,
  retry: RetryOptions = {},
): Promise<DatasetNames> {
  const { folders, calls } = await listFolder(s3, bucket, datasetsPrefix, retry);
  const names = folders.filter(isDatasetName).sort().reverse();
  const ignored = folders.filter((f) => !isDatasetName(f));
  return { names, ignored, calls };
}
