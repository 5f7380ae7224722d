/**
 * LATEST is the newest dataset that is complete for what the caller needs; a named dataset must
 * exist and be complete. Candidates are checked newest first. When the newest qualifies, a run
 * costs the listing (one call per 1,000 datasets) and one listing of its part folders, which also
 * returns the parts' completion records; a required part without a record (written before records)
 * adds its manifest read (dataset-parts.ts). Each older candidate checked adds its own.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import {
  LATEST,
  NoQualifyingDatasetError,
  NotFoundError,
  datasetPrefix,
  datasetsPrefix,
  parseDatasetName,
  s3Uri,
  type RetryOptions,
} from '@cat-actions/core';
import { listDatasetNames } from './dataset-listing';
import {
  inspectDataset,
  isUsablePart,
  type PartReport,
  type PartRequirement,
} from './dataset-parts';
import { endpointOf, regionOf, toCatError } from './errors';

export interface DatasetRequest extends PartRequirement {
  bucket: string;
  tenant: string;
  /** `LATEST` or a dataset name. */
  dataset: string;
  retry?: RetryOptions;
  /** At most this many newest datasets are checked for LATEST (default 100). */
  maxCandidates?: number;
  log?: { info(message: string): void; debug(message: string): void };
}

export interface SelectedDataset {
  dataset: string;
  uri: string;
  createdAt: Date;
  /** Parts a later step may read (complete, or legacy when not strict). */
  usableParts: PartReport[];
  /** Every part inspected, usable or not. */
  parts: PartReport[];
  /** Newer datasets passed over, with the reason. */
  skipped: { dataset: string; reason: string }[];
  /** S3 requests made. */
  calls: number;
}

const NEWEST_SHOWN = 5;

function newestFew({ names, count }: { names: string[]; count: number }): string {
  if (count === 0) return 'there are no datasets';
  const shown = names.slice(0, NEWEST_SHOWN).join(', ');
  return `the newest ${count > NEWEST_SHOWN ? `${NEWEST_SHOWN} of ${count}` : count}: ${shown}`;
}

function needs(request: PartRequirement): string {
  const parts = request.require.length
    ? `with complete ${request.require.map((p) => `${p}*`).join(', ')} parts`
    : 'with every part complete';
  return request.strict ? `${parts} (strict: manifests required)` : parts;
}

async function select(s3: S3Client, request: DatasetRequest): Promise<SelectedDataset> {
  const { bucket, tenant, retry = {}, log } = request;
  const where = s3Uri(bucket, datasetsPrefix(tenant));
  const result = (
    dataset: string,
    parts: PartReport[],
    skipped: SelectedDataset['skipped'],
    calls: number,
  ) => ({
    dataset,
    uri: s3Uri(bucket, datasetPrefix(tenant, dataset)),
    createdAt: parseDatasetName(dataset)!,
    usableParts: parts.filter((p) => isUsablePart(p, request.strict)),
    parts,
    skipped,
    calls,
  });

  if (request.dataset !== LATEST) {
    const inspection = await inspectDataset(s3, bucket, tenant, request.dataset, request, retry);
    if (inspection.usable) return result(request.dataset, inspection.parts, [], inspection.calls);
    const listing = await listDatasetNames(s3, bucket, datasetsPrefix(tenant), retry, NEWEST_SHOWN);
    throw new NotFoundError(
      `Dataset ${request.dataset} ${inspection.reason} in ${where} (needed: ${needs(request)}); ` +
        `${newestFew(listing)}. Check the dataset input, or use LATEST.`,
    );
  }

  const maxCandidates = request.maxCandidates ?? 100;
  const listing = await listDatasetNames(s3, bucket, datasetsPrefix(tenant), retry, maxCandidates);
  for (const name of listing.ignored) log?.debug(`Ignoring ${where}${name}/: not a dataset name`);
  if (listing.ignoredCount > listing.ignored.length) {
    log?.debug(`... and ${listing.ignoredCount - listing.ignored.length} more folders ignored`);
  }
  log?.info(
    `${listing.count} datasets under ${where} (${listing.calls} list call${listing.calls === 1 ? '' : 's'}` +
      `${listing.ignoredCount ? `, ${listing.ignoredCount} other folders ignored` : ''})`,
  );
  const skipped: SelectedDataset['skipped'] = [];
  let calls = listing.calls;
  for (const name of listing.names) {
    const inspection = await inspectDataset(s3, bucket, tenant, name, request, retry);
    calls += inspection.calls;
    if (inspection.usable) return result(name, inspection.parts, skipped, calls);
    log?.info(`Skipping ${name}: ${inspection.reason}`);
    skipped.push({ dataset: name, reason: inspection.reason ?? 'not usable' });
  }
  const checked = listing.count > maxCandidates ? `none of the newest ${maxCandidates}` : 'none';
  throw new NoQualifyingDatasetError(
    `No dataset ${needs(request)} in ${where}: ${checked} of ${listing.count} qualifies` +
      `${
        skipped.length
          ? ` (${skipped
              .slice(0, NEWEST_SHOWN)
              .map((s) => `${s.dataset} ${s.reason}`)
              .join('; ')})`
          : ''
      }`,
    'Run the stage that writes the missing part first, or lower require.',
  );
}

export async function latestDataset(
  s3: S3Client,
  request: DatasetRequest,
): Promise<SelectedDataset> {
  try {
    return await select(s3, request);
  } catch (error) {
    throw toCatError(error, {
      operation: `Listing ${s3Uri(request.bucket, datasetsPrefix(request.tenant))}`,
      deniedHint: `Allow s3:ListBucket and s3:GetObject on ${request.bucket} for the assumed role.`,
      notFoundHint: `Check bucket (S3_BUCKET_NAME from find-bucket) and the region.`,
      input: 'bucket',
      endpoint: endpointOf('s3', await regionOf(s3)),
    });
  }
}
