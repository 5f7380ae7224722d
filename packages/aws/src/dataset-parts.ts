/**
 * Whether a dataset is complete for what the caller needs. A part's state follows its control
 * files (packages/core manifest.ts); only the part folders matching `require` matter, so a 3b
 * upload in progress does not hide a dataset whose 2b is complete from a step that reads 2b.
 *
 * Cost: the one `/`-delimited listing of the dataset folder returns the part folders and the
 * completion records beside them; a wanted part with a record is complete with the record's
 * counts, no further request. A wanted part without one (written before records) costs its
 * manifest read (and, when that is absent, a listing of its control files).
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { GetObjectCommand } from './s3-client';
import {
  MANIFEST,
  datasetPrefix,
  parseCompletionRecord,
  parseManifest,
  partState,
  s3Uri,
  validatePartName,
  type CompletionRecord,
  type PartState,
  type RetryOptions,
} from '@cat-actions/core';
import { listFolder } from './dataset-listing';
import { awsErrorCode, withAwsRetry } from './retry';

/** Both control files start with this, so one small listing finds them when the manifest is absent. */
const CONTROL_PREFIX = '_cat_';

export interface PartReport {
  name: string;
  state: PartState | 'damaged';
  fileCount?: number;
  totalBytes?: number;
  /** Why a damaged manifest was refused. */
  problem?: string;
}

export interface DatasetInspection {
  /** False when nothing at all is stored under the dataset's prefix. */
  exists: boolean;
  /** Complete for `require` (legacy parts count unless strict). */
  usable: boolean;
  /** Why not, in words: `3b_model incomplete (upload started, no manifest)`. */
  reason?: string;
  /** Every part folder, with its state. */
  parts: PartReport[];
  calls: number;
}

export interface PartRequirement {
  /** Part name prefixes such as `3b`; empty means every part present. */
  require: string[];
  /** Parts without marker or manifest (written before manifests) count as incomplete. */
  strict: boolean;
}

const isPartName = (name: string) => {
  try {
    validatePartName(name);
    return true;
  } catch {
    return false;
  }
};

const describeState: Record<PartReport['state'], string> = {
  complete: 'complete',
  legacy: 'has no manifest (written before manifests; strict is on)',
  incomplete: 'incomplete (upload started, no manifest)',
  damaged: 'has a damaged manifest',
};

/** The manifest's text, or undefined when the part has none (S3 says NoSuchKey). */
async function readManifest(
  s3: S3Client,
  bucket: string,
  key: string,
  retry: RetryOptions,
): Promise<string | undefined> {
  try {
    return await withAwsRetry(async () => {
      const response = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await response.Body?.transformToString()) ?? '';
    }, retry);
  } catch (error) {
    if (awsErrorCode(error) === 'NoSuchKey') return undefined;
    throw error;
  }
}

/**
 * A part is complete exactly when its manifest is present, so the manifest is read first: for a
 * complete part that one GetObject is the whole check. Only when it is absent does a listing of
 * the part's control files tell an upload in progress (marker) from a legacy part (neither).
 */
async function inspectPart(
  s3: S3Client,
  bucket: string,
  partFolder: string,
  name: string,
  retry: RetryOptions,
): Promise<PartReport & { calls: number }> {
  const key = `${partFolder}${MANIFEST}`;
  let calls = 1;
  let text = await readManifest(s3, bucket, key, retry);
  if (text === undefined) {
    const control = await listFolder(
      s3,
      bucket,
      `${partFolder}${CONTROL_PREFIX}`,
      retry,
      partFolder,
    );
    calls += control.calls;
    const state = partState(control.files);
    if (state !== 'complete') return { name, state, calls };
    // The upload finished between the two requests: the manifest is there now, so read it.
    text = await readManifest(s3, bucket, key, retry);
    calls++;
    if (text === undefined) return { name, state: 'incomplete', calls };
  }
  try {
    const manifest = parseManifest(text, s3Uri(bucket, key));
    return {
      name,
      state: 'complete',
      fileCount: manifest.fileCount,
      totalBytes: manifest.totalBytes,
      calls,
    };
  } catch (error) {
    return { name, state: 'damaged', problem: (error as Error).message, calls };
  }
}

export const isUsablePart = (part: PartReport, strict: boolean) =>
  part.state === 'complete' || (part.state === 'legacy' && !strict);

/**
 * The completion records among the dataset folder's keys, by part. Two records of one part (two
 * uploads racing) say nothing for sure: that part is left to its manifest.
 */
function completionRecords(files: string[]): Map<string, CompletionRecord | undefined> {
  const records = new Map<string, CompletionRecord | undefined>();
  for (const file of files) {
    const record = parseCompletionRecord(file);
    if (record) records.set(record.part, records.has(record.part) ? undefined : record);
  }
  return records;
}

export async function inspectDataset(
  s3: S3Client,
  bucket: string,
  tenant: string,
  dataset: string,
  requirement: PartRequirement,
  retry: RetryOptions = {},
): Promise<DatasetInspection> {
  const folder = datasetPrefix(tenant, dataset);
  const listing = await listFolder(s3, bucket, folder, retry);
  const exists = listing.folders.length + listing.files.length > 0;
  const partNames = listing.folders.filter(isPartName);
  const wanted = (name: string) =>
    requirement.require.length === 0 || requirement.require.some((p) => name.startsWith(p));
  const records = completionRecords(listing.files);
  const reports = await Promise.all(
    partNames.map((name) => {
      if (!wanted(name)) return Promise.resolve(undefined);
      const record = records.get(name);
      if (record) {
        const { fileCount, totalBytes } = record;
        return Promise.resolve({
          name,
          state: 'complete' as const,
          fileCount,
          totalBytes,
          calls: 0,
        });
      }
      return inspectPart(s3, bucket, `${folder}${name}/`, name, retry);
    }),
  );
  const inspected = reports.filter((r): r is PartReport & { calls: number } => r !== undefined);
  const calls = listing.calls + inspected.reduce((sum, r) => sum + r.calls, 0);
  const parts = inspected.map(({ calls: _calls, ...report }) => report);

  const missing = requirement.require.filter((p) => !partNames.some((n) => n.startsWith(p)));
  const unusable = parts.filter((p) => !isUsablePart(p, requirement.strict));
  let reason: string | undefined;
  if (!exists) reason = 'does not exist';
  else if (partNames.length === 0) reason = 'has no part folders (1b*, 2b*, 3b*)';
  else if (missing.length) reason = `has no ${missing.map((p) => `${p}*`).join(', ')} part`;
  else if (unusable.length) {
    reason = unusable.map((p) => `${p.name} ${describeState[p.state]}`).join('; ');
  }
  return { exists, usable: reason === undefined, reason, parts, calls };
}
