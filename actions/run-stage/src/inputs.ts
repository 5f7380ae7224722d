import os from 'node:os';
import {
  stageSecretName,
  validateBucketName,
  validateProjectsRoot,
  validateTenantName,
} from '@cat-actions/core';
import type { StageRequest } from '@cat-actions/stage';
import { readBooleanInput, readInput, readRawInput, runContext } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  stage: 'stage',
  workingDirectory: 'working-directory',
  projectsRoot: 'projects-root',
  command: 'command',
  stageCommand: 'stage-command',
  dataset: 'dataset',
  download: 'download',
  upload: 'upload',
  publishTo: 'publish-to',
  bucket: 'bucket',
  tenant: 'tenant',
  secretName: 'secret-name',
  env: 'env',
  python: 'python',
  timeoutMinutes: 'timeout-minutes',
  concurrency: 'concurrency',
  cache: 'cache',
  exportEnv: 'export-env',
} as const;

/** Every input of run-stage, read in one place before anything runs or is written. */
export interface RunStageInputs {
  request: StageRequest;
  useCache: boolean;
  exportEnv: boolean;
  /** Whether the runner offers its cache service (ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL). */
  cacheServiceAvailable: boolean;
  /** The environment the stage's command inherits. */
  env: NodeJS.ProcessEnv;
  tempDir: string;
  runnerOs: string;
  runId?: string;
  runAttempt?: string;
}

/**
 * Reads (and where the entry decides, validates) every input. The stage's own rules run in
 * planStage, first thing in runStage, still before the secret is read or anything written; the
 * switches this layer uses afterwards (export-env, cache) are checked here so that `export-env:
 * maybe` fails before the stage runs, not after it uploaded.
 */
export function readRunStageInputs(): RunStageInputs {
  const context = runContext();
  const secretName = readInput(INPUTS.secretName, { env: 'SECRET_NAME' });
  const bucket = readInput(INPUTS.bucket, { env: 'S3_BUCKET_NAME' });
  const tenant = readInput(INPUTS.tenant, { env: 'TENANT_NAME' });
  // The rules every action shares (packages/core), checked before anything runs.
  if (bucket) validateBucketName(bucket);
  if (tenant) validateTenantName(tenant);
  const stageSecret = stageSecretName(secretName, INPUTS.secretName);
  const request: StageRequest = {
    workspace: context.workspace,
    stage: readInput(INPUTS.stage, { required: true, expected: 'a stage such as 1a or sync' }),
    workingDirectory: readInput(INPUTS.workingDirectory),
    projectDir: process.env.PROJECT_DIR ?? '',
    // resolve-tenant's root, or its default: the stage's folder is looked up where it was found.
    projectsRoot: validateProjectsRoot(
      readInput(INPUTS.projectsRoot, { env: 'PROJECTS_ROOT' }),
      INPUTS.projectsRoot,
    ),
    // Taken as written: a multi-line script's indentation matters.
    command: readRawInput(INPUTS.command),
    stageCommand: readInput(INPUTS.stageCommand),
    dataset: readInput(INPUTS.dataset, { env: 'DATASET_NAME' }),
    download: readInput(INPUTS.download),
    upload: readInput(INPUTS.upload),
    publishTo: readInput(INPUTS.publishTo),
    bucket,
    tenant,
    secretName: stageSecret,
    environment: process.env.ENVIRONMENT ?? '',
    env: readInput(INPUTS.env),
    python: readInput(INPUTS.python, { env: 'CAT_STAGE_PYTHON' }),
    timeoutMinutes: readInput(INPUTS.timeoutMinutes),
    concurrency: readInput(INPUTS.concurrency),
  };
  return {
    request,
    useCache: readBooleanInput(INPUTS.cache, true),
    exportEnv: readBooleanInput(INPUTS.exportEnv, true),
    cacheServiceAvailable: Boolean(
      process.env.ACTIONS_CACHE_URL || process.env.ACTIONS_RESULTS_URL,
    ),
    env: process.env,
    tempDir: process.env.RUNNER_TEMP || os.tmpdir(),
    runnerOs: process.env.RUNNER_OS || os.type(),
    runId: context.runId,
    runAttempt: context.runAttempt,
  };
}
