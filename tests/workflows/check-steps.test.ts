import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { runWorkflow } from '@cat-actions/cli';
import { repoRoot } from '../support/action-runner';
import { jobsOf, loadWorkflow, stepsOf, type Yaml } from '../support/workflows';
import { removeScratch, scratchDir } from './helpers/example-tenant';

afterAll(removeScratch);

/**
 * The reusable workflows check their inputs in a first `run:` step, before anything is checked
 * out or assumed. These tests run those very steps through the workflow engine (in bash, as the
 * workflows' `defaults.run.shell` asks), with the step's env: set to the values under test.
 */
interface StepRun {
  status: number;
  errors: string[];
  outputs: Record<string, string>;
  summary: string;
}

function stepOf(file: string, job: string, select: (s: Yaml) => boolean): Yaml {
  const found = stepsOf(loadWorkflow(file).doc.jobs[job]).find(select);
  if (!found) throw new Error(`${file} jobs.${job}: no such step`);
  return found;
}

/** `step` alone in a job of its own; with `checkout`, after a checkout of that folder. */
async function runStep(
  step: Yaml,
  values: Record<string, string>,
  checkout?: string,
): Promise<StepRun> {
  const env = Object.fromEntries(Object.keys(step.env ?? {}).map((n) => [n, values[n] ?? '']));
  const repo = scratchDir('cat-check-');
  const workflow = path.join(repo, '.github', 'workflows', 'step.yml');
  mkdirSync(path.dirname(workflow), { recursive: true });
  const steps = [...(checkout ? [{ uses: 'actions/checkout@v5' }] : []), { ...step, env }];
  const doc = {
    on: 'push',
    defaults: { run: { shell: 'bash' } },
    jobs: { check: { 'runs-on': 'ubuntu-latest', steps } },
  };
  writeFileSync(workflow, stringify(doc));
  const run = await runWorkflow({ repoRoot, workflowFile: workflow, callerRepo: checkout ?? repo });
  const ran = run.jobs.check[0].steps.at(-1)!;
  const lines = ran.log.split('\n');
  return {
    status: ran.outcome === 'success' ? 0 : 1,
    errors: lines.filter((l) => l.startsWith('::error')),
    outputs: ran.outputs,
    summary: ran.summary,
  };
}

const checkSteps = [
  '.github/workflows/zoho-desk-sync.yml',
  '.github/workflows/data-processing.yml',
  '.github/workflows/data-testing.yml',
  '.github/workflows/data-upload.yml',
].flatMap((file) =>
  jobsOf(loadWorkflow(file).doc).map(
    ([job]) => [`${file} ${job}`, stepOf(file, job, (s) => s.id === 'check')] as [string, Yaml],
  ),
);

const validUpload = { UPLOAD_SCRIPT: 'run.sh' };

describe('every job checks its inputs first', () => {
  it.each(checkSteps)('%s: the check is the first step', (name) => {
    const [file, job] = name.split(' ');
    expect(stepsOf(loadWorkflow(file).doc.jobs[job])[0].id).toBe('check');
  });

  it.each(checkSteps)(
    '%s: the stage stops 10 minutes before the job (half the time for short jobs)',
    async (_name, step) => {
      const outputs = async (minutes: string) =>
        (await runStep(step, { ...validUpload, SAMPLE_SIZE: 'all', TIMEOUT_MINUTES: minutes }))
          .outputs;
      expect(await outputs('60')).toEqual({ 'stage-timeout-minutes': '50' });
      expect(await outputs('21')).toEqual({ 'stage-timeout-minutes': '11' });
      expect(await outputs('20')).toEqual({ 'stage-timeout-minutes': '10' });
      expect(await outputs('1')).toEqual({ 'stage-timeout-minutes': '1' });
    },
  );

  it.each(checkSteps)(
    '%s: a timeout that is not a whole number fails clearly',
    async (_name, step) => {
      for (const minutes of ['0', '1.5', 'abc', '']) {
        const run = await runStep(step, {
          ...validUpload,
          SAMPLE_SIZE: 'all',
          TIMEOUT_MINUTES: minutes,
        });
        expect(run.status).toBe(1);
        expect(run.errors).toEqual([
          expect.stringMatching(
            /^::error title=Bad timeout-minutes::timeout-minutes must be a whole number/,
          ),
        ]);
      }
    },
  );
});

