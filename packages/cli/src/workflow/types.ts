/** What runWorkflow takes and returns: the engine's public shape (extend it, never break it). */
import type { Value } from './expressions';

export type { Value };

export type JobResult = 'success' | 'failure' | 'cancelled' | 'skipped';
export type StepOutcome = 'success' | 'failure' | 'cancelled' | 'skipped';

export interface WorkflowOptions {
  /** This checkout of cat-actions: its actions (committed bundles) and reusable workflows. */
  repoRoot: string;
  /** The workflow to run: a caller (workflow_dispatch/schedule/...) or a reusable workflow. */
  workflowFile: string;
  /**
   * The repository actions/checkout copies into each job's workspace. Default: the folder that
   * holds the workflow's `.github/workflows`.
   */
  callerRepo?: string;
  /** Only this job of the workflow (and the jobs it needs, which run first). */
  job?: string;
  /** `inputs` of the workflow (workflow_dispatch or workflow_call); declared defaults fill the rest. */
  inputs?: Record<string, Value>;
  /** `secrets`; their values are masked in every log the engine keeps or prints. */
  secrets?: Record<string, string>;
  /** `vars` (repository/organisation variables). */
  vars?: Record<string, string>;
  /**
   * The runner's environment, on top of this process's: AWS endpoints and credentials, GITHUB_*
   * values (GITHUB_REPOSITORY, GITHUB_RUN_ID, ...), PATH.
   */
  env?: Record<string, string>;
  /** Receives progress: jobs and steps as they start and end. */
  onEvent?: (event: WorkflowEvent) => void;
  /** Keep the job workspaces and runner folders (default: removed when the run ends). */
  keep?: boolean;
  /** Where the run's folder goes (default: the OS temp dir). */
  tempDir?: string;
  /** Cancels the run: running steps get SIGTERM, `always()`/`cancelled()` steps and post steps still run. */
  signal?: AbortSignal;
  /** At most this many jobs at once across the run (default: no limit beyond max-parallel). */
  maxParallelJobs?: number;
}

export interface StepRun {
  /** The step's `id:` ('' when it has none). */
  id: string;
  name: string;
  outcome: StepOutcome;
  /** The outcome after `continue-on-error`. */
  conclusion: StepOutcome;
  outputs: Record<string, string>;
  /** The log as the runner shows it: secrets and `::add-mask::` values replaced by ***. */
  log: string;
  /** What the step wrote to GITHUB_STEP_SUMMARY. */
  summary: string;
  durationMs: number;
}

export interface JobRun {
  /** The job's key under `jobs:`. */
  id: string;
  /** Its display name (`name:` rendered, with the matrix values when it has a matrix). */
  name: string;
  /** The workflow file this job is in, relative to repoRoot when inside it. */
  workflowFile: string;
  matrix?: Record<string, Value>;
  result: JobResult;
  outputs: Record<string, string>;
  steps: StepRun[];
  /** Ids (or names) of steps whose post step failed, e.g. a tunnel that did not close. */
  postFailures: string[];
  /** The job's workspace (removed after the run unless `keep`). */
  workspace?: string;
  /** It failed, but its `continue-on-error` lets the run (and the other matrix legs) go on. */
  continuedOnError?: boolean;
  /** Why the job failed before a step could run: a bad expression, matrix or input. */
  error?: string;
  /** For a job that calls a reusable workflow (`uses:`): that workflow's run. */
  called?: WorkflowRun;
  durationMs: number;
}

export interface WorkflowRun {
  workflowFile: string;
  result: 'success' | 'failure' | 'cancelled';
  /** Each job's runs: one, or one per matrix combination; a job that did not run has one, `skipped`. */
  jobs: Record<string, JobRun[]>;
  /** A reusable workflow's `on.workflow_call.outputs`, rendered from its jobs. */
  outputs: Record<string, string>;
  /** The run's folder with the workspaces (gone unless `keep`). */
  runDir: string;
}

export type WorkflowEvent =
  | { type: 'workflow-start'; workflowFile: string }
  | { type: 'workflow-end'; workflowFile: string; result: WorkflowRun['result'] }
  | { type: 'job-start'; job: string }
  | { type: 'job-end'; job: string; result: JobResult; durationMs: number }
  | { type: 'step-start'; job: string; step: string }
  | {
      type: 'step-end';
      job: string;
      step: string;
      outcome: StepOutcome;
      durationMs: number;
      log: string;
    }
  | { type: 'notice'; job?: string; message: string };
