import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exampleTenant, scratchDir } from './helpers/example-tenant';
import type { JobRun } from '@cat-actions/cli';
import { failedSteps, runWorkflow, type WorkflowRequest } from './helpers/workflow-runner';
import {
  BUCKET,
  RUN_LINK,
  SECRET_VALUE,
  TENANT_INPUTS as common,
  useWorkflowServices,
} from './helpers/workflow-services';

/**
 * The reusable workflows themselves, job by job from their YAML, on this machine: the committed
 * bundles against a local S3, a fake STS and Secrets Manager and a Slack receiver, on a checkout
 * of examples/tenant. What the contract tests check by name, this runs.
 */
const PROCESSING = '.github/workflows/data-processing.yml';
const TESTING = '.github/workflows/data-testing.yml';

const services = useWorkflowServices();

/** A workflow run against this file's services: their secrets and endpoints. */
const runHere = (request: Omit<WorkflowRequest, 'secrets' | 'env'>) =>
  runWorkflow({ secrets: services().secrets, env: services().env, ...request });

const leaks = (runs: JobRun[]) =>
  runs
    .flatMap((r) => r.steps)
    .filter((s) => `${s.log}${s.summary}${JSON.stringify(s.outputs)}`.includes(SECRET_VALUE));

/** A copy of the example tenant whose DEMO-DEV stage runs `script` instead. */
function brokenTenant(stage: string, script: string[]): string {
  const tenant = path.join(scratchDir('cat-broken-tenant-'), 'tenant');
  cpSync(exampleTenant, tenant, { recursive: true, verbatimSymlinks: true });
  const folder = path.join(tenant, 'Project', 'DEMO-DEV', stage);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  writeFileSync(path.join(folder, 'run.sh'), `${script.join('\n')}\n`);
  return tenant;
}

describe('data-processing.yml then data-testing.yml, run from their YAML', () => {
  let dataset = '';

  it('1a creates a dataset, its name flows to 2a and 3a through job outputs, each uploads its part', async () => {
    const run = await runHere({
      workflow: PROCESSING,
      inputs: common,
    });
    const jobs = Object.values(run.jobs).flat();
    expect(jobs.flatMap(failedSteps)).toEqual([]);
    expect(Object.keys(run.jobs)).toEqual([
      'data-fetch-1a',
      'data-processing-2a',
      'data-enrichment-3a',
    ]);
    expect(leaks(jobs)).toEqual([]);
    dataset = run.outputs.dataset;
    expect(dataset).toMatch(/^\d{8}_\d{6}_utc$/);
    expect(jobs.map((j) => j.outputs.dataset)).toEqual([dataset, dataset, dataset]);
    expect(run.outputs).toEqual({ dataset, uri: `s3://${BUCKET}/demo/datasets/${dataset}/` });
    expect(jobs.map((j) => j.step('Alert Slack').outcome)).toEqual([
      'skipped',
      'skipped',
      'skipped',
    ]);
    expect(await services().keys(`demo/datasets/${dataset}/`)).toEqual(
      expect.arrayContaining([
        '1b_raw/listings.csv',
        '1b_raw/source.json',
        '2b_processed/listings.csv',
        '3b_enriched/listings.csv',
        '3b_enriched/regions.json',
      ]),
    );
  }, 300_000);

  it('data-testing picks LATEST, runs 5a with SAMPLE_SIZE and links the published results', async () => {
    expect(dataset).not.toBe('');
    const run = await runHere({
      workflow: TESTING,
      inputs: { ...common, 'sample-size': '5' },
    });
    const job = run.jobs['data-testing-5a'][0];
    expect(failedSteps(job)).toEqual([]);
    expect(leaks([job])).toEqual([]);
    expect(run.outputs.dataset).toBe(dataset);
    const prefix = `demo/test_results/${dataset}/`;
    expect(run.outputs['results-uri']).toMatch(
      new RegExp(`^s3://${BUCKET}/${prefix}\\d{8}_\\d{6}_utc/$`),
    );
    expect(job.step('Link the results').summary).toContain(`### Test results of ${dataset}`);
    expect(job.step('Show the test report').summary).toContain('| 3b has every 2b row | pass |');
    const resultsKey = `${run.outputs['results-uri'].slice(`s3://${BUCKET}/`.length)}summary.json`;
    expect(JSON.parse(await services().text(resultsKey))).toMatchObject({
      dataset,
      rows_checked: 5,
      passed: true,
    });
  }, 300_000);

  it("a tenant's own projects-root reaches run-stage through resolve-tenant's output", async () => {
    expect(dataset).not.toBe('');
    const run = await runHere({
      workflow: TESTING,
      inputs: { ...common, 'projects-root': 'tenants/Project' },
      checkoutFrom: movedTenant(),
    });
    const job = run.jobs['data-testing-5a'][0];
    expect(failedSteps(job)).toEqual([]);
    expect(job.step('tenant').outputs).toMatchObject({
      'projects-root': 'tenants/Project',
      'project-path': 'tenants/Project/DEMO-DEV',
    });
    expect(run.outputs.dataset).toBe(dataset);
    expect(job.step('Show the test report').summary).toContain('| 3b has every 2b row | pass |');
  }, 300_000);
});

