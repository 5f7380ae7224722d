/**
 * runWorkflow: a workflow file run job by job on this machine, as the GitHub runner would run it.
 * Jobs start in `needs` order (independent ones side by side), each job's `if:` is checked
 * against its needs, a matrix runs its combinations at most `max-parallel` at a time and, with
 * fail-fast, cancels the rest after a failure; a job that `uses:` a reusable workflow runs that
 * workflow's jobs with the inputs and secrets it passes.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  githubContext,
  jobResultOf,
  mergedOutputs,
  needsContext,
  type RunSettings,
} from './contexts';
import { condition, render, renderTextOr, toText, type Contexts, type Value } from './expressions';
import { jobsToRun, needsOf, runInNeedsOrder } from './job-graph';
import { runJob } from './job-runner';
import { combinationLabel, strategyOf, type Combination, type Strategy } from './matrix';
import { InvalidWorkflowError } from './schema';
import { Slots } from './slots';
import { checkSupported } from './supported';
import { failedBeforeSteps, finished } from './job-results';
import type { JobRun, WorkflowEvent, WorkflowOptions, WorkflowRun } from './types';
import { resolveInputs } from './workflow-inputs';
import { prepareCall, type WorkflowCall } from './workflow-call';
import { loadWorkflow, UnsupportedError, type WorkflowFile, type Yaml } from './workflow-file';

/** The workflow uses constructs the engine does not run; `problems` names each and where. */
export class UnsupportedWorkflowError extends Error {
  constructor(readonly problems: UnsupportedError[]) {
    super(problems.map((p) => p.message).join('\n'));
  }
}

interface Run {
  repoRoot: string;
  runDir: string;
  emit: (event: WorkflowEvent) => void;
  jobSlots: Slots;
  signal: AbortSignal;
  folders: number;
}

export async function runWorkflow(options: WorkflowOptions): Promise<WorkflowRun> {
  const repoRoot = path.resolve(options.repoRoot);
  const workflow = loadWorkflow(options.workflowFile, repoRoot);
  const emit = options.onEvent ?? (() => undefined);
  const check = checkSupported(workflow, repoRoot);
  if (check.invalid.length) throw new InvalidWorkflowError(check.invalid);
  if (check.problems.length) throw new UnsupportedWorkflowError(check.problems);
  for (const message of check.notices) emit({ type: 'notice', message });
  const inputs = resolveInputs(workflow, options.inputs ?? {});
  const settings: RunSettings = {
    env: options.env ?? {},
    secrets: options.secrets ?? {},
    vars: options.vars ?? {},
    callerRepo: path.resolve(options.callerRepo ?? workflow.repo),
  };
  const tempDir = options.tempDir ?? os.tmpdir();
  mkdirSync(tempDir, { recursive: true });
  const runDir = mkdtempSync(path.join(tempDir, 'cat-workflow-'));
  const run: Run = {
    repoRoot,
    runDir,
    emit,
    jobSlots: new Slots(options.maxParallelJobs ?? Infinity),
    signal: options.signal ?? new AbortController().signal,
    folders: 0,
  };
  try {
    return await runWorkflowFile(workflow, inputs, settings, run, '', options.job);
  } finally {
    if (!options.keep) rmSync(runDir, { recursive: true, force: true });
  }
}

async function runWorkflowFile(
  workflow: WorkflowFile,
  inputs: Record<string, Value>,
  settings: RunSettings,
  run: Run,
  labelPrefix: string,
  only?: string,
): Promise<WorkflowRun> {
  run.emit({ type: 'workflow-start', workflowFile: workflow.label });
  const jobs: Record<string, Yaml> = workflow.doc.jobs;
  const order = jobsToRun(jobs, workflow.label, only);
  const runs: Record<string, JobRun[]> = Object.fromEntries(order.map((id) => [id, []]));
  await runInNeedsOrder(jobs, order, async (id) => {
    runs[id] = await runJobLegs(workflow, id, jobs[id], inputs, settings, run, runs, labelPrefix);
  });
  const results = Object.values(runs).map((legs) =>
    jobResultOf(legs.filter((leg) => !leg.continuedOnError)),
  );
  const result = results.includes('failure')
    ? 'failure'
    : results.includes('cancelled')
      ? 'cancelled'
      : 'success';
  const declared: Yaml = workflow.doc.on?.workflow_call?.outputs ?? {};
  const jobsContext = Object.fromEntries(
    Object.entries(runs).map(([id, legs]) => [
      id,
      { result: jobResultOf(legs), outputs: mergedOutputs(legs) },
    ]),
  );
  const contexts: Contexts = {
    github: githubContext(settings, { inputs }),
    inputs,
    vars: settings.vars,
    jobs: jobsContext,
  };
  const outputs = Object.fromEntries(
    Object.entries(declared).map(([name, spec]) => [
      name,
      toText(render(spec?.value ?? '', contexts)),
    ]),
  );
  run.emit({ type: 'workflow-end', workflowFile: workflow.label, result });
  return { workflowFile: workflow.label, result, jobs: runs, outputs, runDir: run.runDir };
}

