/**
 * The local endpoints the cold-start benchmark runs every action against, and the step each
 * action runs there: real work, answered over loopback the way AWS and Slack answer it.
 *
 *   assume-role     fake STS: AssumeRole from environment credentials
 *   find-bucket     S3 list endpoint: ListBuckets (one bucket matches the prefix)
 *   latest-dataset  S3 list endpoint: 1,000 datasets, LATEST and the check of its parts
 *   notify-slack    Slack receiver: one webhook post
 *   run-stage       fake Secrets Manager + s3rver: the secret fetched, a new dataset, the stage
 *                   (a shell command printing a marker) started; timed up to that marker
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { formatDatasetName } from '@cat-actions/core';
import {
  datasetObjects,
  startFakeAws,
  startS3ListEndpoint,
  startS3rver,
  startSlackReceiver,
} from '@cat-actions/local-services';

export const STAGE_MARKER = 'cat-bench: stage started';
const ROLE_ARN = 'arn:aws:iam::123456789012:role/cat-scraper-dev';
const BUCKET = 'cat-data-dev';
const PARTS = { '1b_raw': 'complete', '2b_processed': 'complete', '3b_model': 'complete' } as const;

/** One action's step: its inputs and the environment the earlier steps of a job would leave. */
export interface ColdStep {
  action: string;
  /** What the step does against the local endpoints, for the report. */
  work: string;
  inputs: Record<string, string>;
  env: Record<string, string>;
  /** Timed up to this line of the step's output instead of its exit (run-stage). */
  untilLine?: string;
}

export interface ColdServices {
  steps: ColdStep[];
  /** Environment for configure-aws-credentials doing assume-role's work. */
  stsEnv: Record<string, string>;
  roleArn: string;
  /** STS requests answered so far, by action name. */
  stsRequests(): string[];
  /** Operations the S3 list endpoint answered so far (ListObjectsV2, GetObject, ...), in order. */
  listRequests(): string[];
  stop(): Promise<void>;
}

/** 1,000 complete datasets an hour apart, in the layout packages/core defines. */
export function seedDatasets(tenant: string, count: number): Record<string, string> {
  const objects: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const name = formatDatasetName(new Date(Date.UTC(2023, 0, 1) + i * 3600_000));
    Object.assign(objects, datasetObjects(tenant, name, PARTS));
  }
  return objects;
}

/** Source credentials a job would have (an access key from secrets), no instance metadata. */
const SOURCE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIASOURCEKEY0001',
  AWS_SECRET_ACCESS_KEY: 'source-secret-value',
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
};

export async function startColdServices(scratch: string, datasets = 1000): Promise<ColdServices> {
  const aws = await startFakeAws({
    secrets: { 'cat-be-scraper-secrets': { API_KEY: 'bench-api-key', DB_PASSWORD: 'bench-pw' } },
  });
  const listing = await startS3ListEndpoint({
    [BUCKET]: seedDatasets('cat-be', datasets),
    'cat-data-prod': [],
    'other-bucket': [],
  });
  const slack = await startSlackReceiver();
  const s3 = await startS3rver([BUCKET], path.join(scratch, 's3rver'), { asAws: true });

  const workspace = path.join(scratch, 'workspace');
  const project = path.join(workspace, 'Project', 'CAT-BE-DEV');
  mkdirSync(path.join(project, '1a'), { recursive: true });
  const script = path.join(project, '1a', 'run.sh');
  writeFileSync(script, `#!/usr/bin/env bash\necho '${STAGE_MARKER}'\nmkdir -p 1b_raw\n`);
  chmodSync(script, 0o755);
  const pipeline = {
    GITHUB_WORKSPACE: workspace,
    TENANT_NAME: 'cat-be',
    PROJECT_DIR: 'CAT-BE-DEV',
    ENVIRONMENT: 'DEV',
  };

  const steps: ColdStep[] = [
    {
      action: 'assume-role',
      work: 'AssumeRole (fake STS), credentials from the environment',
      inputs: { 'role-arn': ROLE_ARN },
      env: { ...aws.env, ...SOURCE_CREDENTIALS, ...pipeline },
    },
    {
      action: 'find-bucket',
      work: 'ListBuckets (S3 list endpoint), 3 buckets, one matches',
      inputs: { prefix: 'cat-data-dev' },
      env: { ...listing.env, ...pipeline },
    },
    {
      action: 'latest-dataset',
      work: `LATEST of ${datasets.toLocaleString('en')} datasets and the check of its parts`,
      inputs: {},
      env: { ...listing.env, ...pipeline, S3_BUCKET_NAME: BUCKET },
    },
    {
      action: 'notify-slack',
      work: 'one webhook post (local Slack receiver)',
      inputs: { 'webhook-url': slack.webhookUrl, status: 'failure' },
      env: { ...pipeline, GITHUB_REPOSITORY: 'acme/tenant-repo', GITHUB_RUN_ID: '777' },
    },
    {
      action: 'run-stage',
      work: 'secret fetched (fake Secrets Manager), new dataset, stage 1a started',
      inputs: { stage: '1a', 'secret-name': 'cat-be-scraper-secrets', cache: 'false' },
      env: {
        ...s3.env,
        ...aws.env,
        AWS_EC2_METADATA_DISABLED: 'true',
        ...pipeline,
        S3_BUCKET_NAME: BUCKET,
      },
      untilLine: STAGE_MARKER,
    },
  ];

  return {
    steps,
    stsEnv: { ...aws.env, ...SOURCE_CREDENTIALS },
    roleArn: ROLE_ARN,
    stsRequests: () => aws.requests.filter((r) => r.service === 'sts').map((r) => r.action),
    listRequests: () => listing.requests.map((r) => r.operation),
    async stop() {
      await Promise.all([aws.stop(), listing.stop(), slack.close(), s3.stop()]);
    },
  };
}
