import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import { errorLines, runAction } from '../support/action-runner';
import { stageWorkspace, useStageServices } from '../fixtures/stages/services';

const services = useStageServices();

describe('run-stage bundle: bad input fails with one ::error:: before anything is written', () => {
  it.each([
    [
      'unknown stage folder',
      { stage: '9z' },
      {},
      /Input 'stage' is "9z": expected a stage of Project\/CAT-TEST-DEV.*stages found: 1a, 2a, 5a/,
    ],
    [
      'bad dataset name',
      { stage: '1a', dataset: '2024-03-28' },
      {},
      /Input 'dataset' is "2024-03-28": expected new, LATEST or a dataset name/,
    ],
    [
      'bad DATASET_NAME variable',
      { stage: '1a' },
      { DATASET_NAME: 'latest-ish' },
      /Input 'dataset' is "latest-ish"/,
    ],
    [
      'malformed env line',
      { stage: '1a', env: 'SAMPLE_SIZE=all\nDELETE_BEFORE_UPLOAD' },
      {},
      /Input 'env \(line 2\)' is "DELETE_BEFORE_UPLOAD": expected KEY=VALUE/,
    ],
    [
      'secret that is not JSON',
      { stage: '1a', 'secret-name': 'not-json' },
      {},
      /Input 'secret-name' is "not-json": expected a secret whose value is a JSON object/,
    ],
    [
      'secret that does not exist',
      { stage: '1a', 'secret-name': 'nope' },
      {},
      /no secret named "nope"/,
    ],
    [
      'new dataset with downloads',
      { stage: '2a', dataset: 'new', download: '1b' },
      {},
      /Input 'dataset' is "new": expected LATEST or a dataset name: a new dataset has no parts to download/,
    ],
    [
      'pipenv without a lock',
      { stage: '1a', python: 'pipenv' },
      {},
      /Input 'python' is "pipenv": expected a Pipfile or a Pipfile\.lock/,
    ],
    [
      'upload that is not a part',
      { stage: '1a', upload: 'raw' },
      {},
      /Input 'upload' is "raw": expected a part folder name/,
    ],
    [
      'no bucket',
      { stage: '1a' },
      { S3_BUCKET_NAME: '' },
      /Input 'bucket': expected a value \(or the S3_BUCKET_NAME variable\)/,
    ],
    ['no project', { stage: '1a' }, { PROJECT_DIR: '' }, /Input 'working-directory'/],
    [
      'projects root outside the workspace',
      { stage: '1a', 'projects-root': '../Project' },
      {},
      /Input 'projects-root' is "\.\.\/Project": expected a folder path relative to the workspace/,
    ],
    [
      'projects root that does not hold the project',
      { stage: '1a', 'projects-root': 'tenants' },
      {},
      /Input 'working-directory' is "tenants\/CAT-TEST-DEV": expected an existing folder/,
    ],
    [
      'LATEST without a complete dataset',
      { stage: '2a', download: '1b' },
      {},
      /No dataset with complete 1b\* parts in s3:\/\/cat-test-data-dev\/cat-test\/datasets\/: none of 0 qualifies.*or download fewer parts\. \(download: 1b\)/,
    ],
  ])('%s', async (_case, inputs, env, message) => {
    const workspace = stageWorkspace();
    const result = await runAction('run-stage', { inputs, workspace, env: services().env(env) });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    // Nothing written: .env untouched, no output, no variable, nothing in S3.
    expect(readFileSync(path.join(workspace, 'Project/CAT-TEST-DEV/.env'), 'utf8')).toBe(
      'MODE=local\n',
    );
    expect(result.outputs).toEqual({});
    expect(result.exportedEnv).toEqual({});
    expect((await services().allObjects()).size).toBe(0);
  });

  it('upload matching nothing after the run fails, and uploads nothing', async () => {
    const result = await runAction('run-stage', {
      inputs: { stage: '1a', upload: '1b* 3b*' },
      workspace: stageWorkspace(),
      env: services().env(),
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /Input 'upload' is "3b\*": expected folders the stage wrote in Project\/CAT-TEST-DEV; after the run it holds 1a, 1b_raw/,
    );
    expect((await services().allObjects()).size).toBe(0);
  });
});

describe("run-stage bundle: the stage folder is under resolve-tenant's projects root", () => {
  /** The fixture tenant moved from the old layout's Project/ to tenants/Project/. */
  function customRootWorkspace(): string {
    const workspace = stageWorkspace();
    mkdirSync(path.join(workspace, 'tenants'));
    renameSync(path.join(workspace, 'Project'), path.join(workspace, 'tenants/Project'));
    return workspace;
  }

  it.each([
    ['the projects-root input', { 'projects-root': 'tenants/Project' }, {}],
    ['the PROJECTS_ROOT variable resolve-tenant exports', {}, { PROJECTS_ROOT: 'tenants/Project' }],
  ])('runs the stage found through %s', async (_case, inputs, env) => {
    const result = await runAction('run-stage', {
      inputs: { stage: '1a', dataset: 'new', upload: '1b*', ...inputs },
      workspace: customRootWorkspace(),
      env: services().env(env),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('1a: tenant=cat-test');
    const keys = await services().keys(`cat-test/datasets/${result.outputs.dataset}/`);
    expect(keys).toContain('1b_raw/meta.json');
  });

  it('without either, looks in the old layout and names the folder it missed', async () => {
    const before = (await services().allObjects()).size;
    const result = await runAction('run-stage', {
      inputs: { stage: '1a', dataset: 'new', upload: '1b*' },
      workspace: customRootWorkspace(),
      env: services().env(),
    });
    expect(result.exitCode).toBe(1);
    expect(errorLines(result.log)).toEqual([
      expect.stringMatching(
        /Input 'working-directory' is "Project\/CAT-TEST-DEV".*projects-root Project \+ PROJECT_DIR/,
      ),
    ]);
    expect((await services().allObjects()).size).toBe(before);
  });
});
