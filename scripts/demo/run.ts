/**
 * The demo's core: the example tenant's caller workflows (examples/tenant/.github/workflows), run
 * by the workflow engine `npx cat-actions workflow` ships (packages/cli runWorkflow) against the
 * local services; then what landed in S3 and in the database, each stage's summary, the Slack alert
 * of the failing stage, and whether the pipeline did its job. main.ts adds the command line,
 * signals and --keep around it.
 */
import path from 'node:path';
import { allJobs, runWorkflow, type WorkflowRun } from '@cat-actions/cli';
import { afterProcessing, processing, type Dispatch } from './dispatches';
import { engineProgress } from './engine-progress';
import type { DemoOptions } from './options';
import { judge } from './outcome';
import { Progress } from './progress';
import { printReport, type DemoReport, type StepRecord } from './report';
import { exampleTenant, repoRoot } from './repo';
import { listObjects, readObject } from './s3-tree';
import { demoNames } from './local-services';
import type { ServiceSet } from './services';
import type { SlackService } from './starters';
import { githubEnv, isolateFromMachine, SOURCE_CREDENTIALS } from './step-env';
import { databaseTables, RDS_HOST, type DatabaseService } from './tunnel-services';

export type DemoResult = DemoReport;

export interface DemoIo {
  write: (text: string) => void;
  aborted: () => boolean;
  /** Aborted on Ctrl-C: the engine ends the running steps and still runs post steps. */
  signal?: AbortSignal;
}

/** The tenant's repository variables, as a tenant sets them in GitHub. */
const ROLE_ARNS = {
  DEV_ROLE_ARN: 'arn:aws:iam::000000000000:role/cat-demo-dev',
  PROD_ROLE_ARN: 'arn:aws:iam::000000000000:role/cat-demo-prod',
};

export interface DispatchedRun {
  dispatch: Dispatch;
  /** The run's link, as the workflows build it for Slack. */
  url: string;
  run?: WorkflowRun;
  /** Why the engine refused or could not run it. */
  error?: string;
}

const stepRecords = (done: DispatchedRun): StepRecord[] =>
  done.run
    ? allJobs(done.run)
        .filter((job) => !job.called)
        .flatMap((job) =>
          job.steps.map((step) => ({
            job: `${done.dispatch.name} › ${job.name}`,
            id: step.id,
            title: step.name,
            // Every reusable workflow gives its run-stage step the id `stage`.
            action: step.id === 'stage' ? 'run-stage' : '',
            status:
              step.outcome === 'success'
                ? ('ok' as const)
                : step.outcome === 'skipped'
                  ? ('skipped' as const)
                  : ('failed' as const),
            summary: step.summary.trim() || undefined,
          })),
        )
    : [];

