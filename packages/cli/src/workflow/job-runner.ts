/**
 * One job (one matrix combination) from its YAML: each step's `if:` against how the job went so
 * far, `env:` at workflow, job and step level, `${{ }}` in what a step is given, what earlier
 * steps exported (GITHUB_ENV, GITHUB_PATH, outputs), and the post steps last, in reverse, even
 * after a failure or a cancel.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { LogMasker } from '../file-commands';
import {
  condition,
  render,
  renderStrings,
  renderTextOr,
  type Contexts,
  type RunStatus,
  type Value,
} from './expressions';
import {
  githubContext,
  processEnv,
  runnerContext,
  stepsContext,
  type RunSettings,
} from './contexts';
import { dispatchStep, stepLabel } from './step-dispatch';
import type { StepEnvironment, StepRunResult } from './step-runners';
import type { StepOutput } from './step-process';
import type { JobRun, StepRun, WorkflowEvent } from './types';
import type { WorkflowFile, Yaml } from './workflow-file';

export interface JobRequest {
  repoRoot: string;
  workflow: WorkflowFile;
  jobId: string;
  job: Yaml;
  /** How progress names the job, e.g. `data-processing / 1a data fetch`. */
  label: string;
  settings: RunSettings;
  /** inputs, needs, matrix, strategy (vars and secrets come from settings). */
  contexts: Contexts;
  /** A fresh folder for the job: workspace and runner files. */
  jobDir: string;
  /** Aborted when the job is cancelled (fail-fast of a matrix). */
  signal: AbortSignal;
  emit: (event: WorkflowEvent) => void;
}

/** This machine is Linux: a job asking for Windows or macOS runs here anyway, with a notice. */
function runsOnNotice(job: Yaml, contexts: Contexts): string | undefined {
  const labels = JSON.stringify(
    job['runs-on'] === undefined ? [] : renderTextOr(job['runs-on'], contexts, ''),
  );
  const other = /windows|macos/i.exec(labels);
  return other ? `runs-on asks for ${other[0]}; the job runs on this Linux machine` : undefined;
}