function folderFor(run: Run, label: string): string {
  const dir = path.join(
    run.runDir,
    `${++run.folders}-${label.replace(/[^\w.-]+/g, '_').slice(0, 60)}`,
  );
  mkdirSync(dir, { recursive: true });
  return dir;
}

async function runJobLegs(
  workflow: WorkflowFile,
  id: string,
  job: Yaml,
  inputs: Record<string, Value>,
  settings: RunSettings,
  run: Run,
  runs: Record<string, JobRun[]>,
  labelPrefix: string,
): Promise<JobRun[]> {
  const needs = needsContext(needsOf(job), runs);
  const needResults = Object.values(needs).map((n) => (n as { result: string }).result);
  const base: Contexts = {
    github: githubContext(settings, { job: id, inputs }),
    inputs,
    needs,
    vars: settings.vars,
  };
  const status = {
    failed: needResults.some((r) => r === 'failure'),
    cancelled: run.signal.aborted || needResults.includes('cancelled'),
    blocked: needResults.includes('skipped'),
  };
  const plainName = `${labelPrefix}${typeof job.name === 'string' && !job.name.includes('${{') ? job.name : id}`;
  let strategy: Strategy;
  try {
    if (!condition(job.if, base, status)) {
      run.emit({ type: 'job-end', job: plainName, result: 'skipped', durationMs: 0 });
      return [finished(id, plainName, workflow, 'skipped')];
    }
    strategy = strategyOf(render(job.strategy ?? null, base) as Record<string, Value> | undefined);
  } catch (error) {
    run.emit({ type: 'job-end', job: plainName, result: 'failure', durationMs: 0 });
    return [failedBeforeSteps(run.emit, id, plainName, workflow, error as Error)];
  }
  const legSlots = new Slots(strategy.maxParallel);
  const failFast = new AbortController();
  const cancel = () => failFast.abort();
  run.signal.addEventListener('abort', cancel, { once: true });
  const strategyContext = (index: number): Value => ({
    'fail-fast': strategy.failFast,
    'job-index': index,
    'job-total': strategy.combinations.length,
    'max-parallel': Number.isFinite(strategy.maxParallel)
      ? strategy.maxParallel
      : strategy.combinations.length,
  });
  const legs = strategy.combinations.map((matrix, index) =>
    legSlots.run(async (): Promise<JobRun> => {
      const contexts: Contexts = { ...base, matrix, strategy: strategyContext(index) };
      const named =
        job.name === undefined ? id : renderTextOr(job.name, contexts, String(job.name));
      const suffix =
        strategy.isMatrix && !String(job.name ?? '').includes('matrix.')
          ? ` ${combinationLabel(matrix)}`
          : '';
      const label = `${labelPrefix}${named}${suffix}`;
      const leg = strategy.isMatrix ? matrix : undefined;
      if (failFast.signal.aborted) {
        run.emit({ type: 'job-end', job: label, result: 'cancelled', durationMs: 0 });
        return finished(id, label, workflow, 'cancelled', leg);
      }
      run.emit({ type: 'job-start', job: label });
      const started = Date.now();
      let result: JobRun;
      try {
        result =
          typeof job.uses === 'string'
            ? await runCalledWorkflow(workflow, id, job, contexts, settings, run, label, leg)
            : await run.jobSlots.run(() =>
                runJob({
                  repoRoot: run.repoRoot,
                  workflow,
                  jobId: id,
                  job,
                  label,
                  settings,
                  contexts,
                  jobDir: folderFor(run, label),
                  signal: failFast.signal,
                  emit: run.emit,
                }),
              );
      } catch (error) {
        result = failedBeforeSteps(run.emit, id, label, workflow, error as Error, leg);
      }
      result.matrix = leg;
      // continue-on-error: a failed leg neither cancels the others nor fails the run.
      result.continuedOnError =
        result.result === 'failure' &&
        ['true', 'True'].includes(renderTextOr(job['continue-on-error'] ?? false, contexts, ''));
      if (result.result === 'failure' && !result.continuedOnError && strategy.failFast) {
        failFast.abort();
      }
      run.emit({
        type: 'job-end',
        job: label,
        result: result.result,
        durationMs: Date.now() - started,
      });
      return result;
    }),
  );
  try {
    return await Promise.all(legs);
  } finally {
    run.signal.removeEventListener('abort', cancel);
  }
}

/** A job with `uses:`: the called workflow with the inputs (`with:`) and secrets it passes. */
async function runCalledWorkflow(
  caller: WorkflowFile,
  id: string,
  job: Yaml,
  contexts: Contexts,
  settings: RunSettings,
  run: Run,
  label: string,
  matrix?: Combination,
): Promise<JobRun> {
  const started = Date.now();
  let call: WorkflowCall;
  try {
    call = prepareCall(caller, id, job, contexts, settings, run.repoRoot);
  } catch (error) {
    return failedBeforeSteps(run.emit, id, label, caller, error as Error, matrix);
  }
  const calledRun = await runWorkflowFile(
    call.called,
    call.inputs,
    { ...settings, secrets: call.secrets },
    run,
    `${label} / `,
  );
  return {
    ...finished(id, label, caller, calledRun.result, matrix),
    outputs: calledRun.outputs,
    called: calledRun,
    durationMs: Date.now() - started,
  };
}
