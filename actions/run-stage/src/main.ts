import * as core from '../../shared/src/toolkit';
import { S3StageStore, runStage } from '@cat-actions/stage';
import { publish } from '../../shared/src/runner';
import { readRunStageInputs } from './inputs';
import { runnerCache } from './runner-cache';
import { outputsOf, writeSummary } from './report';

export async function run(): Promise<void> {
  const inputs = readRunStageInputs();
  const { request, useCache, exportEnv } = inputs;
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
        cache: runnerCache(inputs.cacheServiceAvailable),
        useCache,
        env: inputs.env,
        tempDir: inputs.tempDir,
        runnerOs: inputs.runnerOs,
        runId: inputs.runId,
        runAttempt: inputs.runAttempt,
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
