import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '@cat-actions/core';
import { runStage, type StageHost, type StageRequest, type StageStore } from '@cat-actions/stage';

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
    datasetExists: async () => false,
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

  it('a failing stage uploads nothing and says why', async () => {
    const { calls, host, store, request } = harness();
    const outcome = await runStage(request({ stage: 'fail' }), host, store);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.failure).toMatch(/^Stage fail failed with exit code 3/);
    expect(outcome.failure).toContain('about to fail');
    expect(calls.filter((c) => c.startsWith('upload'))).toEqual([]);
  });

  it('bad input is thrown before the secret is read or anything runs', async () => {
    const { calls, host, store, request } = harness();
    await expect(runStage(request({ env: 'oops', secretName: 's' }), host, store)).rejects.toThrow(
      InputError,
    );
    expect(calls).toEqual([]);
  });
});
