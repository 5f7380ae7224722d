import { describe, expect, it } from '@jest/globals';
import { errorLines, runAction } from '../support/action-runner';
import { BUCKET, TENANT, stageWorkspace, useStageServices } from '../fixtures/stages/services';

const services = useStageServices();

/** What the Zoho Desk sync would see of DATASET_NAME (it writes to zohodesk-data/ itself). */
const command = 'echo "sync: DATASET_NAME=${DATASET_NAME-unset}"';

describe('run-stage bundle: the Zoho Desk sync runs without a dataset unless given one', () => {
  it('no dataset: none set for the process, none in outputs, summary or exported variables', async () => {
    const result = await runAction('run-stage', {
      inputs: { stage: 'sync', command },
      workspace: stageWorkspace(),
      // DATASET_NAME is empty in the job, as the stage services set it.
      env: services().env(),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('sync: DATASET_NAME=unset');
    expect(result.log).toContain(`Stage sync of ${TENANT}, no dataset, in Project/CAT-TEST-DEV`);
    expect(result.outputs).toMatchObject({ dataset: '', uri: '', parts: '', 'exit-code': '0' });
    expect(result.exportedEnv).toEqual({});
    expect(result.summary).toContain(`Stage sync of ${TENANT} succeeded`);
    expect(result.summary).toMatch(/Dataset<\/th>\s*<td>none<\/td>/);
    expect(result.summary).not.toMatch(/\d{8}_\d{6}_utc \(new\)|\/datasets\//);
    // Only the stage log was written: no dataset folder anywhere.
    const keys = [...(await services().allObjects()).keys()];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(new RegExp(`^${TENANT}/logs/sync/`));
    expect(result.outputs['log-uri']).toBe(`s3://${BUCKET}/${keys[0]}`);
  });

  it('an explicit dataset is used and exported as before', async () => {
    const result = await runAction('run-stage', {
      inputs: { stage: 'sync', command, dataset: '20240328_084742_utc' },
      workspace: stageWorkspace(),
      env: services().env(),
    });
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('sync: DATASET_NAME=20240328_084742_utc');
    expect(result.outputs).toMatchObject({
      dataset: '20240328_084742_utc',
      uri: `s3://${BUCKET}/${TENANT}/datasets/20240328_084742_utc/`,
    });
    expect(result.exportedEnv).toEqual({ DATASET_NAME: '20240328_084742_utc' });
  });

  it('upload to datasets without a dataset fails with one ::error:: before the run', async () => {
    const result = await runAction('run-stage', {
      inputs: { stage: 'sync', command, upload: '1b*' },
      workspace: stageWorkspace(),
      env: services().env(),
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /Input 'dataset' is "": expected a dataset: upload \(1b\*\) publishes to <tenant>\/datasets\/<dataset>\/\. Stage sync runs without one/,
    );
    expect(result.log).not.toContain('sync: DATASET_NAME');
    expect(result.outputs).toEqual({});
    expect(result.exportedEnv).toEqual({});
  });
});
