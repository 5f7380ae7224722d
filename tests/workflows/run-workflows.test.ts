import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startS3 } from '../../scripts/demo/s3-service';
import { startFakeAws, type FakeAws } from '../support/fake-aws';
import { startSlackReceiver, type SlackReceiver } from '../support/slack-receiver';
import { exampleTenant, removeScratch, scratchDir } from './helpers/example-tenant';
import { callInputs, runJob, workflowOutputs, type JobRun } from './helpers/workflow-runner';

/**
 * The reusable workflows themselves, job by job from their YAML, on this machine: the committed
 * bundles against a local S3 (s3rver), a fake STS and Secrets Manager and a Slack receiver, on a
 * checkout of examples/tenant. What the contract tests check by name, this runs.
 */
const BUCKET = 'cat-data-dev-demo';
const SECRET_VALUE = 'sk-demo-never-printed-9f8e7d';
const PROCESSING = '.github/workflows/data-processing.yml';
const TESTING = '.github/workflows/data-testing.yml';
const RUN_LINK = 'https://github.com/acme/tenant-demo/actions/runs/4242/attempts/1';

let s3: Awaited<ReturnType<typeof startS3>>;
let aws: FakeAws;
let slack: SlackReceiver;
let env: Record<string, string>;
let client: S3Client;

beforeAll(async () => {
  [s3, aws, slack] = await Promise.all([
    startS3(scratchDir('cat-s3-'), BUCKET),
    startFakeAws({
      accountId: '000000000000',
      secrets: { 'demo-scraper-secrets': { DEMO_API_KEY: SECRET_VALUE } },
    }),
    startSlackReceiver(),
  ]);
  env = {
    ...s3.env, // also the source credentials assume-role starts from
    ...aws.env,
    PATH: `/usr/bin:/bin:${process.env.PATH ?? ''}`,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'acme/tenant-demo',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
  };
  client = new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
});

afterAll(async () => {
  client?.destroy();
  await Promise.all([s3?.stop(), aws?.stop(), slack?.close()]);
  removeScratch();
});

const common = {
  project: 'DEMO-DEV',
  environment: 'DEV',
  'bucket-prefix': 'cat-data-dev',
  'dev-role-arn': 'arn:aws:iam::000000000000:role/cat-demo-dev',
  'python-version': '', // setup-python needs GitHub's tool cache; the runner's Python serves
};
const secrets = () => ({ SLACK_WEBHOOK_URL: slack.webhookUrl });

async function keys(prefix: string): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key!.slice(prefix.length)).sort();
}

