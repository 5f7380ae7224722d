import { formatDatasetName } from './dataset';
import { checkedInput } from './errors';

/**
 * Where a tenant's data lives in its bucket:
 *   <tenant>/datasets/<dataset>/<part>/...                      stage outputs (1b*, 2b*, 3b*)
 *   <tenant>/test_results/<dataset>/<yyyymmdd_hhmmss_utc>/...   one folder per test run (5a)
 *   <tenant>/zohodesk-data/...                                  Zoho Desk sync
 *   <tenant>/logs/<stage>/<yyyymmdd_hhmmss_utc>_run-<id>-<attempt>.log   stage logs, secrets redacted
 */
const PART_NAME = /^[1-3]b[\w.-]{0,100}$/;

export const isPartName = (name: string) => PART_NAME.test(name) && !name.includes('..');

export function validatePartName(part: string, input = 'part'): string {
  // The name exactly as listed or given: a folder ` 1b` is not the part 1b.
  return checkedInput(part, () => isPartName(part), {
    input,
    expected: 'a part folder name starting with 1b, 2b or 3b (letters, digits, _ . -)',
    example: '2b_processed',
  });
}

/**
 * `3b, 2b_clean` -> ['3b', '2b_clean']: the part folders a step needs, each the start of a part
 * name (1b, 2b, 3b). A trailing `*` is accepted and dropped, as run-stage's part patterns (`1b*`)
 * are written that way. Empty means "any".
 */
export function parseRequiredParts(value: string, input = 'require'): string[] {
  const items = value
    .split(',')
    .map((s) => s.trim().replace(/\*$/, ''))
    .filter(Boolean);
  checkedInput(value, () => items.every(isPartName), {
    input,
    expected: 'comma-separated part prefixes, each starting with 1b, 2b or 3b (empty for any)',
    example: '2b,3b',
  });
  return items;
}

export const datasetsPrefix = (tenant: string) => `${tenant}/datasets/`;
export const datasetPrefix = (tenant: string, dataset: string) =>
  `${datasetsPrefix(tenant)}${dataset}/`;
export const partPrefix = (tenant: string, dataset: string, part: string) =>
  `${datasetPrefix(tenant, dataset)}${validatePartName(part)}/`;
export const testResultsPrefix = (tenant: string, dataset: string, testRunAt: Date) =>
  `${tenant}/test_results/${dataset}/${formatDatasetName(testRunAt)}/`;
export const zohodeskPrefix = (tenant: string) => `${tenant}/zohodesk-data/`;

export interface StageRun {
  stage: string;
  startedAt: Date;
  runId?: string;
  runAttempt?: string;
}

export function stageLogKey(tenant: string, run: StageRun): string {
  const stage = run.stage.replace(/[^\w.-]/g, '_');
  const id = run.runId ? `_run-${run.runId}-${run.runAttempt ?? '1'}` : '_local';
  return `${tenant}/logs/${stage}/${formatDatasetName(run.startedAt)}${id}.log`;
}

export const s3Uri = (bucket: string, key = '') => `s3://${bucket}/${key}`;
