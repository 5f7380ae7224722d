/**
 * Every input of run-stage is read and validated before anything runs or is written (issue 13
 * item 5): each bad value below fails the bundle with one `::error::`, and the stage never ran
 * (its script would leave a marker), nothing reached S3, no output, variable or summary was
 * written, and .env was not replaced by .env_gha.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { errorLines, runAction } from '../support/action-runner';
import { stageWorkspace, useStageServices } from '../fixtures/stages/services';

const services = useStageServices();

const MARKER = 'stage-ran.marker';
/** A workspace whose stage `mark` leaves a marker and writes a part: proof that it ran. */
function markingWorkspace(): { workspace: string; project: string } {
  const workspace = stageWorkspace();
  const project = path.join(workspace, 'Project', 'CAT-TEST-DEV');
  mkdirSync(path.join(project, 'mark'));
  writeFileSync(
    path.join(project, 'mark', 'run.sh'),
    `#!/usr/bin/env bash\necho ran > ${MARKER}\nmkdir -p 1b_m && echo x > 1b_m/x.txt\n`,
  );
  return { workspace, project };
}

type Case = [string, Record<string, string>, Record<string, string>, RegExp];

const STAGE = { stage: 'mark' };

const cases: Case[] = [
  // stage
  ['stage missing', { stage: '' }, {}, /Input 'stage': expected a stage such as 1a or sync/],
  [
    'stage with a path',
    { stage: '../1a' },
    {},
    /Input 'stage' is "\.\.\/1a": expected a stage folder name/,
  ],
  ['stage with a blank', { stage: '1 a' }, {}, /Input 'stage' is "1 a"/],
  ['stage starting with -', { stage: '-x' }, {}, /Input 'stage' is "-x"/],
  [
    'stage folder that does not exist',
    { stage: '9z' },
    {},
    /Input 'stage' is "9z": expected a stage of Project\/CAT-TEST-DEV.*stages found: 1a, 2a, 5a/,
  ],
  // working-directory
  [
    'working directory outside the workspace',
    { ...STAGE, 'working-directory': '../outside' },
    {},
    /Input 'working-directory' is "\.\.\/outside": expected an existing folder inside the workspace/,
  ],
  [
    'absolute working directory',
    { ...STAGE, 'working-directory': '/etc' },
    {},
    /Input 'working-directory' is "\/etc"/,
  ],
  [
    'working directory that does not exist',
    { ...STAGE, 'working-directory': 'Project/NOPE' },
    {},
    /Input 'working-directory' is "Project\/NOPE"/,
  ],
  [
    'working directory that is a file',
    { ...STAGE, 'working-directory': 'Project/CAT-TEST-DEV/.env' },
    {},
    /Input 'working-directory' is "Project\/CAT-TEST-DEV\/\.env"/,
  ],
  [
    'no working directory and no PROJECT_DIR',
    STAGE,
    { PROJECT_DIR: '' },
    /Input 'working-directory': expected a folder relative to the workspace/,
  ],
  // dataset
  [
    'dataset with dashes',
    { ...STAGE, dataset: '2024-03-28' },
    {},
    /Input 'dataset' is "2024-03-28": expected new, LATEST or a dataset name/,
  ],
  [
    'dataset without _utc',
    { ...STAGE, dataset: '20240328_084742' },
    {},
    /Input 'dataset' is "20240328_084742"/,
  ],
  [
    'dataset as a path',
    { ...STAGE, dataset: '../20240328_084742_utc' },
    {},
    /Input 'dataset' is "\.\.\/20240328_084742_utc"/,
  ],
  [
    'bad DATASET_NAME variable',
    STAGE,
    { DATASET_NAME: 'latest-ish' },
    /Input 'dataset' is "latest-ish"/,
  ],
  [
    'new dataset with downloads',
    { ...STAGE, dataset: 'new', download: '1b' },
    {},
    /Input 'dataset' is "new": expected LATEST or a dataset name: a new dataset has no parts to download/,
  ],
  [
    'sync without a dataset but with upload',
    { stage: 'sync', command: 'echo ran > sync.marker', upload: '1b*' },
    {},
    /Input 'dataset' is "": expected a dataset: upload \(1b\*\) publishes/,
  ],
  [
    'sync without a dataset but with download',
    { stage: 'sync', command: 'echo ran > sync.marker', download: '1b' },
    {},
    /Input 'dataset' is "": expected a dataset: download \(1b\) reads parts/,
  ],
  [
    'LATEST with no complete dataset',
    { ...STAGE, download: '1b' },
    {},
    /No dataset with complete 1b\* parts/,
  ],
  // download
  [
    'download with ..',
    { ...STAGE, download: '../1b' },
    {},
    /Input 'download' is "\.\.\/1b": expected folder names or wildcard patterns/,
  ],
  ['download with a path', { ...STAGE, download: '1b/raw' }, {}, /Input 'download' is "1b\/raw"/],
  [
    'download of a hidden folder',
    { ...STAGE, download: '.git' },
    {},
    /Input 'download' is "\.git"/,
  ],
  // upload and publish-to
  [
    'upload that is not a part',
    { ...STAGE, upload: 'raw' },
    {},
    /Input 'upload' is "raw": expected a part folder name/,
  ],
  ['upload with ..', { ...STAGE, upload: '../1b' }, {}, /Input 'upload' is "\.\.\/1b"/],
  ['upload with a path', { ...STAGE, upload: '1b/x' }, {}, /Input 'upload' is "1b\/x"/],
  [
    'publish-to misspelt',
    { ...STAGE, 'publish-to': 'dataset' },
    {},
    /Input 'publish-to' is "dataset": expected datasets or test-results/,
  ],
  [
    'publish-to elsewhere',
    { ...STAGE, 'publish-to': 's3://other' },
    {},
    /Input 'publish-to' is "s3:\/\/other"/,
  ],
  // bucket and tenant
  [
    'no bucket',
    STAGE,
    { S3_BUCKET_NAME: '' },
    /Input 'bucket': expected a value \(or the S3_BUCKET_NAME variable\)/,
  ],
  ['bucket with a blank', { ...STAGE, bucket: 'my bucket' }, {}, /Input 'bucket' is "my bucket"/],
  ['bucket with a path', { ...STAGE, bucket: 'a/b' }, {}, /Input 'bucket' is "a\/b"/],
  [
    'no tenant',
    STAGE,
    { TENANT_NAME: '' },
    /Input 'tenant': expected a value \(or the TENANT_NAME variable\)/,
  ],
  ['tenant with a blank', { ...STAGE, tenant: 'cat be' }, {}, /Input 'tenant' is "cat be"/],
  ['tenant with a path', { ...STAGE, tenant: 'cat/be' }, {}, /Input 'tenant' is "cat\/be"/],
  // The same rules as every action (packages/core): issue 13 item 7's LEAK!, .. and Bad_Bucket.
  ['tenant LEAK!', { ...STAGE, tenant: 'LEAK!' }, {}, /Input 'tenant' is "LEAK!"/],
  ['tenant ..', { ...STAGE, tenant: '..' }, {}, /Input 'tenant' is "\.\."/],
  [
    'TENANT_NAME variable in capitals',
    STAGE,
    { TENANT_NAME: 'CAT-BE' },
    /Input 'tenant' is "CAT-BE"/,
  ],
  ['bucket Bad_Bucket', { ...STAGE, bucket: 'Bad_Bucket' }, {}, /Input 'bucket' is "Bad_Bucket"/],
  ['bucket too short', { ...STAGE, bucket: 'ab' }, {}, /Input 'bucket' is "ab"/],
  // secret-name
  [
    'secret that is not JSON',
    { ...STAGE, 'secret-name': 'not-json' },
    {},
    /Input 'secret-name' is "not-json": expected a secret whose value is a JSON object/,
  ],
  ['secret that does not exist', { ...STAGE, 'secret-name': 'nope' }, {}, /no secret named "nope"/],
  // Secrets Manager's name rule (packages/core), before the secret is asked for.
  [
    'secret name with a newline',
    { ...STAGE, 'secret-name': 'cat-be\nInjected: yes' },
    {},
    /Input 'secret-name' is "cat-be/,
  ],
  ['secret name with HTML', { ...STAGE, 'secret-name': '<b>x</b>' }, {}, /Input 'secret-name'/],
  [
    'SECRET_NAME variable that does not exist',
    STAGE,
    { SECRET_NAME: 'nope-either' },
    /no secret named "nope-either"/,
  ],
  // env
  [
    'env line without =',
    { ...STAGE, env: 'SAMPLE_SIZE=all\nDELETE_BEFORE_UPLOAD' },
    {},
    /Input 'env \(line 2\)' is "DELETE_BEFORE_UPLOAD": expected KEY=VALUE/,
  ],
  [
    'env key starting with a digit',
    { ...STAGE, env: '1X=2' },
    {},
    /Input 'env \(line 1\)' is "1X=2"/,
  ],
  ['env key with a blank', { ...STAGE, env: 'A B=1' }, {}, /Input 'env \(line 1\)' is "A B=1"/],
  // python and cache
  [
    'pipenv without a lock',
    { ...STAGE, python: 'pipenv' },
    {},
    /Input 'python' is "pipenv": expected a Pipfile or a Pipfile\.lock/,
  ],
  [
    'unknown python mode',
    { ...STAGE, python: 'conda' },
    {},
    /Input 'python' is "conda": expected auto, /,
  ],
  [
    'cache neither true nor false',
    { ...STAGE, cache: 'maybe' },
    {},
    /Input 'cache' is "maybe": expected true or false/,
  ],
  // timeout-minutes: a documented range that Node's timer can hold
  [
    'timeout of 36000 minutes',
    { ...STAGE, 'timeout-minutes': '36000' },
    {},
    /Input 'timeout-minutes' is "36000": expected a number of minutes from 0\.05 to 7200/,
  ],
  [
    'timeout of 1e9 minutes',
    { ...STAGE, 'timeout-minutes': '1e9' },
    {},
    /Input 'timeout-minutes' is "1e9": expected a number of minutes from 0\.05 to 7200/,
  ],
  ['timeout of 0', { ...STAGE, 'timeout-minutes': '0' }, {}, /Input 'timeout-minutes' is "0"/],
  [
    'negative timeout',
    { ...STAGE, 'timeout-minutes': '-5' },
    {},
    /Input 'timeout-minutes' is "-5"/,
  ],
  [
    'timeout below 3 s',
    { ...STAGE, 'timeout-minutes': '0.01' },
    {},
    /Input 'timeout-minutes' is "0\.01"/,
  ],
  [
    'timeout in words',
    { ...STAGE, 'timeout-minutes': 'six hours' },
    {},
    /Input 'timeout-minutes' is "six hours"/,
  ],
  [
    'timeout Infinity',
    { ...STAGE, 'timeout-minutes': 'Infinity' },
    {},
    /Input 'timeout-minutes' is "Infinity"/,
  ],
  // concurrency
  [
    'concurrency 0',
    { ...STAGE, concurrency: '0' },
    {},
    /Input 'concurrency' is "0": expected a whole number from 1 to 64/,
  ],
  ['concurrency 65', { ...STAGE, concurrency: '65' }, {}, /Input 'concurrency' is "65"/],
  ['fractional concurrency', { ...STAGE, concurrency: '2.5' }, {}, /Input 'concurrency' is "2\.5"/],
  ['concurrency in words', { ...STAGE, concurrency: 'many' }, {}, /Input 'concurrency' is "many"/],
  // export-env: checked before the run, not after the upload
  [
    'export-env maybe',
    { ...STAGE, 'export-env': 'maybe', upload: '1b*' },
    {},
    /Input 'export-env' is "maybe": expected true or false/,
  ],
  [
    'export-env in words',
    { ...STAGE, 'export-env': 'yes please', upload: '1b*' },
    {},
    /Input 'export-env' is "yes please"/,
  ],
];

describe('run-stage bundle: each bad input is one ::error::, before the stage runs or anything is written', () => {
  it('has the cases the issue asks for (40 or more)', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('%s', async (_case, inputs, env, message) => {
    const { workspace, project } = markingWorkspace();
    const result = await runAction('run-stage', { inputs, workspace, env: services().env(env) });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(errors[0]).not.toMatch(/Unexpected failure/);
    // The stage never ran.
    expect(existsSync(path.join(project, MARKER))).toBe(false);
    expect(existsSync(path.join(project, 'sync.marker'))).toBe(false);
    expect(existsSync(path.join(project, '1b_m'))).toBe(false);
    // Nothing written: .env untouched, no output, variable or summary, nothing in S3.
    expect(readFileSync(path.join(project, '.env'), 'utf8')).toBe('MODE=local\n');
    expect(result.outputs).toEqual({});
    expect(result.exportedEnv).toEqual({});
    expect(result.summary).toBe('');
    expect((await services().allObjects()).size).toBe(0);
  });
});
