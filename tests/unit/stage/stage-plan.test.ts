import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import { parseDatasetChoice, planStage, type StageRequest } from '@cat-actions/stage';

const workspace = mkdtempSync(path.join(os.tmpdir(), 'stage-plan-'));
const project = path.join(workspace, 'Project', 'CAT-T-DEV');
for (const stage of ['1a', '2a', '5a']) {
  mkdirSync(path.join(project, stage), { recursive: true });
  writeFileSync(path.join(project, stage, 'run.sh'), 'echo ok\n');
}
mkdirSync(path.join(project, 'zoho_desk_sync', 'update_cycle_GHA'), { recursive: true });
writeFileSync(path.join(project, 'zoho_desk_sync', 'update_cycle_GHA', 'run_update.sh'), '');

const request = (overrides: Partial<StageRequest> = {}): StageRequest => ({
  workspace,
  stage: '2a',
  workingDirectory: '',
  projectDir: 'CAT-T-DEV',
  command: '',
  dataset: '',
  download: '1b',
  upload: '2b*',
  publishTo: '',
  bucket: 'cat-data-dev',
  tenant: 'cat-t',
  secretName: 'cat-t-scraper-secrets',
  environment: 'DEV',
  env: '',
  python: '',
  timeoutMinutes: '',
  concurrency: '',
  ...overrides,
});

describe('a stage runs its folder script in Project/<PROJECT_DIR> by default', () => {
  it('2a: bash 2a/run.sh, LATEST because it downloads', () => {
    const plan = planStage(request());
    expect(plan).toMatchObject({
      stage: '2a',
      workingDirectory: project,
      workingDirectoryLabel: 'Project/CAT-T-DEV',
      command: 'bash 2a/run.sh',
      dataset: { kind: 'latest' },
      download: ['1b'],
      upload: ['2b*'],
      publishTo: 'datasets',
      timeoutMs: 360 * 60_000,
      concurrency: 16,
      python: 'auto',
    });
  });

  it("follows resolve-tenant's projects-root when the tenant keeps projects elsewhere", () => {
    const elsewhere = path.join(workspace, 'tenants', 'Project', 'CAT-T-DEV', '2a');
    mkdirSync(elsewhere, { recursive: true });
    writeFileSync(path.join(elsewhere, 'run.sh'), 'echo ok\n');
    const plan = planStage(request({ projectsRoot: 'tenants/Project/' }));
    expect(plan.workingDirectory).toBe(path.dirname(elsewhere));
    expect(plan.workingDirectoryLabel).toBe('tenants/Project/CAT-T-DEV');
  });

  it('refuses a projects root outside the workspace', () => {
    expect(() => planStage(request({ projectsRoot: '../elsewhere' }))).toThrow(
      /Input 'projects-root'/,
    );
  });

  it('1a: a new dataset when nothing is downloaded', () => {
    expect(planStage(request({ stage: '1a', download: '', upload: '1b' })).dataset).toEqual({
      kind: 'new',
    });
  });

  it('sync runs the Zoho Desk update script', () => {
    expect(planStage(request({ stage: 'sync', download: '', upload: '' })).command).toBe(
      'bash zoho_desk_sync/update_cycle_GHA/run_update.sh',
    );
  });

  it('sync: no dataset when none is given, none made up', () => {
    const plan = planStage(request({ stage: 'sync', download: '', upload: '' }));
    expect(plan.dataset).toEqual({ kind: 'none' });
  });

  it('sync: an explicit dataset works as for any stage', () => {
    const sync = (dataset: string) =>
      planStage(request({ stage: 'sync', dataset, download: '', upload: '' })).dataset;
    expect(sync('new')).toEqual({ kind: 'new' });
    expect(sync('LATEST')).toEqual({ kind: 'latest' });
    expect(sync('20240328_084742_utc')).toEqual({ kind: 'named', name: '20240328_084742_utc' });
  });

  it('an empty dataset means none only for sync', () => {
    expect(parseDatasetChoice('', [], 'sync')).toEqual({ kind: 'none' });
    expect(parseDatasetChoice(' ', ['1b'], 'sync')).toEqual({ kind: 'none' });
    expect(parseDatasetChoice('', [], '1a')).toEqual({ kind: 'new' });
    expect(parseDatasetChoice('', ['1b'], '2a')).toEqual({ kind: 'latest' });
    expect(parseDatasetChoice('', [])).toEqual({ kind: 'new' });
  });

  it('a given command and working directory win, without a stage folder', () => {
    const plan = planStage(
      request({
        stage: 'custom',
        command: 'python3 -c "print(1)"',
        workingDirectory: 'Project/CAT-T-DEV/1a',
        projectDir: '',
      }),
    );
    expect(plan.command).toBe('python3 -c "print(1)"');
    expect(plan.workingDirectory).toBe(path.join(project, '1a'));
    expect(plan.projectDir).toBe('1a');
  });

  it.each([
    ['new', { kind: 'new' }],
    ['NEW', { kind: 'new' }],
    ['latest', { kind: 'latest' }],
    ['20240328_084742_utc', { kind: 'named', name: '20240328_084742_utc' }],
  ])('dataset %j', (dataset, expected) => {
    expect(planStage(request({ dataset, download: '' })).dataset).toEqual(expected);
  });

  it('reads env lines, fractional minutes and concurrency', () => {
    const plan = planStage(
      request({
        env: 'SAMPLE_SIZE=all',
        timeoutMinutes: '0.5',
        concurrency: '4',
        publishTo: 'test-results',
        upload: 'test_results',
      }),
    );
    expect(plan.env).toEqual({ SAMPLE_SIZE: 'all' });
    expect(plan.timeoutMs).toBe(30_000);
    expect(plan.concurrency).toBe(4);
    expect(plan.publishTo).toBe('test-results');
  });
});

