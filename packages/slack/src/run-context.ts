import { singleLine } from '@cat-actions/core';

/**
 * Where a notice comes from, read from the variables the GitHub runner sets, plus the pipeline's
 * own TENANT_NAME, ENVIRONMENT and DATASET_NAME when earlier steps exported them. Every notice
 * carries all of it, so whoever reads the alert can tell which tenant broke and open the run.
 */
export interface RunContext {
  repository?: string;
  repositoryUrl?: string;
  workflow?: string;
  job?: string;
  runId?: string;
  runAttempt: string;
  /** The run page of this very attempt: a re-run has its own log. */
  runUrl?: string;
  /** Branch or tag name (refs/heads/ removed), or the full ref when the runner gave no name. */
  ref?: string;
  shortSha?: string;
  commitUrl?: string;
  actor?: string;
  event?: string;
  tenant?: string;
  environment?: string;
  dataset?: string;
}

type Env = Record<string, string | undefined>;

/** One line each: a variable an earlier step exported may hold anything. */
const value = (env: Env, name: string): string | undefined =>
  singleLine(env[name] ?? '').trim() || undefined;

export function runContextFromEnv(env: Env): RunContext {
  const server = (value(env, 'GITHUB_SERVER_URL') ?? 'https://github.com').replace(/\/+$/, '');
  const repository = value(env, 'GITHUB_REPOSITORY');
  const repositoryUrl = repository ? `${server}/${repository}` : undefined;
  const runId = value(env, 'GITHUB_RUN_ID');
  const runAttempt = value(env, 'GITHUB_RUN_ATTEMPT') ?? '1';
  const sha = value(env, 'GITHUB_SHA');
  return {
    repository,
    repositoryUrl,
    workflow: value(env, 'GITHUB_WORKFLOW'),
    job: value(env, 'GITHUB_JOB'),
    runId,
    runAttempt,
    runUrl:
      repositoryUrl && runId
        ? `${repositoryUrl}/actions/runs/${runId}/attempts/${runAttempt}`
        : undefined,
    ref: value(env, 'GITHUB_REF_NAME') ?? value(env, 'GITHUB_REF'),
    shortSha: sha?.slice(0, 7),
    commitUrl: repositoryUrl && sha ? `${repositoryUrl}/commit/${sha}` : undefined,
    actor: value(env, 'GITHUB_ACTOR'),
    event: value(env, 'GITHUB_EVENT_NAME'),
    tenant: value(env, 'TENANT_NAME'),
    environment: value(env, 'ENVIRONMENT'),
    dataset: value(env, 'DATASET_NAME'),
  };
}
