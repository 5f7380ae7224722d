/**
 * The writer's side of a part's completion record (packages/core manifest.ts): the key beside the
 * part folders that tells LATEST the part is complete, and its size, without reading the manifest.
 * uploadPart removes it before anything of the part changes and writes it after the manifest.
 */
import {
  completionRecordName,
  completionRecordPrefix,
  isPartName,
  parseCompletionRecord,
  type ManifestHeader,
} from '@cat-actions/core';
import { listKeyPages } from './listing';
import { deleteKey, putText, type ObjectTarget } from './objects';

type Target = Omit<ObjectTarget, 'key'>;

/**
 * The dataset folder and part name of a part prefix `.../<dataset>/<part>/`, or undefined when the
 * prefix's last folder is not a part name (then there is no dataset folder to record in). The
 * folder name is what LATEST's listing shows, so it is the record's part, whatever the identity says.
 */
export function recordPlace(prefix: string): { datasetFolder: string; part: string } | undefined {
  const cut = prefix.lastIndexOf('/', prefix.length - 2);
  const part = prefix.slice(cut + 1, -1);
  return cut >= 0 && isPartName(part)
    ? { datasetFolder: prefix.slice(0, cut + 1), part }
    : undefined;
}

/**
 * Deletes every record of the part at `prefix`. They are found by listing the records that start
 * with the part's name (one request; its counts are unknown), keeping only those of exactly this
 * part: `1b_raw.` also starts the records of a part named `1b_raw.v2`.
 */
export async function removeCompletionRecords(target: Target, prefix: string): Promise<void> {
  const place = recordPlace(prefix);
  if (!place) return;
  const pages = listKeyPages(
    target.client,
    target.bucket,
    place.datasetFolder + completionRecordPrefix(place.part),
    { signal: target.signal, retry: target.retry },
  );
  for await (const page of pages) {
    for (const { key } of page) {
      const record = parseCompletionRecord(key.slice(place.datasetFolder.length));
      if (record?.part === place.part) await deleteKey({ ...target, key });
    }
  }
}

/** Writes the record of the part at `prefix` with the manifest's counts (after the manifest). */
export async function writeCompletionRecord(
  target: Target,
  prefix: string,
  manifest: ManifestHeader,
): Promise<void> {
  const place = recordPlace(prefix);
  if (!place) return;
  const { fileCount, totalBytes, tenant, dataset, createdAt } = manifest;
  await putText({
    ...target,
    key: place.datasetFolder + completionRecordName({ part: place.part, fileCount, totalBytes }),
    // For people browsing the bucket; readers use the key alone.
    text: JSON.stringify({ tenant, dataset, part: place.part, fileCount, totalBytes, createdAt }),
    contentType: 'application/json',
  });
}
