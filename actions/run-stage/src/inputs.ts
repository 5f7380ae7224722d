import * as core from '../../shared/src/toolkit';
import { validateBucketName, validateSecretName, validateTenantName } from '@cat-actions/core';
import type { StageRequest } from '@cat-actions/stage';
import { readBooleanInput, readInput, runContext } from '../../shared/src/runner';

/** Every input of run-stage, read in one place before anything runs or is written. */
export interface RunStageInputs {
  request: StageRequest;
  useCache: boolean;
  exportEnv: boolean;
}

/**
 * Reads (and where the entry decides, validates) every input. The stage's own rules run in
 * planStage, first thing in runStage, still before the secret is read or anything written; the
 * switches this layer uses afterwards (export-env, cache) are checked here so that `export-env:
 * maybe` fails before the stage runs, not after it uploaded.
 */
export function readRunStageInputs(): RunStageInputs {
  const context = runContext();
  const secretName = readInput('secret-name', { env: 'SECRET_NAME' });
  const bucket = readInput('bucket', { env: 'S3_BUCKET_NAME' });
  const tenant = readInput('tenant', { env: 'TENANT_NAME' });
  // The rules every action shares (packages/core), checked before anything runs.
  if (bucket) validateBucketName(bucket);
  if (tenant) validateTenantName(tenant);
  if (secretName) validateSecretName(secretName);
  const request: StageRequest = {
    workspace: context.workspace,
    stage: readInput('stage', { required: true, expected: 'a stage such as 1a or sync' }),
    workingDirectory: readInput('working-directory'),
    projectDir: process.env.PROJECT_DIR ?? '',
    command: core.getInput('command', { trimWhitespace: false }),
    stageCommand: readInput('stage-command'),
    dataset: readInput('dataset', { env: 'DATASET_NAME' }),
    download: readInput('download'),
    upload: readInput('upload'),
    publishTo: readInput('publish-to'),
    bucket,
    tenant,
    secretName: secretName.toLowerCase() === 'none' ? '' : secretName,
    environment: process.env.ENVIRONMENT ?? '',
    env: core.getInput('env'),
    python: readInput('python', { env: 'CAT_STAGE_PYTHON' }),
    timeoutMinutes: readInput('timeout-minutes'),
    concurrency: readInput('concurrency'),
  };
  return {
    request,
    useCache: readBooleanInput('cache', true),
    exportEnv: readBooleanInput('export-env', true),
  };
}
