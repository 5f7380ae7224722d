/**
 * Runs one job of a workflow file here, from its YAML: `if:` conditions, `${{ }}` in `with:`,
 * `env:` and job outputs, `run:` steps with bash as the runner does, this repository's actions
 * through the local runner (the committed bundles), job outputs and workflow_call outputs.
 * actions/checkout copies the example tenant into the job's own workspace; setup-python is not
 * supported (run with python-version '' so the workflow skips it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalJob } from '../../../packages/cli/src/local-job';
import { repoRoot } from '../../support/action-runner';
import { actionNameOf, jobsOf, loadWorkflow, stepsOf, type Yaml } from '../../support/workflows';
import { scratchDir } from './example-tenant';
import { condition, evaluate, interpolate, type Contexts, type Value } from './expression-eval';

export interface StepRecord {
  id: string;
  name: string;
  outcome: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  log: string;
  summary: string;
}

export interface JobRun {
  result: 'success' | 'failure';
  /** Ids of the steps whose post step (e.g. the tunnel's cleanup) failed. */
  postFailures: string[];
  outputs: Record<string, string>;
  steps: StepRecord[];
  step(id: string): StepRecord;
  workspace: string;
}

export interface JobRequest {
  /** e.g. `.github/workflows/data-processing.yml` */
  workflow: string;
  job: string;
  inputs?: Record<string, Value>;
  secrets?: Record<string, string>;
  needs?: Record<string, { outputs: Record<string, string>; result: string }>;
  matrix?: Record<string, Value>;
  /** The runner's environment: GITHUB_*, endpoints, source credentials. */
  env: Record<string, string>;
  /** The repository the checkout step copies (default: examples/tenant). */
  checkoutFrom?: string;
}

/** workflow_call inputs with their defaults, as the called workflow sees them. */
export function callInputs(workflow: string, given: Record<string, Value>): Record<string, Value> {
  const declared: Yaml = loadWorkflow(workflow).doc.on.workflow_call.inputs ?? {};
  return Object.fromEntries(
    Object.entries(declared).map(([name, spec]) => [
      name,
      name in given ? given[name] : (spec.default ?? null),
    ]),
  );
}

