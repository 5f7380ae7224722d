/**
 * Runs the demo's jobs through the local runner (LocalJob), one progress line per step, keeping each
 * step's summary for the end of the demo.
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
  status: 'ok' | 'failed' | 'skipped' | 'unavailable';
  /** The step's summary (Markdown), when it wrote one. */
  summary?: string;
  reason?: string;
}

export interface JobRunner {
  ctx: DemoContext;
  services: ServiceSet;
  progress: Progress;
  workspace: string;
  /** Environment every step gets (services, source credentials, GitHub variables). */
  env: () => Record<string, string>;
  records: StepRecord[];
  aborted: () => boolean;
  /** Outputs of steps outside the job (the shared setup steps). */
  outside: (stepId: string) => Record<string, string>;
}

export interface JobResult {
  job: LocalJob;
  /** Every step that should run did, and none failed. */
  ok: boolean;
  /** A step could not run: its action has not landed, or a service it needs is missing. */
  incomplete: boolean;
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

export async function runJob(runner: JobRunner, demoJob: DemoJob): Promise<JobResult> {
  const { progress, ctx } = runner;
  const label = `${demoJob.workflow} › ${demoJob.name}`;
  progress.heading(label);
  const job = new LocalJob({
    repoRoot,
    workspace: runner.workspace,
    env: runner.env(),
    onLine: (_id, line) => progress.log(line),
  });
  ctx.outputs = (id) => (job.results.has(id) ? job.outputs(id) : runner.outside(id));
  let incomplete = false;
  const record = (step: DemoStep, status: StepRecord['status'], extra: Partial<StepRecord> = {}) =>
    runner.records.push({ job: label, id: step.id, title: step.title, status, ...extra });

  try {
    for (const step of demoJob.steps) {
      if (runner.aborted()) break;
      if (step.if === 'failure' && !job.failed) continue;
      if (step.if !== 'failure' && (job.failed || incomplete)) {
        progress.step({ mark: 'skipped', id: step.id, text: step.title, note: 'skipped' });
        record(step, 'skipped', { reason: 'an earlier step did not run' });
        continue;
      }
      const condition = step.skip?.(ctx);
      if (condition) {
        progress.step({ mark: 'skipped', id: step.id, text: step.title, note: condition });
        record(step, 'skipped', { reason: condition });
        continue;
      }
      const why = blocker(runner, step);
      if (why) {
        incomplete = true;
        progress.step({ mark: 'unavailable', id: step.id, text: step.title, note: why });
        record(step, 'unavailable', { reason: why });
        continue;
      }
      const started = Date.now();
      const result = await job.step({
        id: step.id,
        action: step.action,
        inputs: step.inputs(ctx),
        env: step.env?.(ctx),
        always: step.if === 'failure',
      });
      const durationMs = Date.now() - started;
      if (!result) continue;
      const ok = result.exitCode === 0;
      const expected = !ok && demoJob.failsOnPurpose && step.if !== 'failure';
      progress.step({
        mark: ok ? 'ok' : expected ? 'expected-failure' : 'failed',
        id: step.id,
        text: step.title,
        durationMs,
        note: expected ? `failed on purpose, exit code ${result.exitCode}` : undefined,
      });
      if (!ok) progress.tail(result.log);
      record(step, ok ? 'ok' : 'failed', { summary: result.summary.trim() || undefined });
    }
  } finally {
    const started = Date.now();
    const failedPosts = await job.finish();
    if (job.results.size && failedPosts.length) {
      progress.step({
        mark: 'failed',
        id: 'post',
        text: `post steps (${failedPosts.join(', ')})`,
        durationMs: Date.now() - started,
      });
    }
  }
  return { job, ok: !job.failed && !incomplete, incomplete };
}
