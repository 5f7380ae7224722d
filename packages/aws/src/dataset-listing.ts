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

/** One page of a delimited listing: names relative to the listed folder. */
interface FolderPage {
  folders: string[];
  files: string[];
}

/**
 * The pages of a delimited listing under `prefix`, as they arrive; names are given relative to
 * `folder` (the prefix itself by default, which then ends with `/`).
 */
async function* folderPages(
  s3: S3Client,
  bucket: string,
  prefix: string,
  retry: RetryOptions,
  folder = prefix,
): AsyncGenerator<FolderPage, void, undefined> {
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
    const folders: string[] = [];
    const files: string[] = [];
    for (const p of page.CommonPrefixes ?? []) {
      if (p.Prefix) folders.push(p.Prefix.slice(folder.length, -1));
    }
    for (const o of page.Contents ?? []) {
      if (o.Key && o.Key !== folder) files.push(o.Key.slice(folder.length));
    }
    yield { folders, files };
  }
}

/** Every page of a delimited listing under `prefix`, gathered (a dataset's few part folders). */
export async function listFolder(
  s3: S3Client,
  bucket: string,
  prefix: string,
  retry: RetryOptions = {},
  folder = prefix,
): Promise<ListingResult> {
  const result: ListingResult = { folders: [], files: [], calls: 0 };
  for await (const page of folderPages(s3, bucket, prefix, retry, folder)) {
    result.calls++;
    result.folders.push(...page.folders);
    result.files.push(...page.files);
  }
  return result;
}

export interface DatasetNames {
  /** The newest valid dataset names, newest first: at most `keep` of them. */
  names: string[];
  /** Valid dataset names in all. */
  count: number;
  /** Folder names that are not dataset names: the first `keep` of them. */
  ignored: string[];
  /** Folder names that are not dataset names, in all. */
  ignoredCount: number;
  calls: number;
}

/**
 * The `limit` greatest names seen, whatever order they come in, in memory bounded by the limit:
 * names are gathered, and every time twice the limit are held, sorted and cut back to it.
 */
export class NewestNames {
  private names: string[] = [];
  count = 0;

  constructor(private readonly limit: number) {}

  add(name: string): void {
    this.count++;
    this.names.push(name);
    if (this.names.length >= 2 * this.limit) this.cut();
  }

  /** Newest (greatest) first. */
  newestFirst(): string[] {
    this.cut();
    return [...this.names];
  }

  private cut(): void {
    this.names.sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    if (this.names.length > this.limit) this.names.length = this.limit;
  }
}

/**
 * The newest `keep` dataset names under `datasetsPrefix`, page by page: LATEST looks at the
 * newest few only, so 100,000 datasets cost the memory of `keep` names, not of all of them
 * (names are timestamps, so the newest sort last).
 */
export async function listDatasetNames(
  s3: S3Client,
  bucket: string,
  datasetsPrefix: string,
  retry: RetryOptions = {},
  keep = 100,
): Promise<DatasetNames> {
  const newest = new NewestNames(keep);
  const ignored: string[] = [];
  let ignoredCount = 0;
  let calls = 0;
  for await (const page of folderPages(s3, bucket, datasetsPrefix, retry)) {
    calls++;
    // One pass: each of up to 1,000 names a page is checked once (issue 14).
    for (const folder of page.folders) {
      if (isDatasetName(folder)) newest.add(folder);
      else if (ignoredCount++ < keep) ignored.push(folder);
    }
  }
  return { names: newest.newestFirst(), count: newest.count, ignored, ignoredCount, calls };
}
