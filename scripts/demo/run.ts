/**
 * The demo's core: start the local services, run the example tenant through the committed bundles
 * as the reusable workflows do, then show what landed in S3, each stage's summary, and whether the
 * pipeline did its job. main.ts adds the command line, signals and --keep around it.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { tenantName } from '@cat-actions/core';
import { checkout } from './checkout';
import { runJob, type JobRunner, type StepRecord, type WorkflowRun } from './jobs';
import type { DemoOptions } from './options';
import { judge } from './outcome';
import {
  failingJob,
  processingJobs,
  setupJob,
  syncJob,
  testingJob,
  uploadJob,
  type DemoContext,
  type DemoJob,
} from './pipeline';
import { Progress } from './progress';
import { printReport, type DemoReport } from './report';
import { exampleTenant } from './repo';
import { listObjects } from './s3-tree';
import { startS3 } from './s3-service';
import { ServiceSet, type RunningService } from './services';
import { startAws, startSlack, type SlackService } from './starters';
import {
  startAwsCli,
  startBastion,
  startDatabase,
  type BastionService,
  databaseTables,
  DEMO_DATABASE,
  type DatabaseService,
} from './tunnel-services';

export type DemoResult = DemoReport;

export interface DemoIo {
  write: (text: string) => void;
  aborted: () => boolean;
  /** After an interruption: resolves once the running step's processes are gone. */
  settled?: () => Promise<void>;
}

/**
 * The tenant's secret; the stages get its keys as environment variables. The demo's PostgreSQL
 * trusts local connections, so the password only shows that secret values are masked.
 */
