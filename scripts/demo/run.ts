/**
 * The demo's core: start the local services, run the example tenant through the committed bundles
 * as the reusable workflows do, then show what landed in S3, each stage's summary, and whether the
 * pipeline did its job. main.ts adds the command line, signals and --keep around it.
 */
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tenantName } from '@cat-actions/core';
import { runJob, type JobRunner, type StepRecord } from './jobs';
import type { DemoOptions } from './options';
import { judge, type Outcome } from './outcome';
import {
  failingJob,
  processingJobs,
  setupJob,
  syncJob,
  uploadJob,
  testingJob,
  type DemoContext,
} from './pipeline';
import { Progress } from './progress';
import { exampleTenant } from './repo';
import { listObjects, renderTree, type S3Object } from './s3-tree';
import { startS3 } from './s3-service';
import { ServiceSet } from './services';
import { startAws, startSlack, type SlackService } from './starters';
import {
  startAwsCli,
  startBastion,
  startDatabase,
  type BastionService,
  type DatabaseService,
} from './tunnel-services';
import { summaryToText } from './summary-text';

export interface DemoResult {
  exitCode: number;
  outcome: Outcome;
  workspace: string;
  s3Directory: string;
  bucket: string;
  tenant: string;
  steps: StepRecord[];
  slackMessages: string[];
}

export interface DemoIo {
  write: (text: string) => void;
  aborted: () => boolean;
}

/**
 * The tenant's secret; the stages get its keys as environment variables. The demo's PostgreSQL
 * trusts local connections, so the password only shows that secret values are masked.
 */
const DEMO_SECRET = {
  DB_USER: 'postgres',
  DB_PASSWORD: 'demo-db-password-not-real-7Qx2',
  DB_NAME: 'postgres',
  ZOHO_CLIENT_ID: 'demo-zoho-client-id',
};
/** Source credentials the runner would have (static keys); assume-role trades them at fake STS. */
const SOURCE_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'AKIADEMOSOURCE000001',
  AWS_SECRET_ACCESS_KEY: 'demo-source-secret-not-real',
};

export function demoNames(options: Pick<DemoOptions, 'projectDir' | 'environment'>) {
  const tenant = tenantName(options.projectDir);
  const bucketPrefix = 'cat-data-';
  return {
    tenant,
    secretName: `${tenant}-scraper-secrets`,
    bucketPrefix,
    bucket: `${bucketPrefix}${tenant}-${options.environment.toLowerCase()}`,
  };
}

/**
 * This machine's own AWS identity, OIDC or cache settings must not reach the steps: a step would
 * then talk to AWS instead of the local services. Unset (an empty AWS_PROFILE breaks the aws CLI).
 */
const MACHINE_SETTINGS = [
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_ENDPOINT_URL',
  'AWS_ROLE_ARN',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'ACTIONS_ID_TOKEN_REQUEST_URL',
  'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
  'ACTIONS_CACHE_URL',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_RUNTIME_TOKEN',
];

