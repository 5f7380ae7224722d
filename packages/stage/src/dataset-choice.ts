import { formatDatasetName, NotFoundError, type PartState } from '@cat-actions/core';
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
  name: string;
  /** The parts to download (none for a new dataset). */
  parts: string[];
}

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
      `${tenant}/datasets/: is another run creating datasets in a loop?`,
  );
}

/** The newest dataset whose requested parts are all there and complete. */
async function latestDataset(context: DatasetContext): Promise<ResolvedDataset> {
  const datasets = await context.store.listDatasets(context.tenant);
  const newestFirst = [...datasets.keys()].sort().reverse();
  for (const name of newestFirst) {
    const parts = datasets.get(name)!;
    const outcome = selectParts(parts, context.download);
    if (
      'parts' in outcome &&
      (context.download.length || [...parts.values()].every((s) => s !== 'incomplete'))
    ) {
      return { name, parts: outcome.parts };
    }
  }
  const newest = newestFirst[0];
  throw new NotFoundError(
    `No complete dataset of ${context.tenant} has ${context.download.length ? `parts matching ${context.download.join(', ')}` : 'only complete parts'} ` +
      `(${datasets.size} dataset(s) under ${context.tenant}/datasets/` +
      `${newest ? `; the newest, ${newest}, has ${describeParts(datasets.get(newest))}` : ''}). ` +
      'Run the stage that writes them first, or give dataset explicitly.',
  );
}

async function namedDataset(context: DatasetContext, name: string): Promise<ResolvedDataset> {
  if (!context.download.length) return { name, parts: [] };
  const parts = (await context.store.listDatasets(context.tenant, name)).get(name);
  const outcome = parts ? selectParts(parts, context.download) : { problem: 'it does not exist' };
  if ('problem' in outcome) {
    throw new NotFoundError(
      `Dataset ${name} of ${context.tenant} cannot be read for ${context.download.join(', ')}: ` +
        `${outcome.problem} (it has ${describeParts(parts)}). Check the dataset name, or use LATEST.`,
    );
  }
  return { name, parts: outcome.parts };
}

export function resolveDataset(
  choice: DatasetChoice,
  context: DatasetContext,
): Promise<ResolvedDataset> {
  if (choice.kind === 'new') return newDataset(context);
  if (choice.kind === 'latest') return latestDataset(context);
  return namedDataset(context, choice.name);
}