const DEMO_SECRET = {
  DB_USER: DEMO_DATABASE.user,
  DB_PASSWORD: 'demo-db-password-not-real-7Qx2',
  DB_NAME: DEMO_DATABASE.database,
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

/** What an earlier demo left in the folder goes; the folder itself and anything else stay. */
const DEMO_FOLDERS = ['workspaces', 's3', 'virtualenvs', 'aws'];

function prepareDir(dir: string) {
  for (const folder of DEMO_FOLDERS)
    rmSync(path.join(dir, folder), { recursive: true, force: true });
  mkdirSync(path.join(dir, 's3'), { recursive: true });
}

export type Starter = () => Promise<RunningService>;

/**
 * Starts the local services side by side (PostgreSQL takes the longest). `starters` replaces some,
 * e.g. to see what the demo does on a machine without PostgreSQL.
 */
export async function startServices(
  services: ServiceSet,
  options: DemoOptions,
  progress: Progress,
  starters: Record<string, Starter> = {},
): Promise<void> {
  const names = demoNames(options);
  prepareDir(options.dir);
  progress.heading('Local services');
  const all: [string, Starter][] = [
    ['s3', () => startS3(path.join(options.dir, 's3'), names.bucket)],
    ['sts + secrets manager', () => startAws(names.secretName, DEMO_SECRET)],
    ['slack', startSlack],
    ['bastion', startBastion],
    ['database', startDatabase],
    ['aws cli', startAwsCli],
  ];
  await Promise.all(all.map(([name, start]) => services.start(name, starters[name] ?? start)));
  // Listed, and stopped (in reverse), in this order whatever order they came up in.
  const order = all.map(([name]) => name);
  services.running.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  for (const [name] of all) {
    const running = services.get(name);
    const gone = services.unavailable.find((u) => u.name === name);
    if (running) progress.info(`✓ ${name.padEnd(24)} ${running.endpoint}`);
    if (gone) {
      const install = gone.install ? `\n      install: ${gone.install}` : '';
      progress.info(`○ ${name.padEnd(24)} ${gone.reason}${install}`);
    }
  }
  if (!services.get('s3')) throw new Error('S3 did not start: the demo cannot run without it');
}

/** The jobs after data processing are separate workflow runs: they run side by side. */
const SIDE_BY_SIDE = [testingJob, uploadJob, syncJob];

export async function runPipeline(
  services: ServiceSet,
  options: DemoOptions,
  io: DemoIo,
  progress = new Progress(io.write, options.verbose),
): Promise<DemoResult> {
  const names = demoNames(options);
  const machine = isolateFromMachine(options.dir);
  const github = githubEnv();
  const runs = new Map<string, WorkflowRun>();
  const workflowRun = (job: DemoJob): WorkflowRun => {
    let run = runs.get(job.run);
    if (!run) {
      const workspace = path.join(options.dir, 'workspaces', job.run);
      rmSync(workspace, { recursive: true, force: true });
      checkout(exampleTenant, workspace);
      const id = String(Number(github.GITHUB_RUN_ID) + runs.size);
      const env = { GITHUB_RUN_ID: id, GITHUB_WORKFLOW: job.run };
      const url = `${github.GITHUB_SERVER_URL}/${github.GITHUB_REPOSITORY}/actions/runs/${id}/attempts/1`;
      run = { workspace, env, url };
      runs.set(job.run, run);
    }
    return run;
  };

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
  const base = { ...github, ...services.env(), ...SOURCE_CREDENTIALS, ...machine };
  let shared: Record<string, string> = {};
  const runner: JobRunner = {
    ctx,
    services,
    env: () => ({ ...base, ...shared }),
    run: workflowRun,
    records,
    aborted: io.aborted,
    settled: io.settled ?? (() => Promise.resolve()),
    outside: () => ({}),
  };

  const setup = await runJob(runner, setupJob, progress);
  runner.outside = (id) => setup.job.outputs(id);
  // What the setup steps exported (credentials, tenant, bucket), as each job's own copies would.
  shared = Object.assign({}, ...[...setup.job.results.values()].map((r) => r.exportedEnv));
  if (setup.ok) {
    for (const job of processingJobs) {
      if (io.aborted()) break;
      const { job: done, ok } = await runJob(runner, job, progress);
      ctx.dataset ??= done.outputs('stage').dataset;
      if (!ok) break;
    }
    if (!io.aborted()) {
      progress.heading(
        'data-testing, data-upload, zoho-desk-sync and a failing stage: separate workflow runs, side by side',
      );
      await sideBySide(runner, [...SIDE_BY_SIDE, failingJob], options.verbose, io.write);
    }
  }
  const slack = services.get('slack') as SlackService | undefined;
  const failingRun = runs.get(failingJob.run);
  const alerts = failingRun
    ? (slack?.messages().filter((m) => m.includes(failingRun.url)) ?? [])
    : [];

  const s3 = services.get('s3')!;
  const objects = await listObjects(s3, names.bucket, `${names.tenant}/`).catch(() => []);
  const outcome = judge(objects, names.tenant, alerts.length);
  const result: DemoResult = {
    exitCode: outcome.ok && !io.aborted() ? 0 : 1,
    outcome,
    workspaces: [...runs.values()].map((r) => r.workspace),
    s3Directory: path.join(options.dir, 's3', names.bucket),
    bucket: names.bucket,
    tenant: names.tenant,
    steps: records,
    slackMessages: alerts,
  };
  const tables = database ? await databaseTables(database, ['demo_listings', 'zoho_tickets']) : [];
  printReport(progress, result, objects, services, tables);
  return result;
}

/**
 * Runs jobs at once; each one's lines are held back and printed whole, in order, as soon as it and
 * the jobs before it are done, so the output reads like the sequential part.
 */
async function sideBySide(
  runner: JobRunner,
  jobs: DemoJob[],
  verbose: boolean,
  write: (text: string) => void,
) {
  const buffers = jobs.map(() => [] as string[]);
  const records = jobs.map(() => [] as StepRecord[]);
  const running = jobs.map((job, i) =>
    runJob(
      { ...runner, records: records[i] },
      job,
      new Progress((text) => buffers[i].push(text), verbose),
    ),
  );
  for (let i = 0; i < jobs.length; i++) {
    await running[i].catch((error) => buffers[i].push(`  ✗ ${(error as Error).message}\n`));
    write(buffers[i].join(''));
    runner.records.push(...records[i]);
  }
}
