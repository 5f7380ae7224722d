/**
 * Did the demo do its job? A complete dataset (1b, 2b and 3b parts, each with its manifest), a test
 * result under test_results/, rows that stage 4 loaded into the database, and the Slack alert of
 * the failing stage captured. Read from what is in S3, in the database and what the Slack receiver
 * got, not from what the steps said.
 */
import { MANIFEST } from '@cat-actions/core';
import type { S3Object } from './s3-tree';

export interface DatasetState {
  dataset: string;
  /** Part folder -> has its manifest. */
  parts: Record<string, boolean>;
}

export interface Outcome {
  ok: boolean;
  completeDataset?: string;
  datasets: DatasetState[];
  testResults: string[];
  slackAlerts: number;
  /** Rows of demo_listings (stage 4), when a database ran. */
  uploadedRows?: number;
  /** What is missing, in words, empty when ok. */
  missing: string[];
}

const PREFIXES = ['1b', '2b', '3b'];

export function datasetStates(objects: S3Object[], tenant: string): DatasetState[] {
  const root = `${tenant}/datasets/`;
  const byDataset = new Map<string, Record<string, boolean>>();
  for (const { key } of objects) {
    if (!key.startsWith(root)) continue;
    const [dataset, part, ...rest] = key.slice(root.length).split('/');
    if (!dataset || !part || rest.length === 0) continue;
    const parts = byDataset.get(dataset) ?? {};
    parts[part] = parts[part] === true || (rest.length === 1 && rest[0] === MANIFEST);
    byDataset.set(dataset, parts);
  }
  return [...byDataset]
    .map(([dataset, parts]) => ({ dataset, parts }))
    .sort((a, b) => (a.dataset < b.dataset ? 1 : -1));
}

export function isComplete(state: DatasetState): boolean {
  return PREFIXES.every((prefix) =>
    Object.entries(state.parts).some(([part, manifest]) => part.startsWith(prefix) && manifest),
  );
}

/** Folders `test_results/<dataset>/<run>/` that hold at least one file. */
export function testResultRuns(objects: S3Object[], tenant: string): string[] {
  const root = `${tenant}/test_results/`;
  const runs = new Set<string>();
  for (const { key } of objects) {
    if (!key.startsWith(root)) continue;
    const [dataset, run, ...rest] = key.slice(root.length).split('/');
    if (dataset && run && rest.length) runs.add(`${dataset}/${run}`);
  }
  return [...runs].sort();
}

export function judge(
  objects: S3Object[],
  tenant: string,
  slackAlerts: number,
  uploadedRows?: number,
): Outcome {
  const datasets = datasetStates(objects, tenant);
  const complete = datasets.find(isComplete);
  const testResults = testResultRuns(objects, tenant);
  const missing: string[] = [];
  if (!complete) {
    const newest = datasets[0];
    const have = newest
      ? Object.entries(newest.parts)
          .map(([p, m]) => `${p}${m ? '' : ' (no manifest)'}`)
          .join(', ') || 'no parts'
      : 'no dataset at all';
    missing.push(
      `a complete dataset (1b, 2b, 3b each with ${MANIFEST}) under ${tenant}/datasets/: found ${newest ? `${newest.dataset}: ${have}` : have}`,
    );
  }
  if (!testResults.length) missing.push(`a test result under ${tenant}/test_results/`);
  if (uploadedRows === 0)
    missing.push('rows in demo_listings loaded by stage 4 (the table is empty or absent)');
  if (!slackAlerts)
    missing.push('the Slack alert of the failing stage (nothing reached the receiver)');
  return {
    ok: missing.length === 0,
    completeDataset: complete?.dataset,
    datasets,
    testResults,
    slackAlerts,
    uploadedRows,
    missing,
  };
}
