import {
  MANIFEST,
  UPLOAD_MARKER,
  buildManifest,
  isControlFile,
  manifestHeader,
  manifestPieces,
  type PartManifest,
} from '@cat-actions/core';
import { listKeyPages } from './listing';
import { removeCompletionRecords, writeCompletionRecord } from './completion-record';
import { checkPrefix, listLocalTree, type LocalFile } from './local-tree';
import { deleteKey, deleteKeys, putPieces, putText } from './objects';
import { PartBufferPool } from './part-buffers';
import { forEachWithSecondPass } from './passes';
import { Semaphore } from './pool';
import { ProgressCounter } from './progress';
import type { FolderTransferOptions } from './transfer-options';
import { boundConcurrency, resolveTuning } from './tuning';
import { SentFiles } from './sent-files';
import { uploadFile } from './upload-file';
import { objectsOf } from './object-store';

export type TreeUploadOptions = FolderTransferOptions;

export interface PartIdentity {
  tenant: string;
  dataset: string;
  part: string;
}

export interface PartUploadOptions extends TreeUploadOptions {
  identity: PartIdentity;
}

export interface TreeUploadResult {
  files: number;
  bytes: number;
}

export interface PartUploadResult extends TreeUploadResult {
  /** The manifest as stored (made when read: the upload itself never holds it whole). */
  readonly manifest: PartManifest;
  /** Keys that were under the prefix but not in the folder, now deleted. */
  removedKeys: string[];
}

/**
 * Uploads every file of `localDir` under `prefix`, in parallel, and returns what was sent with
 * each file's SHA-256. No manifest, no stale-key removal: for plain prefixes (test results, logs).
 */
export async function uploadTree(options: TreeUploadOptions): Promise<TreeUploadResult> {
  const sent = await uploadFiles(options, await localFilesOf(options));
  return { files: sent.length, bytes: sent.bytes() };
}

/**
 * Publishes a dataset part so that it is complete only once all of it is there:
 *   1. write UPLOAD_MARKER, then delete the part's completion record (beside the part folder,
 *      packages/core manifest.ts), then an old MANIFEST: a re-run must not look complete midway,
 *      and the record goes first because LATEST trusts it without reading the manifest.
 *   2. upload every file (parallel, streamed, hashed before it is sent)
 *   3. delete keys under the prefix that are not in the folder (the part equals the folder).
 *      They are listed before step 2: what step 2 writes is in the folder by definition, so the
 *      stale keys are the same, and a new part costs one empty listing instead of a listing of
 *      everything just uploaded (50 pages for 50,000 files).
 *   4. write MANIFEST (paths, sizes, SHA-256), then the completion record, then delete the marker.
 * Interrupted anywhere before 4, the part has a marker, no record and no manifest: incomplete.
 * Interrupted between the manifest and the record, it is complete and readers see it by its
 * manifest, as parts written before records.
 */
export async function uploadPart(options: PartUploadOptions): Promise<PartUploadResult> {
  const { client, bucket, signal } = options;
  const prefix = checkPrefix(options.prefix);
  const tuning = resolveTuning(options.tuning);
  const local = await localFilesOf(options);
  const target = { client, bucket, signal, retry: tuning.retry };

  await putText({
    ...target,
    key: prefix + UPLOAD_MARKER,
    text: JSON.stringify({ ...options.identity, startedAt: new Date().toISOString() }),
    contentType: 'application/json',
  });
  await removeCompletionRecords(target, prefix);
  await deleteKey({ ...target, key: prefix + MANIFEST });
  const removedKeys = await staleKeys(options, prefix, local);

  const sent = await uploadFiles(options, local);
  const bytes = sent.bytes();

  await deleteKeys({ ...target, keys: removedKeys });

  const createdAt = new Date();
  const header = manifestHeader(options.identity, sent.length, bytes, createdAt);
  await putPieces({
    ...target,
    key: prefix + MANIFEST,
    pieces: () => manifestPieces({ ...header, files: sent }),
    contentType: 'application/json',
  });
  await writeCompletionRecord(target, prefix, header);
  await deleteKey({ ...target, key: prefix + UPLOAD_MARKER });
  const { identity } = options;
  return {
    files: sent.length,
    bytes,
    removedKeys,
    get manifest() {
      return buildManifest(identity, sent.toJSON(), createdAt);
    },
  };
}

/**
 * Keys under the prefix that are not files of the folder (nor control files), found page by page
 * as the listing arrives: a part of 50,000 files is not held twice in memory.
 */
async function staleKeys(
  options: PartUploadOptions,
  prefix: string,
  local: LocalFile[],
): Promise<string[]> {
  // Made with the first key listed: a new part (the usual case) lists nothing, and a set of
  // 50,000 paths is ~3 MiB at the upload's start, where its memory peaks (issue 14).
  let wanted: Set<string> | undefined;
  const stale: string[] = [];
  const pages = listKeyPages(options.client, options.bucket, prefix, {
    signal: options.signal,
    retry: resolveTuning(options.tuning).retry,
  });
  for await (const page of pages) {
    for (const { key } of page) {
      wanted ??= new Set(local.map((f) => f.path));
      const relative = key.slice(prefix.length);
      if (!wanted.has(relative) && !isControlFile(relative)) stale.push(key);
    }
  }
  return stale;
}

/**
 * The folder's files, minus root-level control files (they are written by the upload itself);
 * the links the walk left out go to the caller.
 */
async function localFilesOf(options: TreeUploadOptions): Promise<LocalFile[]> {
  checkPrefix(options.prefix);
  const { files, skippedLinks } = await listLocalTree(options.localDir);
  if (skippedLinks.length > 0) options.onSkippedLinks?.(skippedLinks);
  return files.filter((f) => !isControlFile(f.path));
}

async function uploadFiles(options: TreeUploadOptions, local: LocalFile[]): Promise<SentFiles> {
  const tuning = resolveTuning(options.tuning);
  const total = local.reduce((sum, f) => sum + f.size, 0);
  const progress = new ProgressCounter(local.length, total, options.onProgress);
  const context = {
    objects: objectsOf(options.client),
    bucket: options.bucket,
    tuning,
    multipartLanes: new Semaphore(Math.max(1, tuning.multipartLanes)),
    partBuffers: new PartBufferPool(),
    smallBuffers: new PartBufferPool(),
    onBytes: (n: number) => progress.bytes(n),
  };
  const sent = new SentFiles(local);
  // Largest first: the long multipart uploads start early and small files fill the gaps.
  const order = local.map((_, index) => index).sort((a, b) => local[b].size - local[a].size);
  await forEachWithSecondPass(
    order,
    boundConcurrency(options.concurrency),
    async (index, signal) => {
      const file = local[index];
      sent.record(
        index,
        await uploadFile({ ...context, signal }, file, options.prefix + file.path),
      );
      progress.fileDone();
    },
    options.signal,
  );
  return sent;
}