export async function runPipeline(
  services: ServiceSet,
  options: DemoOptions,
  io: DemoIo,
  progress = new Progress(io.write, options.verbose),
): Promise<DemoResult> {
  const names = demoNames(options);
  const machine = isolateFromMachine(options.dir);
  const github = githubEnv();
  const slack = services.get('slack') as SlackService | undefined;
  const database = services.get('database') as DatabaseService | undefined;
  // The sync and the upload run side by side on this one machine: each tunnel takes a free port
  // (DB_LOCAL_PORT 0) instead of the database's own, and the example's scripts use DB_HOST/DB_PORT.
  const vars = { BUCKET_PREFIX: names.bucketPrefix, ...ROLE_ARNS, RDS_HOST, DB_LOCAL_PORT: '0' };
  const secrets = { SLACK_WEBHOOK_URL: slack?.endpoint ?? '' };
  const env = { ...github, ...services.env(), ...SOURCE_CREDENTIALS, ...machine };

  let runs = 0;
  const dispatch = async (d: Dispatch, out: Progress): Promise<DispatchedRun> => {
    const id = String(Number(github.GITHUB_RUN_ID) + runs++);
    const url = `${github.GITHUB_SERVER_URL}/${github.GITHUB_REPOSITORY}/actions/runs/${id}/attempts/1`;
    const inputs = Object.entries(d.inputs)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    out.raw(`\n━━ ${d.workflow} ${inputs}${d.note ? `\n   ${d.note}` : ''}\n`);
    try {
      const run = await runWorkflow({
        repoRoot,
        workflowFile: path.join(exampleTenant, d.workflow),
        callerRepo: exampleTenant,
        inputs: d.inputs,
        secrets,
        vars,
        env: { ...env, GITHUB_RUN_ID: id, GITHUB_WORKFLOW: d.name },
        onEvent: engineProgress(out, d.failsOnPurpose),
        tempDir: path.join(options.dir, 'runs'),
        signal: io.signal,
      });
      return { dispatch: d, url, run };
    } catch (error) {
      out.info(`✗ the engine did not run it: ${(error as Error).message}`);
      return { dispatch: d, url, error: (error as Error).message };
    }
  };

  const done: DispatchedRun[] = [];
  const first = await dispatch(processing(options), progress);
  done.push(first);
  if (first.run?.result === 'success' && !io.aborted()) {
    progress.heading(
      'data-testing, data-upload, zoho-desk-sync and a failing stage: separate workflow runs, side by side',
    );
    done.push(...(await sideBySide(afterProcessing(options), dispatch, options.verbose, io.write)));
  }

  const failing = done.find((d) => d.dispatch.failsOnPurpose);
  const alerts = failing
    ? (slack?.messages().filter((m) => m.includes(`/runs/${failing.url.split('/runs/')[1]}`)) ?? [])
    : [];
  const s3 = services.get('s3')!;
  const objects = await listObjects(s3, names.bucket, `${names.tenant}/`).catch(() => []);
  const tables = database ? await databaseTables(database, ['demo_listings', 'zoho_tickets']) : [];
  const uploaded = tables.find((t) => t.table === 'demo_listings')?.rows ?? 0;
  const outcome = judge(objects, names.tenant, alerts.length, database ? uploaded : undefined);
  const expected = done.every(
    (d) =>
      d.run &&
      (d.dispatch.failsOnPurpose ? d.run.result === 'failure' : d.run.result === 'success'),
  );
  if (!expected && outcome.ok) {
    outcome.ok = false;
    outcome.missing.push(
      `every workflow run ending as expected: ${done
        .filter((d) => d.run?.result !== (d.dispatch.failsOnPurpose ? 'failure' : 'success'))
        .map((d) => `${d.dispatch.name} ${d.run?.result ?? 'not run'}`)
        .join(', ')}`,
    );
  }
  const result: DemoResult = {
    exitCode: outcome.ok && !io.aborted() ? 0 : 1,
    outcome,
    runs: done.map((d) => ({
      name: d.dispatch.name,
      workflow: d.dispatch.workflow,
      url: d.url,
      result: d.run?.result ?? 'not run',
      error: d.error,
    })),
    s3Directory: path.join(options.dir, 's3', names.bucket),
    bucket: names.bucket,
    tenant: names.tenant,
    steps: done.flatMap(stepRecords),
    slackMessages: alerts,
  };
  // As data-testing.yml shows it: the stage's own report, published with its results.
  const report = objects.find(
    (o) => o.key.startsWith(`${names.tenant}/test_results/`) && o.key.endsWith('/summary.md'),
  );
  if (report) result.testReport = await readObject(s3, names.bucket, report.key).catch(() => '');
  printReport(progress, result, objects, services, tables);
  return result;
}

/**
 * Runs dispatches at once; each one's lines are held back and printed whole, in order, as soon as
 * it and the ones before it are done, so the output reads like the sequential part.
 */
async function sideBySide(
  dispatches: Dispatch[],
  dispatch: (d: Dispatch, out: Progress) => Promise<DispatchedRun>,
  verbose: boolean,
  write: (text: string) => void,
): Promise<DispatchedRun[]> {
  const buffers = dispatches.map(() => [] as string[]);
  const running = dispatches.map((d, i) =>
    dispatch(d, new Progress((text) => buffers[i].push(text), verbose)),
  );
  const done: DispatchedRun[] = [];
  for (let i = 0; i < dispatches.length; i++) {
    done.push(await running[i]);
    write(buffers[i].join(''));
  }
  return done;
}
