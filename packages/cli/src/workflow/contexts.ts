/**
 * The contexts a workflow's expressions read (github, runner, strategy, needs, steps, job), built
 * from the run's settings the way the runner fills them.
 */
import os from 'node:os';
import path from 'node:path';
import type { Contexts, Value } from './expressions';
import type { JobRun, StepRun } from './types';

/** What stays the same for a whole run (a called workflow shares its caller's). */
export interface RunSettings {
  env: Record<string, string>;
  secrets: Record<string, string>;
  vars: Record<string, string>;
  /** The repository the run belongs to (the caller's): what checkout copies. */
  callerRepo: string;
}

export function githubContext(
  settings: RunSettings,
  extra: { job?: string; workspace?: string; inputs?: Record<string, Value>; eventName?: string },
): Record<string, Value> {
  const env = { ...process.env, ...settings.env };
  const repository = env.GITHUB_REPOSITORY ?? `local/${path.basename(settings.callerRepo)}`;
  return {
    action: '',
    actor: env.GITHUB_ACTOR ?? os.userInfo().username,
    api_url: env.GITHUB_API_URL ?? 'https://api.github.com',
    event_name: env.GITHUB_EVENT_NAME ?? extra.eventName ?? 'workflow_dispatch',
    event: { inputs: (extra.inputs ?? {}) as Value },
    job: extra.job ?? '',
    ref: env.GITHUB_REF ?? 'refs/heads/main',
    ref_name: env.GITHUB_REF_NAME ?? 'main',
    repository,
    repository_owner: repository.split('/')[0],
    run_id: env.GITHUB_RUN_ID ?? '1',
    run_number: env.GITHUB_RUN_NUMBER ?? '1',
    run_attempt: env.GITHUB_RUN_ATTEMPT ?? '1',
    server_url: env.GITHUB_SERVER_URL ?? 'https://github.com',
    sha: env.GITHUB_SHA ?? '0000000000000000000000000000000000000000',
    token: settings.secrets.GITHUB_TOKEN ?? env.GITHUB_TOKEN ?? '',
    workflow: env.GITHUB_WORKFLOW ?? '',
    workspace: extra.workspace ?? '',
  };
}

/** The GITHUB_* variables a step's process sees, matching the github context. */
export function githubEnvironment(github: Record<string, Value>): Record<string, string> {
  const pick = (key: string) => String(github[key] ?? '');
  return {
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_ACTOR: pick('actor'),
    GITHUB_API_URL: pick('api_url'),
    GITHUB_EVENT_NAME: pick('event_name'),
    GITHUB_JOB: pick('job'),
    GITHUB_REF: pick('ref'),
    GITHUB_REF_NAME: pick('ref_name'),
    GITHUB_REPOSITORY: pick('repository'),
    GITHUB_REPOSITORY_OWNER: pick('repository_owner'),
    GITHUB_RUN_ID: pick('run_id'),
    GITHUB_RUN_NUMBER: pick('run_number'),
    GITHUB_RUN_ATTEMPT: pick('run_attempt'),
    GITHUB_SERVER_URL: pick('server_url'),
    GITHUB_SHA: pick('sha'),
    GITHUB_WORKFLOW: pick('workflow'),
    GITHUB_WORKSPACE: pick('workspace'),
  };
}

export function runnerContext(temp: string): Record<string, Value> {
  return {
    os: 'Linux',
    arch: process.arch === 'arm64' ? 'ARM64' : 'X64',
    name: `cat-actions on ${os.hostname()}`,
    temp,
    tool_cache: path.join(temp, 'tool-cache'),
    debug: '',
    environment: 'self-hosted',
  };
}

/** `needs.<id>.result` and `.outputs` from the runs of the jobs this one needs. */
export function needsContext(
  needs: string[],
  runs: Record<string, JobRun[]>,
): Record<string, Value> {
  return Object.fromEntries(
    needs.map((id) => [
      id,
      { result: jobResultOf(runs[id] ?? []), outputs: mergedOutputs(runs[id] ?? []) },
    ]),
  );
}

/** A matrix job's result: failure if any leg failed, cancelled if any was, else success. */
export function jobResultOf(runs: JobRun[]): JobRun['result'] {
  if (runs.length === 0) return 'skipped';
  for (const result of ['failure', 'cancelled'] as const)
    if (runs.some((r) => r.result === result)) return result;
  return runs.every((r) => r.result === 'skipped') ? 'skipped' : 'success';
}

/** Outputs of a matrix job: each leg's non-empty values, the leg that finished last winning. */
export function mergedOutputs(runs: JobRun[]): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const run of runs)
    for (const [k, v] of Object.entries(run.outputs)) if (v !== '' || !(k in merged)) merged[k] = v;
  return merged;
}

export function stepsContext(steps: StepRun[]): Record<string, Value> {
  return Object.fromEntries(
    steps
      .filter((s) => s.id)
      .map((s) => [s.id, { outputs: s.outputs, outcome: s.outcome, conclusion: s.conclusion }]),
  );
}

/** The step process's environment: this machine's, the run's, GITHUB_*, then the workflow's. */
export function processEnv(
  settings: RunSettings,
  github: Record<string, Value>,
  temp: string,
  stepEnv: Record<string, string>,
  addedPath: string[],
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...settings.env }))
    if (v !== undefined) env[k] = v;
  Object.assign(env, githubEnvironment(github), { RUNNER_OS: 'Linux', RUNNER_TEMP: temp }, stepEnv);
  if (addedPath.length) env.PATH = [...addedPath, env.PATH ?? ''].join(path.delimiter);
  return env;
}

export type { Contexts };
