import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEnvGha, stageEnvironment } from '@cat-actions/stage';

const identity = {
  tenant: 'cat-be',
  bucket: 'cat-data',
  dataset: '20240328_084742_utc',
  projectDir: 'CAT-BE-DEV',
  environment: 'DEV',
};

describe('the stage process environment', () => {
  const env = stageEnvironment(
    {
      PATH: '/usr/bin',
      TZ: 'Europe/Brussels',
      INPUT_ENV: 'A=1',
      STATE_x: '1',
      ACTIONS_RUNTIME_TOKEN: 't',
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't',
      ACTIONS_CACHE_URL: 'u',
      GITHUB_RUN_ID: '9',
    },
    identity,
    { SAMPLE_SIZE: 'all', TENANT_NAME: 'override-by-env' },
    { API_KEY: 'secret' },
  );

  it('runs in UTC with the pipeline names', () => {
    expect(env).toMatchObject({
      TZ: 'UTC',
      S3_BUCKET_NAME: 'cat-data',
      S3_BUCKET: 'cat-data',
      DATASET_NAME: '20240328_084742_utc',
      PROJECT_DIR: 'CAT-BE-DEV',
      ENVIRONMENT: 'DEV',
      PATH: '/usr/bin',
      GITHUB_RUN_ID: '9',
    });
  });

  it('adds the env input and the secrets last', () => {
    expect(env).toMatchObject({
      SAMPLE_SIZE: 'all',
      TENANT_NAME: 'override-by-env',
      API_KEY: 'secret',
    });
  });

  it('keeps what belongs to the action alone away from the stage', () => {
    for (const name of [
      'INPUT_ENV',
      'STATE_x',
      'ACTIONS_RUNTIME_TOKEN',
      'ACTIONS_ID_TOKEN_REQUEST_TOKEN',
      'ACTIONS_CACHE_URL',
    ]) {
      expect(env).not.toHaveProperty(name);
    }
  });
});

describe('.env_gha replaces .env', () => {
  it('copies it over', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stage-env-'));
    writeFileSync(path.join(dir, '.env'), 'MODE=local\n');
    writeFileSync(path.join(dir, '.env_gha'), 'MODE=ci\n');
    expect(applyEnvGha(dir)).toBe(true);
    expect(readFileSync(path.join(dir, '.env'), 'utf8')).toBe('MODE=ci\n');
  });

  it('leaves a folder without it alone', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stage-env-'));
    expect(applyEnvGha(dir)).toBe(false);
    expect(existsSync(path.join(dir, '.env'))).toBe(false);
  });
});
