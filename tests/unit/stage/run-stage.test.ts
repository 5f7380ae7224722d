import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@cat-actions/core';
import {
  runStage,
  stageArgv,
  type StageHost,
  type StageRequest,
  type StageStore,
} from '@cat-actions/stage';

const fixtures = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/stages/Project',
);

/** Everything the host and store were asked, in order: the order is the rule under test. */
function harness(secret: Record<string, string> = {}) {
  const calls: string[] = [];
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'stage-run-'));
  cpSync(fixtures, path.join(workspace, 'Project'), { recursive: true });
  const host: StageHost = {
    info: (line) => calls.push(`info ${line}`),
    warning: (message) => calls.push(`warning ${message}`),
    group: async (title, fn) => {
      calls.push(`group ${title}`);
      return fn();
    },
    setSecret: (value) => calls.push(`mask ${value}`),
    cache: {
      unavailableReason: () => 'test',
      restore: async () => false,
      save: async () => false,
    },
    useCache: true,
    env: { PATH: process.env.PATH },
    tempDir: workspace,
    runnerOs: 'Linux',
    now: () => new Date('2024-03-28T08:47:42Z'),
  };
  const store = {
    readSecret: async (name: string) => {
      calls.push(`readSecret ${name}`);
      return secret;
    },
    datasetExists: async (_t: string, name: string) => {
      calls.push(`datasetExists ${name}`);
      return false;
    },
    findDataset: async () => {
      throw new Error('not used');
    },
    downloadPart: async () => {
      throw new Error('not used');
    },
    uploadPart: async (_t: string, dataset: string, part: string) => {
      calls.push(`uploadPart ${dataset} ${part}`);
      return { files: 1, bytes: 1 };
    },
    uploadFolder: async (prefix: string) => {
      calls.push(`uploadFolder ${prefix}`);
      return { files: 1, bytes: 1 };
    },
  } as StageStore;
  const request = (overrides: Partial<StageRequest>): StageRequest => ({
    workspace,
    stage: '1a',
    workingDirectory: '',
    projectDir: 'CAT-TEST-DEV',
    command: '',
    dataset: '',
    download: '',
    upload: '1b*',
    publishTo: '',
    bucket: 'b',
    tenant: 't',
    secretName: '',
    environment: 'DEV',
    env: '',
    python: 'none',
    timeoutMinutes: '',
    concurrency: '',
    ...overrides,
  });
  return { calls, host, store, request };
}

describe('runStage keeps the data safe by its order', () => {
  it('masks every secret value before the first line is printed', async () => {
    const { calls, host, store, request } = harness({ TOKEN: 'tok-1', KEY: 'ab\nline-2' });
    await runStage(request({ secretName: 's', command: 'echo "$TOKEN"', upload: '' }), host, store);
    const firstPrint = calls.findIndex((c) => c.startsWith('info') || c.startsWith('group'));
    const masks = calls.map((c, i) => [c, i] as const).filter(([c]) => c.startsWith('mask'));
    expect(masks.map(([c]) => c)).toEqual(['mask ab\nline-2', 'mask line-2', 'mask tok-1']);
    expect(Math.max(...masks.map(([, i]) => i))).toBeLessThan(firstPrint);
    expect(calls).toContain('info ***');
  });

  it('publishes the parts, then the log, only after exit code 0', async () => {
    const { calls, host, store, request } = harness();
    const outcome = await runStage(request({}), host, store);
    expect(outcome.failure).toBeUndefined();
    const uploads = calls.filter((c) => c.startsWith('upload'));
    expect(uploads).toEqual(['uploadPart 20240328_084742_utc 1b_raw', 'uploadFolder t/logs/1a/']);
    expect(calls.indexOf('group Run stage 1a: bash 1a/run.sh')).toBeLessThan(
      calls.indexOf('group Upload 1b_raw'),
    );
  });

  it('a failing stage uploads no part, only its log, and says why', async () => {
    const { calls, host, store, request } = harness();
    const outcome = await runStage(request({ stage: 'fail' }), host, store);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.failure).toMatch(/^Stage fail failed with exit code 3/);
    expect(outcome.failure).toContain('about to fail');
    expect(calls.filter((c) => c.startsWith('upload'))).toEqual(['uploadFolder t/logs/fail/']);
    expect(outcome.logUri).toMatch(/^s3:\/\/b\/t\/logs\/fail\/20240328_084742_utc.*\.log$/);
    expect(outcome.logTail).toEqual(['about to fail']);
  });

  it('a log that cannot be stored is a warning: the stage keeps its own exit code', async () => {
    const { calls, host, store, request } = harness();
    store.uploadFolder = async () => {
      throw new Error('connection reset');
    };
    const outcome = await runStage(request({ stage: 'fail' }), host, store);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.failure).toMatch(/^Stage fail failed with exit code 3/);
    expect(outcome.logUri).toBeUndefined();
    expect(calls).toContainEqual(
      expect.stringMatching(/^warning The stage log could not be stored at .*connection reset/),
    );
  });

  it('asks for the secret and the dataset together, and masks before anything is printed', async () => {
    const { calls, host, store, request } = harness({ TOKEN: 'tok-1' });
    let datasetAsked!: () => void;
    const asked = new Promise<void>((resolve) => (datasetAsked = resolve));
    const readSecret = store.readSecret;
    // The secret answers only once the dataset was asked for too (or fails the test after 5 s).
    store.readSecret = async (name) => {
      const timeout = new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error('the dataset was not asked for meanwhile')),
          5000,
        ).unref(),
      );
      await Promise.race([asked, timeout]);
      return readSecret(name);
    };
    const datasetExists = store.datasetExists;
    store.datasetExists = async (tenant, name) => {
      datasetAsked();
      return datasetExists(tenant, name);
    };
    const outcome = await runStage(
      request({ secretName: 's', command: 'echo "$TOKEN"', upload: '' }),
      host,
      store,
    );
    expect(outcome.failure).toBeUndefined();
    expect(calls.slice(0, 3)).toEqual([
      'datasetExists 20240328_084742_utc',
      'readSecret s',
      'mask tok-1',
    ]);
  });

  it('a secret that cannot be read is the error reported, even when the dataset check fails too', async () => {
    const { calls, host, store, request } = harness();
    store.readSecret = async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('secret gone');
    };
    store.datasetExists = async () => {
      throw new Error('S3 down');
    };
    await expect(
      runStage(request({ secretName: 's', command: 'true', upload: '' }), host, store),
    ).rejects.toThrow('secret gone');
    expect(calls).toEqual([]);
  });

  it('bad input is thrown before the secret is read or anything runs', async () => {
    const { calls, host, store, request } = harness();
    await expect(runStage(request({ env: 'oops', secretName: 's' }), host, store)).rejects.toThrow(
      InputError,
    );
    expect(calls).toEqual([]);
  });
});