describe('data-testing: sample-size is a whole number or all', () => {
  const step = stepOf(
    '.github/workflows/data-testing.yml',
    'data-testing-5a',
    (s) => s.id === 'check',
  );
  const check = (size: string) => runStep(step, { SAMPLE_SIZE: size, TIMEOUT_MINUTES: '120' });

  it.each(['1', '500', 'all'])('accepts %p', async (size) => {
    expect(await check(size)).toMatchObject({ status: 0, errors: [] });
  });

  it.each(['0', '-5', '2.5', 'ALL', 'some', '', '10 ; rm -rf /'])(
    'rejects %p with one ::error::',
    async (size) => {
      const run = await check(size);
      expect(run.status).toBe(1);
      expect(run.errors).toEqual([
        expect.stringMatching(
          /^::error title=Bad sample-size::sample-size must be a whole number greater than 0 or 'all'; received '.*'\. Example: 500$/,
        ),
      ]);
    },
  );

  it('cannot be turned into a second workflow command by a newline', async () => {
    const run = await check('5\n::error::forged');
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toContain("received '5???error??forged'");
  });
});

describe('data-upload: upload-script is a file name in 4/, and postgres needs db-host', () => {
  const step = stepOf(
    '.github/workflows/data-upload.yml',
    'data-upload-4',
    (s) => s.id === 'check',
  );
  const check = (script: string, dbHost = '') =>
    runStep(step, { UPLOAD_SCRIPT: script, DB_HOST: dbHost, TIMEOUT_MINUTES: '120' });

  it.each([
    ['run.sh', ''],
    ['upload.py', ''],
    ['upload_to_postgres.sh', 'db.example.internal'],
    ['Upload_To_Postgres.py', 'db.example.internal'],
  ])('accepts %p (db-host %p)', async (script, dbHost) => {
    expect(await check(script, dbHost)).toMatchObject({ status: 0, errors: [] });
  });

  it.each(['../secrets.sh', '4/run.sh', 'run.rb', 'a b.sh', '$(id).sh', '-x.sh', ''])(
    'rejects %p',
    async (script) => {
      const run = await check(script);
      expect(run.status).toBe(1);
      expect(run.errors).toEqual([expect.stringMatching(/^::error title=Bad upload-script::/)]);
    },
  );

  it.each(['upload_to_postgres.sh', 'UPLOAD_POSTGRES.py'])(
    '%p without db-host fails',
    async (script) => {
      const run = await check(script);
      expect(run.status).toBe(1);
      expect(run.errors).toEqual([
        expect.stringMatching(
          /^::error title=Missing db-host::.*db-host \(the RDS endpoint\) is required/,
        ),
      ]);
    },
  );
});

describe('data-testing: the summary links the results', () => {
  it('names the dataset and links the results folder in the S3 console', async () => {
    const step = stepOf(
      '.github/workflows/data-testing.yml',
      'data-testing-5a',
      (s) => s.name === 'Link the results',
    );
    const run = await runStep(step, {
      DATASET: '20240328_084742_utc',
      RESULTS_URI: 's3://cat-data-dev/demo/test_results/20240328_084742_utc/20240329_060000_utc/',
      BUCKET_REGION: 'eu-west-1',
    });
    expect(run.status).toBe(0);
    expect(run.summary).toContain('### Test results of 20240328_084742_utc');
    expect(run.summary).toContain(
      '(https://s3.console.aws.amazon.com/s3/buckets/cat-data-dev?region=eu-west-1&prefix=demo/test_results/20240328_084742_utc/20240329_060000_utc/)',
    );
  });
});

describe('data-testing: the test report shows in the run summary, passed or failed', () => {
  const step = stepOf(
    '.github/workflows/data-testing.yml',
    'data-testing-5a',
    (s) => s.name === 'Show the test report',
  );

  it('runs after a failed stage too, not when the stage never ran', () => {
    expect(step.if).toBe("(success() || failure()) && steps.stage.outcome != 'skipped'");
  });

  it('appends test_results/summary.md of the project folder', async () => {
    const workspace = scratchDir('cat-report-');
    mkdirSync(path.join(workspace, 'Project/DEMO-DEV/test_results'), { recursive: true });
    writeFileSync(
      path.join(workspace, 'Project/DEMO-DEV/test_results/summary.md'),
      '| Check | FAIL |\n',
    );
    const run = await runStep(step, { PROJECT_PATH: 'Project/DEMO-DEV' }, workspace);
    expect([run.status, run.summary]).toEqual([0, '\n| Check | FAIL |\n']);
  });

  it('says so when the stage wrote no report', async () => {
    const workspace = scratchDir('cat-report-');
    const run = await runStep(step, { PROJECT_PATH: 'Project/DEMO-DEV' }, workspace);
    expect([run.status, run.summary]).toEqual([0, '']);
  });
});
