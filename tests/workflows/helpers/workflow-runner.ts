/**
 * The workflow tests run the YAML through the engine `npx cat-actions workflow` ships
 * (packages/cli runWorkflow), on a checkout of examples/tenant by default. This only adds what
 * the assertions read: `step(name)` on a job and the failed steps' log tails.
 */
import path from 'node:path';
import {
  runWorkflow as runEngine,
  type JobRun,
  type StepRun,
  type Value,
  type WorkflowRun,
} from '@cat-actions/cli';
import { repoRoot } from '../../support/action-runner';

export interface TestJobRun extends JobRun {
  called?: WorkflowRun & { jobs: Record<string, TestJobRun[]> };
  /** The step with this id or name; throws when there is none. */
  step(idOrName: string): StepRun;
}

export interface WorkflowRequest {
  /** e.g. `.github/workflows/data-processing.yml` (relative to the repository). */
  workflow: string;
  inputs?: Record<string, Value>;
  secrets?: Record<string, string>;
  vars?: Record<string, string>;
  /** The runner's environment: GITHUB_*, endpoints, source credentials. */
  env: Record<string, string>;
  /** Only this job (and what it needs). */
  job?: string;
  /** The repository actions/checkout copies (default: examples/tenant). */
  checkoutFrom?: string;
  /** At most this many jobs at once (default: as GitHub, independent jobs and matrix legs together). */
  maxParallelJobs?: number;
}

const withStepLookup = (job: JobRun): TestJobRun => ({
  ...job,
  called: job.called && withLookups(job.called),
  step(idOrName: string) {
    const found = job.steps.find((s) => s.id === idOrName || s.name === idOrName);
    if (!found)
      throw new Error(
        `${job.name} has no step ${idOrName}: ${job.steps.map((s) => s.id || s.name)}`,
      );
    return found;
  },
});

export async function runWorkflow(request: WorkflowRequest) {
  const run = await runEngine({
    repoRoot,
    workflowFile: path.join(repoRoot, request.workflow),
    callerRepo: request.checkoutFrom ?? path.join(repoRoot, 'examples', 'tenant'),
    inputs: request.inputs,
    secrets: request.secrets,
    vars: request.vars,
    env: request.env,
    job: request.job,
    maxParallelJobs: request.maxParallelJobs,
  });
  return withLookups(run);
}

function withLookups(run: WorkflowRun) {
  const jobs = Object.fromEntries(
    Object.entries(run.jobs).map(([id, legs]) => [id, legs.map(withStepLookup)]),
  );
  return { ...run, jobs };
}

/** The failed steps of a job with the end of their log, for an assertion message that explains. */
export const failedSteps = (run: JobRun) =>
  run.steps
    .filter((s) => s.outcome === 'failure')
    .map((s) => `${s.name}:\n${s.log.split('\n').slice(-15).join('\n')}`);