/** A copy of the example tenant with its projects under tenants/Project instead of Project. */
function movedTenant(): string {
  const tenant = path.join(scratchDir('cat-moved-tenant-'), 'tenant');
  cpSync(exampleTenant, tenant, { recursive: true, verbatimSymlinks: true });
  mkdirSync(path.join(tenant, 'tenants'));
  renameSync(path.join(tenant, 'Project'), path.join(tenant, 'tenants', 'Project'));
  return tenant;
}

describe('failures alert Slack with tenant, environment, dataset and the run link', () => {
  it('a bad sample-size fails the first step; nothing else runs but the alert', async () => {
    services().slack.reset();
    const { jobs } = await runHere({
      workflow: TESTING,
      job: 'data-testing-5a',
      inputs: { ...common, 'sample-size': 'lots' },
    });
    const run = jobs['data-testing-5a'][0];
    expect(run.result).toBe('failure');
    expect(run.step('check').log).toContain(
      "::error title=Bad sample-size::sample-size must be a whole number greater than 0 or 'all'; received 'lots'",
    );
    expect(run.steps.map((s) => s.outcome)).toEqual([
      'failure',
      ...Array(run.steps.length - 2).fill('skipped'),
      'success',
    ]);
    expect(services().slack.requests).toHaveLength(1);
    const message = services().slack.requests[0].rawBody;
    for (const expected of ['DEMO-DEV', 'Environment', 'DEV', 'Dataset', 'LATEST', RUN_LINK]) {
      expect(message).toContain(expected);
    }
  }, 120_000);

  it('failing tests publish nothing, but their report reaches the run summary and Slack is told', async () => {
    services().slack.reset();
    const broken = brokenTenant('5a', [
      'mkdir -p test_results',
      'printf "| Check | Result |\\n|---|---|\\n| rows add up | FAIL |\\n" > test_results/summary.md',
      'exit 1',
    ]);
    const run = await runHere({
      workflow: TESTING,
      inputs: { ...common, 'sample-size': 'all' },
      checkoutFrom: broken,
    });
    const job = run.jobs['data-testing-5a'][0];
    const outcomes = ['stage', 'Link the results', 'Show the test report', 'Alert Slack'].map(
      (name) => job.step(name).outcome,
    );
    expect(outcomes).toEqual(['failure', 'skipped', 'success', 'success']);
    expect(job.step('Show the test report').summary).toContain('| rows add up | FAIL |');
    expect(run.outputs['results-uri']).toBe('');
    expect(services().slack.requests).toHaveLength(1);
    expect(services().slack.requests[0].rawBody).toContain(
      'Stage 5a (tests) failed for DEV:DEMO-DEV',
    );
  }, 120_000);

  it('a failing stage fails the job, later jobs do not run, and the alert names the tenant', async () => {
    services().slack.reset();
    const broken = brokenTenant('1a', ['echo "the source answered 503" >&2', 'exit 3']);
    const run = await runHere({
      workflow: PROCESSING,
      inputs: common,
      checkoutFrom: broken,
    });
    const fetch = run.jobs['data-fetch-1a'][0];
    expect([fetch.result, fetch.step('stage').outcome, fetch.step('Alert Slack').outcome]).toEqual([
      'failure',
      'failure',
      'success',
    ]);
    const later = [...run.jobs['data-processing-2a'], ...run.jobs['data-enrichment-3a']];
    expect(later.map((job) => [job.result, job.steps.length])).toEqual([
      ['skipped', 0],
      ['skipped', 0],
    ]);
    expect(services().slack.requests).toHaveLength(1);
    const message = services().slack.requests[0].rawBody;
    for (const expected of ['Stage 1a failed for DEV:DEMO-DEV', 'demo', 'Dataset', RUN_LINK]) {
      expect(message).toContain(expected);
    }
  }, 120_000);
});

describe("the example tenant's callers run the reusable workflows they name", () => {
  it('data-processing.yml (workflow_dispatch) calls cat-org/cat-actions/.github/workflows/data-processing.yml@v1 with the vars', async () => {
    const run = await runHere({
      workflow: 'examples/tenant/.github/workflows/data-processing.yml',
      inputs: { project: 'DEMO-DEV', environment: 'DEV' },
      vars: {
        BUCKET_PREFIX: common['bucket-prefix'],
        DEV_ROLE_ARN: common['dev-role-arn'],
        PROD_ROLE_ARN: common['prod-role-arn'],
      },
    });
    const caller = run.jobs['data-processing'][0];
    expect(caller.result).toBe('success');
    expect(caller.called?.workflowFile).toBe('.github/workflows/data-processing.yml');
    const called = Object.values(caller.called!.jobs).flat();
    expect(called.flatMap(failedSteps)).toEqual([]);
    expect(called.map((job) => job.name)).toEqual([
      'data-processing / 1a data fetch',
      'data-processing / 2a data processing',
      'data-processing / 3a data enrichment',
    ]);
    // setup-python stands in with the python3 on PATH and says which version it found.
    const setupPython = called[0].steps.find((s) => s.name.includes('actions/setup-python'));
    expect([setupPython?.outcome, setupPython?.log]).toEqual([
      'success',
      expect.stringMatching(/asked for Python 3\.12; found python3 3\.\d+\.\d+ \(/),
    ]);
    expect(caller.outputs.dataset).toMatch(/^\d{8}_\d{6}_utc$/);
    expect(caller.outputs.uri).toBe(`s3://${BUCKET}/demo/datasets/${caller.outputs.dataset}/`);
    expect(leaks(called)).toEqual([]);
  }, 300_000);
});
