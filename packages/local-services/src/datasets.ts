/**
 * Object keys (and contents) of tenant datasets in the layout packages/core defines, for seeding
 * the S3 list endpoint or s3rver:
 *
 *   datasetObjects('cat-be', '20240328_084742_utc', { '1b_raw': 'complete', '2b_x': 'incomplete' })
 *
 * complete: files + manifest + the completion record beside the part folder, as uploads write
 * since issue 14; complete-unrecorded: files + manifest, no record (written before records);
 * incomplete: files + upload marker; legacy: files only; damaged: files + a manifest that is not
 * valid JSON.
 */
import { createHash } from 'node:crypto';
import {
  MANIFEST,
  UPLOAD_MARKER,
  buildManifest,
  completionRecordName,
  datasetPrefix,
  partPrefix,
} from '@cat-actions/core';

export type SeededPartState =
  'complete' | 'complete-unrecorded' | 'incomplete' | 'legacy' | 'damaged';

export function datasetObjects(
  tenant: string,
  dataset: string,
  parts: Record<string, SeededPartState>,
): Record<string, string> {
  const objects: Record<string, string> = {};
  for (const [part, state] of Object.entries(parts)) {
    const folder = partPrefix(tenant, dataset, part);
    const files = ['data.csv', 'nested/more.json'].map((path) => {
      const content = `${dataset}/${part}/${path}\n`;
      objects[`${folder}${path}`] = content;
      return {
        path,
        size: Buffer.byteLength(content),
        sha256: createHash('sha256').update(content).digest('hex'),
      };
    });
    if (state === 'complete' || state === 'complete-unrecorded') {
      const manifest = buildManifest(
        { tenant, dataset, part },
        files,
        new Date('2024-01-01T00:00:00Z'),
      );
      objects[`${folder}${MANIFEST}`] = JSON.stringify(manifest);
      if (state === 'complete') {
        const { fileCount, totalBytes } = manifest;
        const record = completionRecordName({ part, fileCount, totalBytes });
        objects[`${datasetPrefix(tenant, dataset)}${record}`] = '{}';
      }
    }
    if (state === 'incomplete') objects[`${folder}${UPLOAD_MARKER}`] = '{}';
    if (state === 'damaged') objects[`${folder}${MANIFEST}`] = '{"version":1,"files":[';
  }
  return objects;
}
