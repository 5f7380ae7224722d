import {
  MANIFEST,
  ManifestReader,
  UPLOAD_MARKER,
  isControlFile,
  partState,
} from '@cat-actions/core';
import { downloadFile } from './download-file';
import { DownloadPlan, DownloadPlanBuilder } from './download-plan';
import { IncompletePartError, PartIntegrityError } from './errors';
import { FolderMaker, refuseLinks } from './folders';
import { listAllKeys, listKeyPages, type ListedObject } from './listing';
import { objectsOf } from './object-store';
import { checkPrefix, localPathFor, relativePathOfKey } from './local-tree';
import { readTextInto } from './objects';
import { forEachWithSecondPass } from './passes';
import { ProgressCounter } from './progress';
import type { FolderTransferOptions } from './transfer-options';
import { boundConcurrency, resolveTuning } from './tuning';

export type TreeDownloadOptions = FolderTransferOptions;

export interface PartDownloadOptions extends TreeDownloadOptions {
  /** Refuse legacy parts (no manifest, no marker) instead of downloading them unverified. */
  requireManifest?: boolean;
}

export interface DownloadResult {
  files: number;
  bytes: number;
  /** True when every file was checked against the part's manifest (size and SHA-256). */
  verified: boolean;
}

/** Downloads every object under a plain prefix (sizes checked against the listing). */
export async function downloadTree(options: TreeDownloadOptions): Promise<DownloadResult> {
  const prefix = checkPrefix(options.prefix);
  const listed = await listAllKeys(options.client, options.bucket, prefix, options);
  return downloadPlanned(options, planFromListing(prefix, listed), false);
}

/**
 * Downloads a dataset part into `localDir`. With a manifest, exactly the files it lists, each
 * verified (size, SHA-256) while streaming; a missing or changed file is an error. A marker
 * without a manifest means an unfinished upload: an error. Neither: a legacy part, downloaded
 * as listed (unless `requireManifest`).
 */
export async function downloadPart(options: PartDownloadOptions): Promise<DownloadResult> {
  // Planned apart, so that the listing and the parsed manifest are garbage once the plan is made.
  const { planned, verified } = await planPart(options);
  return downloadPlanned(options, planned, verified);
}

/**
 * What downloadPart fetches. The manifest is read first: a complete part (the usual case) is
 * then checked against its listing page by page as S3 sends it, so a part of 50,000 files is
 * never held as a listing and a plan at once. Without a manifest, the listing says why.
 */
async function planPart(
  options: PartDownloadOptions,
): Promise<{ planned: DownloadPlan; verified: boolean }> {
  const { client, bucket } = options;
  const prefix = checkPrefix(options.prefix);
  const uri = `s3://${bucket}/${prefix}`;
  const retry = resolveTuning(options.tuning).retry;
  const planned = await manifestPlan(options, prefix, uri);
  if (planned === undefined) {
    const listed = await listAllKeys(client, bucket, prefix, options);
    // Only the control files decide (no array of every name).
    const state = partState(
      listed.map((o) => o.key.slice(prefix.length)).filter((name) => isControlFile(name)),
    );
    if (state !== 'legacy') {
      throw new IncompletePartError(
        `${uri} is incomplete: its upload started (${UPLOAD_MARKER}) and never wrote ${MANIFEST}. Re-run the stage that produces it, or pick a complete dataset.`,
      );
    }
    if (options.requireManifest) {
      throw new IncompletePartError(
        `${uri} has no ${MANIFEST}, so it cannot be verified. Re-publish it with run-stage, or allow parts without a manifest.`,
      );
    }
    return { planned: planFromListing(prefix, listed), verified: false };
  }
  // Every file of the manifest must be listed with its size (one byte per file, no map of paths).
  const seen = new Uint8Array(planned.count);
  for await (const page of listKeyPages(client, bucket, prefix, { ...options, retry })) {
    for (const object of page) {
      const relative = object.key.slice(prefix.length);
      const index = planned.indexOf(relative);
      if (index < 0) continue;
      if (object.size !== planned.size(index)) {
        throw new PartIntegrityError(
          `${uri}${relative} has ${object.size} bytes in S3, the manifest says ${planned.size(index)}: the object was changed after upload. Re-run the stage that produced this part.`,
        );
      }
      seen[index] = 1;
    }
  }
  const missing = seen.indexOf(0);
  if (missing >= 0) {
    throw new PartIntegrityError(
      `${uri}${planned.path(missing)} is listed in the part's manifest but missing from S3. The part is damaged: re-run the stage that produced it.`,
    );
  }
  return { planned, verified: true };
}

/**
 * The part's manifest as a plan, or undefined when it has none, each path checked safe. The
 * manifest is parsed as it arrives, each entry going straight into the plan: its text and its
 * parsed entries are never held whole (50,000 files: ~7 MiB of text and ~8 MiB of entries); the
 * plan holds the same in ~3 MiB (download-plan.ts, issue 14).
 */
async function manifestPlan(
  options: PartDownloadOptions,
  prefix: string,
  uri: string,
): Promise<DownloadPlan | undefined> {
  const read = await readTextInto(
    {
      client: options.client,
      bucket: options.bucket,
      key: prefix + MANIFEST,
      signal: options.signal,
      retry: resolveTuning(options.tuning).retry,
    },
    () => {
      const plan = new DownloadPlanBuilder();
      const reader = new ManifestReader(uri + MANIFEST, {
        file: (file) => plan.add(file),
        restart: () => plan.restart(),
      });
      return { plan, reader, write: (text: string) => reader.write(text) };
    },
    true,
  );
  if (read === undefined) return undefined;
  read.reader.end();
  const planned = read.plan.build();
  for (let index = 0; index < planned.count; index++) {
    relativePathOfKey(prefix, prefix + planned.path(index));
  }
  return planned;
}

function planFromListing(prefix: string, listed: ListedObject[]): DownloadPlan {
  return new DownloadPlan(
    listed
      .filter((o) => !o.key.endsWith('/')) // folder placeholders from consoles: no content
      .map((o) => ({ path: relativePathOfKey(prefix, o.key), size: o.size }))
      .filter((f) => !isControlFile(f.path)),
  );
}

async function downloadPlanned(
  options: TreeDownloadOptions,
  planned: DownloadPlan,
  verified: boolean,
): Promise<DownloadResult> {
  const tuning = resolveTuning(options.tuning);
  const destination = (index: number) => localPathFor(options.localDir, planned.path(index));
  // Before any byte moves: a part folder that is a link, or a link where a file (or its
  // temporary name) will be written, would send the download outside the workspace.
  refuseLinks(options.localDir, options.localDir);
  for (let index = 0; index < planned.count; index++) {
    const target = destination(index);
    refuseLinks(options.localDir, target);
    refuseLinks(options.localDir, `${target}.cat-partial`);
  }
  const total = planned.totalBytes;
  const progress = new ProgressCounter(planned.count, total, options.onProgress);
  const context = {
    objects: objectsOf(options.client),
    bucket: options.bucket,
    retry: tuning.retry,
    smallFileBytes: tuning.smallFileBytes,
    folders: new FolderMaker(options.localDir),
    onBytes: (n: number) => progress.bytes(n),
  };
  await forEachWithSecondPass(
    planned.largestFirst(),
    boundConcurrency(options.concurrency),
    async (index, signal) => {
      await downloadFile(
        { ...context, signal },
        options.prefix + planned.path(index),
        destination(index),
        planned.expected(index),
      );
      progress.fileDone();
    },
    options.signal,
  );
  return { files: planned.count, bytes: total, verified };
}