function runScript(script: string, env: Record<string, string>, cwd: string) {
  const dir = scratchDir('cat-run-step-');
  const files = {
    GITHUB_OUTPUT: path.join(dir, 'output'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'summary'),
  };
  for (const file of Object.values(files)) writeFileSync(file, '');
  writeFileSync(path.join(dir, 'step.sh'), script);
  const result = spawnSync(
    'bash',
    ['--noprofile', '--norc', '-eo', 'pipefail', path.join(dir, 'step.sh')],
    {
      cwd,
      env: { ...env, ...files },
      encoding: 'utf8',
    },
  );
  const outputs = Object.fromEntries(
    readFileSync(files.GITHUB_OUTPUT, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return {
    ok: result.status === 0,
    outputs,
    log: `${result.stdout}${result.stderr}`,
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
  };
}

const render = (value: unknown, contexts: Contexts, status: { failed: boolean }) =>
  typeof value === 'string' ? interpolate(value, contexts, status) : String(value);

const renderMap = (map: Yaml | undefined, contexts: Contexts, status: { failed: boolean }) =>
  Object.fromEntries(Object.entries(map ?? {}).map(([k, v]) => [k, render(v, contexts, status)]));

export async function runJob(request: JobRequest): Promise<JobRun> {
  const doc = loadWorkflow(request.workflow).doc;
  const job = Object.fromEntries(jobsOf(doc))[request.job];
  if (!job) throw new Error(`${request.workflow} has no job ${request.job}`);
  const workspace = scratchDir('cat-job-');
  const runId = request.env.GITHUB_RUN_ID ?? '1';
  const local = new LocalJob({
    repoRoot,
    workspace,
    env: { ...request.env, GITHUB_WORKSPACE: workspace, GITHUB_JOB: request.job },
  });
  const steps: StepRecord[] = [];
  const status = { failed: false };
  const contexts = (): Contexts => ({
    inputs: request.inputs ?? {},
    secrets: request.secrets ?? {},
    matrix: request.matrix ?? {},
    needs: request.needs ?? {},
    env: local.env,
    github: {
      run_id: runId,
      run_attempt: request.env.GITHUB_RUN_ATTEMPT ?? '1',
      repository: request.env.GITHUB_REPOSITORY ?? 'acme/tenant',
      server_url: request.env.GITHUB_SERVER_URL ?? 'https://github.com',
      workspace,
      job: request.job,
    },
    job: { status: status.failed ? 'failure' : 'success' },
    runner: { os: 'Linux', temp: os.tmpdir() },
    steps: Object.fromEntries(
      steps
        .filter((s) => s.id)
        .map((s) => [s.id, { outputs: s.outputs, outcome: s.outcome, conclusion: s.outcome }]),
    ),
  });

  for (const [index, step] of stepsOf(job).entries()) {
    const id = step.id ?? '';
    const name = step.name ?? step.uses ?? `step ${index}`;
    const record: StepRecord = { id, name, outcome: 'skipped', outputs: {}, log: '', summary: '' };
    steps.push(record);
    if (!condition(step.if, contexts(), status)) continue;
    const env = renderMap(step.env, contexts(), status);
    const action = actionNameOf(step.uses);
    if (typeof step.run === 'string') {
      const run = runScript(step.run, { ...local.env, ...env }, workspace);
      Object.assign(record, {
        outcome: run.ok ? 'success' : 'failure',
        outputs: run.outputs,
        log: run.log,
        summary: run.summary,
      });
    } else if (action) {
      const result = await local.step({
        id: id || `step-${index}`,
        action,
        inputs: renderMap(step.with, contexts(), status),
        env,
        always: true,
      });
      Object.assign(record, {
        outcome: result?.exitCode === 0 ? 'success' : 'failure',
        outputs: result?.outputs ?? {},
        log: result?.log ?? '',
        summary: result?.summary ?? '',
      });
    } else if (String(step.uses).startsWith('actions/checkout@')) {
      cpSync(request.checkoutFrom ?? path.join(repoRoot, 'examples', 'tenant'), workspace, {
        recursive: true,
        verbatimSymlinks: true,
      });
      record.outcome = 'success';
    } else {
      throw new Error(
        `${request.workflow} jobs.${request.job}: the runner cannot run ${String(step.uses)}`,
      );
    }
    if (record.outcome === 'failure') status.failed = true;
  }
  const postFailures = await local.finish();
  const outputs = renderMap(job.outputs, contexts(), status);
  return {
    result: status.failed ? 'failure' : 'success',
    postFailures,
    outputs,
    steps,
    workspace,
    step(id: string) {
      const found = steps.find((s) => s.id === id || s.name === id);
      if (!found) throw new Error(`no step ${id}`);
      return found;
    },
  };
}

/** A reusable workflow's outputs from its jobs' outputs. */
export function workflowOutputs(
  workflow: string,
  jobs: Record<string, { outputs: Record<string, string> }>,
) {
  const declared: Yaml = loadWorkflow(workflow).doc.on.workflow_call.outputs ?? {};
  return Object.fromEntries(
    Object.entries(declared).map(([name, spec]) => [
      name,
      interpolate(String(spec.value), { jobs }),
    ]),
  );
}

/** The combinations of a job's strategy.matrix (`${{ fromJSON(inputs.x) }}` evaluated). */
function matrixOf(job: Yaml, inputs: Record<string, Value>): Record<string, Value>[] {
  const matrix: Yaml = job.strategy?.matrix ?? {};
  let combinations: Record<string, Value>[] = [{}];
  for (const [key, raw] of Object.entries(matrix)) {
    const whole = typeof raw === 'string' ? /^\$\{\{([\s\S]*)\}\}$/.exec(raw.trim()) : null;
    const values = (whole ? evaluate(whole[1], { inputs }) : raw) as Value[];
    combinations = combinations.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
  }
  return combinations;
}

export interface WorkflowRun {
  /** Each job's runs: one, or one per matrix combination. */
  jobs: Record<string, JobRun[]>;
  outputs: Record<string, string>;
}

/**
 * A whole reusable workflow: jobs in `needs` order (one after the other), each with the outputs
 * of the jobs it needs, matrix jobs once per combination; a job whose needs failed does not run.
 */
export async function runWorkflow(
  request: Omit<JobRequest, 'job' | 'needs' | 'matrix'> & { inputs: Record<string, Value> },
): Promise<WorkflowRun> {
  const inputs = callInputs(request.workflow, request.inputs);
  const pending = new Map(jobsOf(loadWorkflow(request.workflow).doc));
  const jobs: Record<string, JobRun[]> = {};
  while (pending.size) {
    const ready = [...pending].find(([, job]) =>
      [job.needs ?? []].flat().every((n: string) => n in jobs),
    );
    if (!ready)
      throw new Error(`${request.workflow}: jobs wait on each other: ${[...pending.keys()]}`);
    const [id, job] = ready;
    pending.delete(id);
    const needed: string[] = [job.needs ?? []].flat();
    const needs = Object.fromEntries(
      needed.map((n) => [
        n,
        { outputs: jobs[n][0]?.outputs ?? {}, result: jobs[n][0]?.result ?? 'skipped' },
      ]),
    );
    if (needed.some((n) => needs[n].result !== 'success')) {
      jobs[id] = [];
      continue;
    }
    jobs[id] = [];
    for (const matrix of matrixOf(job, inputs)) {
      jobs[id].push(await runJob({ ...request, inputs, job: id, needs, matrix }));
    }
  }
  const lastRuns = Object.fromEntries(
    Object.entries(jobs).map(([id, runs]) => [id, { outputs: runs[0]?.outputs ?? {} }]),
  );
  return { jobs, outputs: workflowOutputs(request.workflow, lastRuns) };
}

/** The failed steps of a job with the end of their log, for an assertion message that explains. */
export const failedSteps = (run: JobRun) =>
  run.steps
    .filter((s) => s.outcome === 'failure')
    .map((s) => `${s.name}:\n${s.log.split('\n').slice(-15).join('\n')}`);