describe('the Zoho Desk sync runs without a dataset unless given one', () => {
  const printDataset = 'echo "DATASET_NAME=${DATASET_NAME-unset}"';

  it('no name is made up or looked up, and the process gets no DATASET_NAME', async () => {
    const { calls, host, store, request } = harness();
    // An empty DATASET_NAME in the job (what an empty input falls back to) is not handed on.
    host.env = { ...host.env, DATASET_NAME: '' };
    const outcome = await runStage(
      request({ stage: 'sync', command: printDataset, upload: '' }),
      host,
      store,
    );
    expect(outcome.failure).toBeUndefined();
    expect(outcome.plan.dataset).toEqual({ kind: 'none' });
    expect(outcome.dataset).toBe('');
    expect(outcome.datasetUri).toBe('');
    expect(calls.filter((c) => c.startsWith('datasetExists'))).toEqual([]);
    expect(calls).toContain('info DATASET_NAME=unset');
    expect(calls).toContain('info Stage sync of t, no dataset, in Project/CAT-TEST-DEV');
    expect(calls.filter((c) => c.startsWith('upload'))).toEqual(['uploadFolder t/logs/sync/']);
  });

  it('an explicit dataset is used as before', async () => {
    const { calls, host, store, request } = harness();
    const outcome = await runStage(
      request({ stage: 'sync', command: printDataset, upload: '', dataset: 'new' }),
      host,
      store,
    );
    expect(outcome.dataset).toBe('20240328_084742_utc');
    expect(outcome.datasetUri).toBe('s3://b/t/datasets/20240328_084742_utc/');
    expect(calls).toContain('datasetExists 20240328_084742_utc');
    expect(calls).toContain('info DATASET_NAME=20240328_084742_utc');
  });

  it('upload without a dataset fails before the secret is read or anything runs', async () => {
    const { calls, host, store, request } = harness();
    const run = runStage(
      request({ stage: 'sync', command: 'true', upload: '1b*', secretName: 's' }),
      host,
      store,
    );
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      /upload \(1b\*\) publishes to <tenant>\/datasets\/<dataset>\//,
    );
    expect(calls).toEqual([]);
  });
});

describe('the stage command starts without a shell when it needs none', () => {
  it.each([
    ['bash 1a/run.sh', ['bash', '1a/run.sh']],
    [
      'sh sync/run_update.sh --full 2024-03-28',
      ['sh', 'sync/run_update.sh', '--full', '2024-03-28'],
    ],
  ])('%s runs as it is', (command, argv) => {
    expect(stageArgv(command)).toEqual(argv);
  });

  it.each([
    "bash 1a/run.sh 'two words'",
    'bash 1a/run.sh "$DATASET_NAME"',
    'bash 1a/run.sh $HOME',
    'bash 1a/*.sh',
    'bash ~/run.sh',
    'bash 1a/run.sh && echo done',
    'bash 1a/run.sh; true',
    'bash 1a/run.sh > out.txt',
    'X=1 bash 1a/run.sh',
    'python3 1a/main.py',
    'bash  1a/run.sh',
    'bash',
  ])('%s goes through bash -c', (command) => {
    expect(stageArgv(command)).toEqual(['bash', '-c', command]);
  });
});
