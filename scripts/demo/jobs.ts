/**
 * Runs the demo's jobs through the local runner (LocalJob), one progress line per step, keeping each
 * step's summary for the end of the demo. Jobs of separate workflow runs may run side by side: each
 * has its own context, workspace and run id.
 */
import { LocalJob } from '../../packages/cli/src/local-job';
import type { DemoContext, DemoJob, DemoStep } from './pipeline';
import type { Progress } from './progress';
import { actionAvailable, repoRoot } from './repo';
import type { ServiceSet } from './services';

export interface StepRecord {
  job: string;
  id: string;
  title: string;
  action: string;
  status: 'ok' | 'failed' | 'skipped' | 'unavailable';
  /** The step's summary (Markdown or HTML), when it wrote one. */
  summary?: string;
  reason?: string;
}

export interface WorkflowRun {
  /** The checkout of examples/tenant the run's jobs work in. */
  workspace: string;
  /** GITHUB_RUN_ID, GITHUB_WORKFLOW, ... of the run. */
  env: Record<string, string>;
  url: string;
}

export interface JobRunner {
  /** What every job starts from; each job works on its own copy. */
  ctx: DemoContext;
  services: ServiceSet;
  /** Environment every step gets (services, source credentials, what the setup exported). */
  env: () => Record<string, string>;
  run: (job: DemoJob) => WorkflowRun;
  records: StepRecord[];
  aborted: () => boolean;
  /** After an interruption: resolves once the interrupted step's processes are gone. */
  settled: () => Promise<void>;
  /** Outputs of steps outside the job (the shared setup steps). */
  outside: (stepId: string) => Record<string, string>;
}

export interface JobResult {
  job: LocalJob;
  /** Every step that should run did, and none failed. */
  ok: boolean;
}

/** Why a step cannot run here, or undefined when it can. */
function blocker(runner: JobRunner, step: DemoStep): string | undefined {
  if (!actionAvailable(step.action)) {
    return `not available yet: the ${step.action} action has not landed`;
  }
  for (const name of step.services ?? []) {
    if (runner.services.get(name)) continue;
    const gone = runner.services.unavailable.find((u) => u.name === name);
    return `needs ${name}: ${gone?.reason ?? 'not started'}`;
  }
  return undefined;
}

export async function runJob(
  runner: JobRunner,
  demoJob: DemoJob,
  progress: Progress,
): Promise<JobResult> {
  const label = `${demoJob.workflow} › ${demoJob.name}`;
  progress.heading(label);
  const run = runner.run(demoJob);
  const job = new LocalJob({
    repoRoot,
    workspace: run.workspace,
    env: { ...runner.env(), ...run.env, GITHUB_JOB: demoJob.jobId ?? demoJob.name },
    onLine: (_id, line) => progress.log(line),
  });
  const ctx: DemoContext = {
    ...runner.ctx,
    runUrl: run.url,
    outputs: (id) => (job.results.has(id) ? job.outputs(id) : runner.outside(id)),
  };
  let incomplete = false;
  const record = (step: DemoStep, status: StepRecord['status'], extra: Partial<StepRecord> = {}) =>
    runner.records.push({
      job: label,
      id: step.id,
      title: step.title,
      action: step.action,
      status,
      ...extra,
    });
  const line = (step: DemoStep, mark: 'skipped' | 'unavailable', note: string) => {
    progress.step({ mark, id: step.id, text: step.title, note });
    record(step, mark, { reason: note });
  };

  try {
    for (const step of demoJob.steps) {
      if (runner.aborted()) break;
      if (step.if === 'failure' && !job.failed) continue;
      if (step.if !== 'failure' && (job.failed || incomplete)) {
        line(step, 'skipped', 'skipped: an earlier step did not run');
        continue;
      }
      const condition = step.skip?.(ctx);
      if (condition) {
        line(step, 'skipped', condition);
        continue;
      }
      const why = blocker(runner, step);
      if (why) {
        incomplete = true;
        line(step, 'unavailable', why);
        continue;
      }
      progress.starting(step.title);
      const started = Date.now();
      const result = await job.step({
        id: step.id,
        action: step.action,
        inputs: step.inputs(ctx),
        env: step.env?.(ctx),
        always: step.if === 'failure',
      });
      if (!result) continue;
      if (runner.aborted()) {
        line(step, 'skipped', 'interrupted');
        break;
      }
      const ok = result.exitCode === 0;
      const onPurpose = !ok && demoJob.failsOnPurpose && step.if !== 'failure';
      progress.step({
        mark: ok ? 'ok' : onPurpose ? 'expected-failure' : 'failed',
        id: step.id,
        text: step.title,
        durationMs: Date.now() - started,
        note: onPurpose
          ? `fails on purpose: exit code ${result.outputs['exit-code'] || result.exitCode}`
          : undefined,
      });
      if (ok) progress.warnings(result.log);
      else progress.tail(result.log);
      record(step, ok ? 'ok' : 'failed', { summary: result.summary.trim() || undefined });
    }
  } finally {
    // Post steps (the tunnel's cleanup) run also after Ctrl-C, once the interrupted step is gone.
    if (runner.aborted()) await runner.settled();
    const started = Date.now();
    const failedPosts = await job.finish();
    if (failedPosts.length) {
      progress.step({
        mark: 'failed',
        id: 'post',
        text: `post step of ${failedPosts.join(', ')}`,
        durationMs: Date.now() - started,
      });
    }
  }
  return { job, ok: !job.failed && !incomplete };
}
