import os from 'node:os';
import * as core from '../../shared/src/toolkit';
import { S3StageStore, runStage } from '@cat-actions/stage';
import { publish, runContext } from '../../shared/src/runner';
import { readRunStageInputs } from './inputs';
import { runnerCache } from './runner-cache';
import { outputsOf, writeSummary } from './report';

export async function run(): Promise<void> {
  const context = runContext();
  const { request, useCache, exportEnv } = readRunStageInputs();
  const store = new S3StageStore(request.bucket);
  try {
    const outcome = await runStage(
      request,
      {
        info: core.info,
        warning: (message) => core.warning(message),
        notice: (message) => core.notice(message),
        group: core.group,
        setSecret: core.setSecret,
        cache: runnerCache,
        useCache,
        env: process.env,
        tempDir: process.env.RUNNER_TEMP || os.tmpdir(),
        runnerOs: process.env.RUNNER_OS || os.type(),
        runId: context.runId,
        runAttempt: context.runAttempt,
      },
      store,
    );
    // A stage without a dataset (sync) has nothing to hand on: later steps keep what they had.
    const exported = exportEnv && !outcome.failure && outcome.dataset !== '';
    publish(outputsOf(outcome), exported ? { DATASET_NAME: outcome.dataset } : undefined);
    await writeSummary(outcome);
    if (outcome.failure) core.setFailed(outcome.failure);
  } finally {
    await store.destroy();
  }
}