describe('bad input fails before anything runs, naming the input', () => {
  it.each([
    [
      'unknown stage folder',
      { stage: '9z' },
      /Input 'stage' is "9z".*stages found: 1a, 2a, 5a, sync/,
    ],
    ['stage with a slash', { stage: '../x' }, /Input 'stage'/],
    [
      'bad dataset',
      { dataset: 'yesterday' },
      /Input 'dataset' is "yesterday": expected new, LATEST or a dataset name/,
    ],
    ['impossible date', { dataset: '20240230_000000_utc' }, /Input 'dataset'/],
    [
      'new dataset with downloads',
      { dataset: 'new' },
      /Input 'dataset' is "new": expected LATEST or a dataset name: a new dataset has no parts/,
    ],
    ['malformed env line', { env: 'A=1\nB' }, /Input 'env \(line 2\)'/],
    ['python mode', { python: 'conda' }, /Input 'python'/],
    ['publish target', { publishTo: 's3' }, /Input 'publish-to'/],
    ['timeout', { timeoutMinutes: '0' }, /Input 'timeout-minutes'/],
    ['concurrency', { concurrency: '2.5' }, /Input 'concurrency'/],
    [
      'missing bucket',
      { bucket: '' },
      /Input 'bucket': expected a value \(or the S3_BUCKET_NAME variable\)/,
    ],
    ['missing tenant', { tenant: ' ' }, /Input 'tenant'/],
    ['no project', { projectDir: '' }, /Input 'working-directory'/],
    [
      'missing folder',
      { projectDir: 'CAT-NOPE' },
      /Input 'working-directory' is "Project\/CAT-NOPE"/,
    ],
    ['folder outside', { workingDirectory: '../..' }, /Input 'working-directory'/],
    ['upload that is not a part', { upload: 'results' }, /Input 'upload' is "results"/],
    ['upload path', { upload: '2b/x' }, /Input 'upload' is "2b\/x"/],
    [
      'sync without a dataset publishing a dataset part',
      { stage: 'sync', download: '', upload: '1b_zd' },
      /Input 'dataset' is "": expected a dataset: upload \(1b_zd\) publishes to <tenant>\/datasets\/<dataset>\/\. Stage sync runs without one/,
    ],
    [
      'sync without a dataset publishing test results',
      { stage: 'sync', download: '', upload: 'results', publishTo: 'test-results' },
      /Input 'dataset' is "": expected a dataset: upload \(results\) publishes to <tenant>\/test_results\/<dataset>\//,
    ],
    [
      'sync without a dataset downloading',
      { stage: 'sync', download: '1b', upload: '' },
      /Input 'dataset' is "": expected a dataset: download \(1b\) reads parts of one\. Stage sync/,
    ],
  ])('%s', (_case, overrides, message) => {
    const plan = () => planStage(request(overrides));
    expect(plan).toThrow(InputError);
    expect(plan).toThrow(message);
  });
});
