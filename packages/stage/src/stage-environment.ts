/**
 * The environment of the stage process: the job's environment minus what belongs to the action
 * alone, the pipeline's names, the `env` input, and the tenant's secrets last (they win).
 */
export interface StageIdentity {
  tenant: string;
  bucket: string;
  /** Empty: the stage has no dataset, and DATASET_NAME is not set for it (not even inherited). */
  dataset: string;
  projectDir: string;
  environment: string;
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
  return { ...env, ...extra, ...secrets };
}
