import { beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST, UPLOAD_MARKER, isDatasetName, parseManifest } from '@cat-actions/core';
import { errorLines, runAction } from '../support/action-runner';
import { BUCKET, TENANT, stageWorkspace, useStageServices } from '../fixtures/stages/services';

const services = useStageServices();
let workspace: string;
beforeAll(() => {
  workspace = stageWorkspace();
});

const project = () => path.join(workspace, 'Project', 'CAT-TEST-DEV');

describe('run-stage bundle: 1a creates a dataset, 2a reads 1b and writes 2b, 5a publishes test results', () => {
  let dataset: string;

  it('1a: a new dataset with its 1b part and manifest', async () => {
    const before = new Date();
    const result = await runAction('run-stage', {
      inputs: { stage: '1a', dataset: 'new', upload: '1b*', env: 'SAMPLE_SIZE=all' },
      workspace,
      env: services().env(),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    dataset = result.outputs.dataset;
    expect(isDatasetName(dataset)).toBe(true);
    expect(dataset >= `${before.toISOString().slice(0, 10).replace(/-/g, '')}_`).toBe(true);

    // The stage ran with the pipeline's names, in UTC, with the env input and .env_gha as .env.
    expect(result.log).toContain('1a: tenant=cat-test environment=DEV project=CAT-TEST-DEV');
    expect(result.log).toContain(
      `1a: dataset=${dataset} bucket=${BUCKET}/${BUCKET} tz=UTC zone=UTC`,
    );
    expect(result.log).toContain('1a: sample=all mode=ci');
    expect(readFileSync(path.join(project(), '.env'), 'utf8')).toBe('MODE=ci\n');
    // Live output sits in the stage's group.
    const lines = result.log.split('\n');
    const group = lines.findIndex((l) => l.startsWith('::group::Run stage 1a: bash 1a/run.sh'));
    expect(group).toBeGreaterThanOrEqual(0);
    expect(lines.indexOf('wrote ticket 1')).toBeGreaterThan(group);

    const prefix = `${TENANT}/datasets/${dataset}/1b_raw/`;
    expect(await services().keys(prefix)).toEqual([
      MANIFEST,
      'meta.json',
      'tickets/1.txt',
      'tickets/2.txt',
      'tickets/3.txt',
    ]);
    const manifest = parseManifest(await services().text(prefix + MANIFEST), 'manifest');
    expect(manifest).toMatchObject({ tenant: TENANT, dataset, part: '1b_raw', fileCount: 4 });
    expect(await services().text(`${prefix}tickets/2.txt`)).toBe(`ticket 2 of ${dataset}\n`);

    expect(result.outputs).toMatchObject({
      dataset,
      uri: `s3://${BUCKET}/${TENANT}/datasets/${dataset}/`,
      parts: '1b_raw',
      files: '4',
      'exit-code': '0',
      'results-uri': '',
    });
    expect(Number(result.outputs.bytes)).toBe(manifest.totalBytes);
    expect(Number(result.outputs['duration-seconds'])).toBeGreaterThanOrEqual(0);
    expect(result.exportedEnv).toEqual({ DATASET_NAME: dataset });

    // The stage log, under <tenant>/logs/<stage>/<start>_run-<id>-<attempt>.log.
    const logKey = result.outputs['log-uri'].slice(`s3://${BUCKET}/`.length);
    expect(logKey).toMatch(new RegExp(`^${TENANT}/logs/1a/\\d{8}_\\d{6}_utc_run-4242-1\\.log$`));
    const stageLog = await services().text(logKey);
    expect(stageLog).toContain('wrote ticket 3');
    expect(stageLog).toContain('# exit code 0');

    for (const text of [
      'Stage 1a of cat-test succeeded',
      dataset,
      '1b_raw: 4 files',
      'Throughput',
      'Exit code',
    ]) {
      expect(result.summary).toContain(text);
    }
  });

  it('2a: reads 1b of LATEST (verified), writes 2b', async () => {
    const result = await runAction('run-stage', {
      inputs: { stage: '2a', download: '1b', upload: '2b*' },
      workspace,
      env: services().env(),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.outputs.dataset).toBe(dataset);
    expect(result.log).toContain(`2a: processed 3 tickets of ${dataset}`);
    expect(result.summary).toMatch(/1b_raw: 4 files, [\d.]+ \w+, verified/);
    const prefix = `${TENANT}/datasets/${dataset}/2b_processed/`;
    expect(await services().keys(prefix)).toEqual([MANIFEST, 'summary.json']);
    expect(JSON.parse(await services().text(`${prefix}summary.json`))).toMatchObject({
      dataset,
      count: 3,
    });
  });

  it('5a: publishes test_results under test_results/<dataset>/<run time>/', async () => {
    const result = await runAction('run-stage', {
      inputs: {
        stage: '5a',
        download: '1b*,2b*',
        upload: 'test_results',
        'publish-to': 'test-results',
        env: 'SAMPLE_SIZE=10',
      },
      workspace,
      env: services().env({ DATASET_NAME: dataset }),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain(`5a: PASS on ${dataset}`);
    const resultsUri = result.outputs['results-uri'];
    expect(resultsUri).toMatch(
      new RegExp(`^s3://${BUCKET}/${TENANT}/test_results/${dataset}/\\d{8}_\\d{6}_utc/$`),
    );
    const prefix = resultsUri.slice(`s3://${BUCKET}/`.length);
    expect(await services().keys(prefix)).toEqual(['junit.xml', 'report.json']);
    expect(JSON.parse(await services().text(`${prefix}report.json`))).toEqual({
      passed: true,
      sample: '10',
    });
    expect(result.summary).toContain(resultsUri);
    // No manifest or marker in a test run's folder, and the dataset itself is untouched.
    expect(await services().keys(`${TENANT}/datasets/${dataset}/`)).not.toContainEqual(
      expect.stringContaining('test_results'),
    );
    expect(existsSync(path.join(project(), '2b_processed', 'summary.json'))).toBe(true);
    expect(await services().keys(`${TENANT}/datasets/`)).not.toContainEqual(
      expect.stringContaining(UPLOAD_MARKER),
    );
  });
});
