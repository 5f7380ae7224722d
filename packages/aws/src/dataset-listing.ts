/**
 * Listing a tenant's datasets and a dataset's parts with `/`-delimited ListObjectsV2: one call per
 * 1,000 names, whatever the number of files inside them.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { ListObjectsV2Command } from './s3-client';
import { isDatasetName, listPages, type RetryOptions } from '@cat-actions/core';
import { withAwsRetry } from './retry';

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
  const pages = listPages(`Listing s3://${bucket}/${prefix}`, async (token) => {
    const page = await withAwsRetry(
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
    return { items: [page], next: page.IsTruncated ? page.NextContinuationToken : undefined };
  });
  for await (const [page] of pages) {
    result.calls++;
    for (const p of page.CommonPrefixes ?? []) {
      if (p.Prefix) result.folders.push(p.Prefix.slice(folder.length, -1));
    }
    for (const o of page.Contents ?? []) {
      if (o.Key && o.Key !== folder) result.files.push(o.Key.slice(folder.length));
    }
  }
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
  // One pass: each of up to 1,000 names a page is checked once (issue 14).
  const names: string[] = [];
  const ignored: string[] = [];
  for (const folder of folders) (isDatasetName(folder) ? names : ignored).push(folder);
  return { names: names.sort().reverse(), ignored, calls };
}
