import { readDotEnv } from './env-file';

/**
 * The environment of the stage process, from weakest to strongest:
 *
 * 1. the working directory's `.env` (after `.env_gha` replaced it), as the old pipeline loaded it
 *    for every stage; like python-dotenv, it only fills names nothing else sets;
 * 2. the job's environment, minus what belongs to the action alone;
 * 3. the pipeline's own names (TENANT_NAME, S3_BUCKET_NAME, DATASET_NAME, TZ=UTC, ...);
 * 4. the `env` input (DB_HOST, DB_PORT, SAMPLE_SIZE, ...);
 * 5. the tenant's secrets, last: nothing committed to the repository replaces them.
 */
export interface StageIdentity {
  tenant: string;
  bucket: string;
  /** Empty: the stage has no dataset, and DATASET_NAME is not set for it (not even inherited). */
  dataset: string;
  projectDir: string;
  environment: string;
  /** Where `.env` is read from; without it no `.env` is loaded (callers that predate it). */
  workingDirectory?: string;
}

/**
 * Variables a `run:` step would not get either: the action's inputs and saved state, and the
 * runtime tokens the runner gives actions only (cache service, OIDC). A stage has no use for them
 * and should not be able to leak them.
 */
const ACTION_ONLY = [
  /^INPUT_/,
  /^STATE_/,
  /^ACTIONS_RUNTIME_/,
  /^ACTIONS_ID_TOKEN_/,
  /^ACTIONS_CACHE_URL$/,
  /^ACTIONS_RESULTS_URL$/,
  /^GITHUB_STATE$/,
];

export function stageEnvironment(
  base: NodeJS.ProcessEnv,
  identity: StageIdentity,
  extra: Record<string, string>,
  secrets: Record<string, string>,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(base)) {
    if (value !== undefined && !ACTION_ONLY.some((r) => r.test(name))) env[name] = value;
  }
  Object.assign(env, {
    TZ: 'UTC',
    TENANT_NAME: identity.tenant,
    S3_BUCKET_NAME: identity.bucket,
    S3_BUCKET: identity.bucket,
    PROJECT_DIR: identity.projectDir,
    ENVIRONMENT: identity.environment,
    // Python buffers stdout when it is a pipe: without this the live log would lag by pages.
    PYTHONUNBUFFERED: '1',
  });
  if (identity.dataset) env.DATASET_NAME = identity.dataset;
  else delete env.DATASET_NAME;
  const stage: NodeJS.ProcessEnv = { ...env, ...extra, ...secrets };
  if (!identity.workingDirectory) return stage;
  const dotEnv = readDotEnv(identity.workingDirectory, (name) => stage[name]);
  // pipenv run would load .env again, over everything (it overrides): it was loaded here already.
  return { ...dotEnv.variables, ...stage, PIPENV_DONT_LOAD_ENV: '1' };
}
