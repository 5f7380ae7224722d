/**
 * The demo's core: start the local services, run the example tenant through the committed bundles
 * as the reusable workflows do, then show what landed in S3, each stage's summary, and whether the
 * pipeline did its job. main.ts adds the command line, signals and --keep around it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
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
import { demoNames } from './local-services';
import type { ServiceSet } from './services';
import type { SlackService } from './starters';
import { githubEnv, isolateFromMachine, SOURCE_CREDENTIALS } from './step-env';
import { databaseTables, type BastionService, type DatabaseService } from './tunnel-services';

export type DemoResult = DemoReport;

export interface DemoIo {
  write: (text: string) => void;
  aborted: () => boolean;
  /** After an interruption: resolves once the running step's processes are gone. */
  settled?: () => Promise<void>;
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
    slackWebhookUrl: services.get('slack')?.endpoint ?? '',
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
  // As data-testing.yml's last step does: the stage's own report, test_results/summary.md.
  const testing = runs.get(testingJob.run);
  const report =
    testing &&
    path.join(testing.workspace, 'Project', options.projectDir, 'test_results', 'summary.md');
  if (report && existsSync(report)) result.testReport = readFileSync(report, 'utf8');
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