export async function runJob(request: JobRequest): Promise<JobRun> {
  const started = Date.now();
  const { job, settings, workflow } = request;
  const workspace = path.join(request.jobDir, 'workspace');
  const temp = path.join(request.jobDir, 'temp');
  mkdirSync(workspace, { recursive: true });
  mkdirSync(temp, { recursive: true });
  const masker = new LogMasker(Object.values(settings.secrets));
  // The job's own cancel: the run's or the matrix's (request.signal), or its timeout-minutes.
  const cancel = new AbortController();
  const signal = cancel.signal;
  const status: RunStatus = { failed: false, cancelled: request.signal.aborted, workspace };
  const onCancel = () => {
    status.cancelled = true;
    cancel.abort();
  };
  if (request.signal.aborted) cancel.abort();
  request.signal.addEventListener('abort', onCancel, { once: true });
  const steps: StepRun[] = [];
  const exported: Record<string, string> = {};
  const addedPath: string[] = [];
  const posts: { name: string; run: () => Promise<StepOutput> }[] = [];
  const github = githubContext(settings, {
    job: request.jobId,
    workspace,
    inputs: request.contexts.inputs as Record<string, Value>,
  });
  const base: Contexts = {
    ...request.contexts,
    github,
    vars: settings.vars,
    secrets: settings.secrets,
    runner: runnerContext(temp),
    env: {},
  };
  const contexts = (env: Record<string, string>): Contexts => ({
    ...base,
    env,
    job: { status: status.cancelled ? 'cancelled' : status.failed ? 'failure' : 'success' },
    steps: stepsContext(steps),
  });
  const where = (step: string) => `${workflow.label}:${request.jobId}.${step}`;
  const workflowEnv = renderStrings(workflow.doc.env, contexts({}), status);
  const jobEnv = { ...workflowEnv, ...renderStrings(job.env, contexts(workflowEnv), status) };
  const defaults = { ...workflow.doc.defaults?.run, ...job.defaults?.run };
  const otherOs = runsOnNotice(job, contexts(jobEnv));
  if (otherOs) request.emit({ type: 'notice', job: request.label, message: otherOs });
  const minutes = Number(renderTextOr(job['timeout-minutes'] ?? '', contexts(jobEnv), ''));
  const timer =
    minutes > 0
      ? setTimeout(() => {
          request.emit({
            type: 'notice',
            job: request.label,
            message: `the job ran longer than its timeout-minutes (${minutes}); cancelling it`,
          });
          onCancel();
        }, minutes * 60_000)
      : undefined;

  for (const [index, step] of ((job.steps ?? []) as Yaml[]).entries()) {
    const name = stepLabel(step, index, contexts({ ...jobEnv, ...exported }));
    const record: StepRun = {
      id: step.id ?? '',
      name,
      outcome: 'skipped',
      conclusion: 'skipped',
      outputs: {},
      log: '',
      summary: '',
      durationMs: 0,
    };
    steps.push(record);
    const stepStarted = Date.now();
    let result: StepRunResult;
    try {
      const env = { ...jobEnv, ...exported };
      if (!condition(step.if, contexts(env), status)) {
        request.emit({
          type: 'step-end',
          job: request.label,
          step: name,
          outcome: 'skipped',
          durationMs: 0,
          log: '',
        });
        continue;
      }
      request.emit({ type: 'step-start', job: request.label, step: name });
      const stepEnv = { ...env, ...renderStrings(step.env, contexts(env), status) };
      const stepContexts = contexts(stepEnv);
      const timeout =
        step['timeout-minutes'] === undefined
          ? undefined
          : Number(render(step['timeout-minutes'], stepContexts, status));
      const environment: StepEnvironment = {
        repoRoot: request.repoRoot,
        workspace,
        env: processEnv(settings, github, temp, stepEnv, addedPath),
        filesDir: path.join(request.jobDir, 'steps', String(index)),
        masker,
        signal,
        timeoutMs: timeout && timeout > 0 ? timeout * 60_000 : undefined,
      };
      result = await dispatchStep(step, stepContexts, status, environment, {
        repoRoot: request.repoRoot,
        workflow,
        callerRepo: settings.callerRepo,
        repository: String(github.repository),
        where: where(name),
        defaults,
      });
    } catch (error) {
      const message = `##[error]${(error as Error).message}`;
      result = {
        exitCode: 1,
        log: masker.mask(message),
        outputs: {},
        exportedEnv: {},
        summary: '',
        addedPath: [],
      };
    }
    const failed = result.exitCode !== 0;
    const continueOnError =
      failed &&
      renderTextOr(step['continue-on-error'] ?? false, contexts({ ...jobEnv, ...exported }), '') ===
        'true';
    Object.assign(record, {
      outcome: failed ? (status.cancelled ? 'cancelled' : 'failure') : 'success',
      conclusion:
        failed && !continueOnError ? (status.cancelled ? 'cancelled' : 'failure') : 'success',
      outputs: result.outputs,
      log: result.log,
      summary: result.summary,
      durationMs: Date.now() - stepStarted,
    });
    Object.assign(exported, result.exportedEnv);
    addedPath.unshift(...[...result.addedPath].reverse());
    if (result.post) posts.push({ name: record.id || name, run: result.post });
    if (failed && !continueOnError) status.failed = true;
    request.emit({
      type: 'step-end',
      job: request.label,
      step: name,
      outcome: record.outcome,
      durationMs: record.durationMs,
      log: record.log,
    });
  }

  if (timer) clearTimeout(timer);
  request.signal.removeEventListener('abort', onCancel);
  const postFailures: string[] = [];
  for (const post of posts.reverse()) {
    request.emit({ type: 'step-start', job: request.label, step: `Post ${post.name}` });
    const postStarted = Date.now();
    const result = await post
      .run()
      .catch((error: Error) => ({ exitCode: 1, log: `##[error]${error.message}` }) as StepOutput);
    if (result.exitCode !== 0) postFailures.push(post.name);
    const outcome = result.exitCode === 0 ? 'success' : 'failure';
    request.emit({
      type: 'step-end',
      job: request.label,
      step: `Post ${post.name}`,
      outcome,
      durationMs: Date.now() - postStarted,
      log: result.log,
    });
  }
  if (postFailures.length) status.failed = true;
  let outputs: Record<string, string> = {};
  try {
    outputs = renderStrings(job.outputs, contexts({ ...jobEnv, ...exported }), status);
  } catch (error) {
    request.emit({
      type: 'notice',
      job: request.label,
      message: `job outputs: ${(error as Error).message}`,
    });
    status.failed = true;
  }
  return {
    id: request.jobId,
    name: request.label,
    workflowFile: workflow.label,
    matrix: request.contexts.matrix as Record<string, Value> | undefined,
    result: status.cancelled ? 'cancelled' : status.failed ? 'failure' : 'success',
    outputs,
    steps,
    postFailures,
    workspace,
    durationMs: Date.now() - started,
  };
}