function isolateFromMachine(dir: string): Record<string, string> {
  for (const name of MACHINE_SETTINGS) delete process.env[name];
  return {
    // No ~/.aws config or credentials file, no instance metadata lookups.
    AWS_CONFIG_FILE: path.join(dir, 'aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'aws', 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // pipenv's environments stay in the demo's folder, not in the home directory.
    WORKON_HOME: path.join(dir, 'virtualenvs'),
  };
}

/** What the runner sets for a workflow_dispatch run. */
function githubEnv(): Record<string, string> {
  const runId = String(Math.floor(Date.now() / 1000));
  return {
    GITHUB_REPOSITORY: 'local/cat-tenant-demo',
    GITHUB_WORKFLOW: 'demo',
    GITHUB_JOB: 'demo',
    GITHUB_RUN_ID: runId,
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_SHA: '0000000000000000000000000000000000000000',
    GITHUB_ACTOR: 'demo',
    GITHUB_EVENT_NAME: 'workflow_dispatch',
  };
}

export async function startServices(
  services: ServiceSet,
  options: DemoOptions,
  progress: Progress,
): Promise<void> {
  const names = demoNames(options);
  progress.heading('Local services');
  const s3 = await services.start('s3', () => startS3(path.join(options.dir, 's3'), names.bucket));
  if (!s3) throw new Error(`S3 did not start: ${services.unavailable.at(-1)?.reason}`);
  await services.start('sts + secrets manager', () => startAws(names.secretName, DEMO_SECRET));
  await services.start('slack', startSlack);
  await services.start('bastion', startBastion);
  await services.start('database', startDatabase);
  await services.start('aws cli', startAwsCli);
  for (const s of services.running) progress.info(`✓ ${s.name.padEnd(24)} ${s.endpoint}`);
  for (const u of services.unavailable) {
    progress.info(
      `○ ${u.name.padEnd(24)} ${u.reason}${u.install ? `\n      install: ${u.install}` : ''}`,
    );
  }
}

export async function runPipeline(
  services: ServiceSet,
  options: DemoOptions,
  io: DemoIo,
  progress = new Progress(io.write, options.verbose),
): Promise<DemoResult> {
  const names = demoNames(options);
  const workspace = path.join(options.dir, 'workspace');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(options.dir, { recursive: true });
  cpSync(exampleTenant, workspace, { recursive: true });

  const ctx: DemoContext = {
    environment: options.environment,
    projectDir: options.projectDir,
    bucketPrefix: names.bucketPrefix,
    devRoleArn: 'arn:aws:iam::000000000000:role/cat-demo-dev',
    prodRoleArn: 'arn:aws:iam::000000000000:role/cat-demo-prod',
    sampleSize: options.sampleSize,
    outputs: () => ({}),
    runUrl: '',
    tunnelEnv: (services.get('bastion') as BastionService | undefined)?.tunnelEnv ?? {},
  };
  const database = services.get('database') as DatabaseService | undefined;
  if (database) ctx.database = { host: database.host, port: database.port };
  const records: StepRecord[] = [];
  const base: Record<string, string> = {
    ...githubEnv(),
    ...services.env(),
    ...SOURCE_CREDENTIALS,
    ...isolateFromMachine(options.dir),
  };
  ctx.runUrl = `${base.GITHUB_SERVER_URL}/${base.GITHUB_REPOSITORY}/actions/runs/${base.GITHUB_RUN_ID}/attempts/${base.GITHUB_RUN_ATTEMPT}`;
  let shared: Record<string, string> = {};
  const runner: JobRunner = {
    ctx,
    services,
    progress,
    workspace,
    env: () => ({ ...base, ...shared }),
    records,
    aborted: io.aborted,
    outside: () => ({}),
  };

  const setup = await runJob(runner, setupJob);
  runner.outside = (id) => setup.job.outputs(id);
  // What the setup steps exported (credentials, tenant, bucket), as each job's own copies would.
  shared = Object.assign({}, ...[...setup.job.results.values()].map((r) => r.exportedEnv));
  if (setup.ok) {
    for (const job of processingJobs) {
      if (io.aborted()) break;
      const { job: done, ok } = await runJob(runner, job);
      ctx.dataset ??= done.outputs('stage').dataset;
      if (!ok) break;
    }
    for (const job of [testingJob, uploadJob, syncJob])
      if (!io.aborted()) await runJob(runner, job);
  }
  const slack = services.get('slack') as SlackService | undefined;
  const before = slack?.messages().length ?? 0;
  if (setup.ok && !io.aborted()) await runJob(runner, failingJob);
  const alerts = slack?.messages().slice(before) ?? [];

  const s3 = services.get('s3')!;
  const objects = await listObjects(s3, names.bucket, `${names.tenant}/`).catch(() => []);
  const outcome = judge(objects, names.tenant, alerts.length);
  const result: DemoResult = {
    exitCode: outcome.ok && !io.aborted() ? 0 : 1,
    outcome,
    workspace,
    s3Directory: path.join(options.dir, 's3', names.bucket),
    bucket: names.bucket,
    tenant: names.tenant,
    steps: records,
    slackMessages: alerts,
  };
  report(progress, result, objects, services);
  return result;
}

function report(progress: Progress, result: DemoResult, objects: S3Object[], services: ServiceSet) {
  const indent = (lines: string[]) => lines.map((l) => (l ? `    ${l}` : '')).join('\n');
  progress.heading(`S3: s3://${result.bucket}/${result.tenant}/`);
  progress.raw(
    objects.length ? `${indent(renderTree(objects, `${result.tenant}/`))}\n` : '    (empty)\n',
  );

  const summaries = result.steps.filter((s) => s.summary);
  if (summaries.length) {
    progress.heading('Step summaries');
    for (const step of summaries) {
      progress.raw(`\n  ${step.job} › ${step.title}\n`);
      progress.raw(`${indent(summaryToText(step.summary!).split('\n'))}\n`);
    }
  }

  progress.heading('Slack alert of the failing stage');
  if (result.slackMessages.length) {
    for (const message of result.slackMessages) progress.raw(`${indent(message.split('\n'))}\n`);
  } else {
    progress.info('(none captured)');
  }

  progress.heading('Where everything is');
  progress.info(`workspace (copy of examples/tenant): ${result.workspace}`);
  progress.info(`S3 files on disk:                    ${result.s3Directory}`);
  for (const s of services.running) progress.info(`${s.name.padEnd(36)} ${s.endpoint}`);

  const unavailable = result.steps.filter((s) => s.status === 'unavailable');
  if (unavailable.length || services.unavailable.length) {
    progress.heading('Not run here');
    for (const s of unavailable) progress.info(`○ ${s.title}: ${s.reason}`);
    const installs = [...new Set(services.unavailable.map((u) => u.install).filter(Boolean))];
    for (const command of installs) progress.info(`install what is missing: ${command}`);
  }

  progress.heading(
    result.exitCode === 0 ? 'Result: ✓ the pipeline did its job' : 'Result: ✗ incomplete',
  );
  const o = result.outcome;
  progress.info(
    `${o.completeDataset ? '✓' : '✗'} complete dataset: ${o.completeDataset ?? 'none'}`,
  );
  progress.info(
    `${o.testResults.length ? '✓' : '✗'} test results: ${o.testResults.join(', ') || 'none'}`,
  );
  progress.info(`${o.slackAlerts ? '✓' : '✗'} Slack alert captured: ${o.slackAlerts}`);
  for (const m of o.missing) progress.info(`missing: ${m}`);
}
