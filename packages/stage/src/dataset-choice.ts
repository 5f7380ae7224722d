import {
  datasetsPrefix,
  formatDatasetName,
  LATEST,
  NoQualifyingDatasetError,
  NotFoundError,
  type PartState,
} from '@cat-actions/core';
import { matchNames, unmatchedPatterns } from './part-patterns';
import type { DatasetChoice } from './stage-plan';
import type { StageStore } from './stage-store';

/** `1b` in `download` means every part starting with 1b (1b, 1b_raw); wildcards as written. */
export const downloadPattern = (pattern: string) =>
  /[*?[]/.test(pattern) ? pattern : `${pattern}*`;

export type PartsOutcome = { parts: string[] } | { problem: string };

/**
 * The parts of a dataset that `download` asks for. Every pattern must find a part, and a part
 * whose upload never finished (marker, no manifest) is never read: that is the rule LATEST and
 * a named dataset share.
 */
export function selectParts(
  parts: ReadonlyMap<string, PartState>,
  patterns: readonly string[],
): PartsOutcome {
  const expanded = patterns.map(downloadPattern);
  const missing = unmatchedPatterns(parts.keys(), expanded);
  if (missing.length) return { problem: `no part matching ${missing.join(', ')}` };
  const selected = matchNames(parts.keys(), expanded);
  const incomplete = selected.filter((part) => parts.get(part) === 'incomplete');
  if (incomplete.length) return { problem: `unfinished upload of ${incomplete.join(', ')}` };
  return { parts: selected };
}

const describeParts = (parts: ReadonlyMap<string, PartState> | undefined) =>
  parts && parts.size
    ? [...parts]
        .map(([part, state]) => (state === 'incomplete' ? `${part} (unfinished)` : part))
        .join(', ')
    : 'no parts';

export interface ResolvedDataset {
  /** Empty when the stage runs without a dataset (choice `none`). */
  name: string;
  /** The parts to download (none for a new dataset). */
  parts: string[];
}

/** No dataset: no name is made up, so nothing is looked up in S3 either. */
export const NO_DATASET: ResolvedDataset = Object.freeze({ name: '', parts: [] });

export interface DatasetContext {
  store: StageStore;
  tenant: string;
  startedAt: Date;
  download: readonly string[];
}

/** A new name from the start time; a name in use (two runs in one second) moves a second on. */
async function newDataset({ store, tenant, startedAt }: DatasetContext): Promise<ResolvedDataset> {
  for (let offset = 0; offset < 60; offset++) {
    const name = formatDatasetName(new Date(startedAt.getTime() + offset * 1000));
    if (!(await store.datasetExists(tenant, name))) return { name, parts: [] };
  }
  throw new NotFoundError(
    `Every dataset name for the minute after ${startedAt.toISOString()} is already in use under ` +
      `${datasetsPrefix(tenant)}: is another run creating datasets in a loop?`,
  );
}

/** What latest-dataset's rule checks for a pattern: the parts starting with its literal head. */
export const requiredPrefix = (pattern: string) => downloadPattern(pattern).split(/[*?[]/)[0];

/**
 * LATEST or a named dataset, chosen by latest-dataset's completeness rule for the parts
 * `download` needs, then the exact parts to fetch.
 */
async function existingDataset(context: DatasetContext, dataset: string): Promise<ResolvedDataset> {
  const require = [...new Set(context.download.map(requiredPrefix))];
  let found;
  try {
    found = await context.store.findDataset(context.tenant, dataset, require);
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    // latest-dataset's remedy names its `require` input; here the parts come from `download`.
    const message =
      error instanceof NoQualifyingDatasetError
        ? `${error.finding}. Run the stage that writes the missing part first, or download fewer parts.`
        : error.message;
    throw new NotFoundError(`${message} (download: ${context.download.join(', ') || 'nothing'})`, {
      cause: error,
    });
  }
  const outcome = selectParts(found.parts, context.download);
  if ('problem' in outcome) {
    throw new NotFoundError(
      `Dataset ${found.name} of ${context.tenant} cannot be read for ${context.download.join(', ')}: ` +
        `${outcome.problem} (it has ${describeParts(found.parts)}). Check download and dataset.`,
    );
  }
  return { name: found.name, parts: outcome.parts };
}

export function resolveDataset(
  choice: DatasetChoice,
  context: DatasetContext,
): Promise<ResolvedDataset> {
  if (choice.kind === 'none') return Promise.resolve(NO_DATASET);
  if (choice.kind === 'new') return newDataset(context);
  if (choice.kind === 'latest') return existingDataset(context, LATEST);
  // A stage that downloads nothing may name a dataset it is about to fill: no check then.
  if (!context.download.length) return Promise.resolve({ name: choice.name, parts: [] });
  return existingDataset(context, choice.name);
}
