import os from 'node:os';
import * as core from '../../shared/src/toolkit';
import { S3StageStore, runStage } from '@cat-actions/stage';
import { publish, readBooleanInput, readInput, runContext } from '../../shared/src/runner';
import { runnerCache } from './runner-cache';
import { outputsOf, writeSummary } from './report';

export async function run(): Promise<void> {
  const context = runContext();
  const secretName = readInput('secret-name', { env: 'SECRET_NAME' });
  const bucket = readInput('bucket', { env: 'S3_BUCKET_NAME' });
  const store = new S3StageStore(bucket);
  try {
    const outcome = await runStage(
      {
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
        tenant: readInput('tenant', { env: 'TENANT_NAME' }),
        secretName: secretName.toLowerCase() === 'none' ? '' : secretName,
        environment: process.env.ENVIRONMENT ?? '',
        env: core.getInput('env'),
        python: readInput('python'),
        timeoutMinutes: readInput('timeout-minutes'),
        concurrency: readInput('concurrency'),
      },
      {
        info: core.info,
        warning: (message) => core.warning(message),
        group: core.group,
        setSecret: core.setSecret,
        cache: runnerCache,
        useCache: readBooleanInput('cache', true),
        env: process.env,
        tempDir: process.env.RUNNER_TEMP || os.tmpdir(),
        runnerOs: process.env.RUNNER_OS || os.type(),
        runId: context.runId,
        runAttempt: context.runAttempt,
      },
      store,
    );
    // A stage without a dataset (sync) has nothing to hand on: later steps keep what they had.
    const exportEnv =
      readBooleanInput('export-env', true) && !outcome.failure && outcome.dataset !== '';
    publish(outputsOf(outcome), exportEnv ? { DATASET_NAME: outcome.dataset } : undefined);
    await writeSummary(outcome);
    if (outcome.failure) core.setFailed(outcome.failure);
  } finally {
    await store.destroy();
  }
}