const text = async (key: string) =>
  (await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToString();

const failures = (run: JobRun) =>
  run.steps
    .filter((s) => s.outcome === 'failure')
    .map((s) => `${s.name}:\n${s.log.split('\n').slice(-15).join('\n')}`);

const neverLogsTheSecret = (run: JobRun) =>
  expect(
    run.steps.filter((s) =>
      `${s.log}${s.summary}${JSON.stringify(s.outputs)}`.includes(SECRET_VALUE),
    ),
  ).toEqual([]);

describe('data-processing.yml then data-testing.yml, run from their YAML', () => {
  let dataset = '';

  it('1a creates a dataset, its name flows to 2a and 3a through job outputs, each uploads its part', async () => {
    const inputs = callInputs(PROCESSING, common);
    const jobs: Record<string, JobRun> = {};
    const needs: Record<string, { outputs: Record<string, string>; result: string }> = {};
    for (const [job, after] of [
      ['data-fetch-1a', undefined],
      ['data-processing-2a', 'data-fetch-1a'],
      ['data-enrichment-3a', 'data-processing-2a'],
    ] as const) {
      jobs[job] = await runJob({
        workflow: PROCESSING,
        job,
        inputs,
        secrets: secrets(),
        env,
        needs: after ? { [after]: needs[after] } : {},
      });
      expect(failures(jobs[job])).toEqual([]);
      needs[job] = { outputs: jobs[job].outputs, result: jobs[job].result };
      neverLogsTheSecret(jobs[job]);
    }
    dataset = jobs['data-fetch-1a'].outputs.dataset;
    expect(dataset).toMatch(/^\d{8}_\d{6}_utc$/);
    expect(Object.values(jobs).map((j) => j.outputs.dataset)).toEqual([dataset, dataset, dataset]);
    expect(workflowOutputs(PROCESSING, jobs)).toEqual({
      dataset,
      uri: `s3://${BUCKET}/demo/datasets/${dataset}/`,
    });
    expect(jobs['data-fetch-1a'].step('Alert Slack').outcome).toBe('skipped');
    expect(await keys(`demo/datasets/${dataset}/`)).toEqual(
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
    const run = await runJob({
      workflow: TESTING,
      job: 'data-testing-5a',
      inputs: callInputs(TESTING, { ...common, 'sample-size': '5' }),
      secrets: secrets(),
      env,
    });
    expect(failures(run)).toEqual([]);
    neverLogsTheSecret(run);
    expect(run.outputs.dataset).toBe(dataset);
    const prefix = `demo/test_results/${dataset}/`;
    expect(run.outputs['results-uri']).toMatch(
      new RegExp(`^s3://${BUCKET}/${prefix}\\d{8}_\\d{6}_utc/$`),
    );
    expect(run.step('Link the results').summary).toContain(`### Test results of ${dataset}`);
    const resultsKey = `${run.outputs['results-uri'].slice(`s3://${BUCKET}/`.length)}summary.json`;
    expect(JSON.parse(await text(resultsKey))).toMatchObject({
      dataset,
      rows_checked: 5,
      passed: true,
    });
  }, 300_000);
});

describe('failures alert Slack with tenant, environment, dataset and the run link', () => {
  it('a bad sample-size fails the first step; nothing else runs but the alert', async () => {
    slack.reset();
    const run = await runJob({
      workflow: TESTING,
      job: 'data-testing-5a',
      inputs: callInputs(TESTING, { ...common, 'sample-size': 'lots' }),
      secrets: secrets(),
      env,
    });
    expect(run.result).toBe('failure');
    expect(run.step('check').log).toContain(
      "::error title=Bad sample-size::sample-size must be a whole number greater than 0 or 'all'; received 'lots'",
    );
    expect(run.steps.map((s) => s.outcome)).toEqual([
      'failure',
      ...Array(run.steps.length - 2).fill('skipped'),
      'success',
    ]);
    expect(slack.requests).toHaveLength(1);
    const message = slack.requests[0].rawBody;
    for (const expected of ['DEMO-DEV', 'Environment', 'DEV', 'Dataset', 'LATEST', RUN_LINK]) {
      expect(message).toContain(expected);
    }
  }, 120_000);

  it('a failing stage fails the job and the alert names the tenant', async () => {
    slack.reset();
    const broken = path.join(scratchDir('cat-broken-tenant-'), 'tenant');
    cpSync(exampleTenant, broken, { recursive: true, verbatimSymlinks: true });
    const stage = path.join(broken, 'Project', 'DEMO-DEV', '1a');
    rmSync(stage, { recursive: true, force: true });
    mkdirSync(stage);
    writeFileSync(path.join(stage, 'run.sh'), 'echo "the source answered 503" >&2\nexit 3\n');
    const run = await runJob({
      workflow: PROCESSING,
      job: 'data-fetch-1a',
      inputs: callInputs(PROCESSING, common),
      secrets: secrets(),
      env,
      checkoutFrom: broken,
    });
    expect(run.result).toBe('failure');
    expect(run.step('stage').outcome).toBe('failure');
    expect(run.step('Alert Slack').outcome).toBe('success');
    expect(slack.requests).toHaveLength(1);
    const message = slack.requests[0].rawBody;
    for (const expected of ['Stage 1a failed for DEV:DEMO-DEV', 'demo', 'Dataset', RUN_LINK]) {
      expect(message).toContain(expected);
    }
  }, 120_000);
});
