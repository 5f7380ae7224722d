import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyEnvGha, parseDotEnv, stageEnvironment } from '@cat-actions/stage';

describe('.env is read as python-dotenv reads it', () => {
  it('reads the forms an old tenant .env uses', () => {
    const text = [
      '# settings for the runner',
      'POSTGRESQL_DB_HOST=localhost',
      'POSTGRESQL_DB_PORT = 5432 # the tunnel',
      'export DEPARTMENT_ID=12345',
      "QUOTED='a # not a comment'",
      'DOUBLE="line1\\nline2 \\"x\\""',
      'MULTI="first',
      'second"',
      'URL=postgresql://${POSTGRESQL_DB_HOST}:${POSTGRESQL_DB_PORT}/${DB_NAME:-cat}',
      'FROM_ENV=${HOME}',
      'EMPTY=',
      'not a variable line',
      '',
    ].join('\n');
    const { variables, skippedLines } = parseDotEnv(text, (name) =>
      name === 'HOME' ? '/home/runner' : undefined,
    );
    expect(variables).toEqual({
      POSTGRESQL_DB_HOST: 'localhost',
      POSTGRESQL_DB_PORT: '5432',
      DEPARTMENT_ID: '12345',
      QUOTED: 'a # not a comment',
      DOUBLE: 'line1\nline2 "x"',
      MULTI: 'first\nsecond',
      URL: 'postgresql://localhost:5432/cat',
      FROM_ENV: '/home/runner',
      EMPTY: '',
    });
    expect(skippedLines).toEqual([12]);
  });

  it('reads a Windows-edited file (BOM, CRLF)', () => {
    expect(parseDotEnv('\uFEFFA=1\r\nB=2\r\n').variables).toEqual({ A: '1', B: '2' });
  });
});

describe('run-stage loads .env for every stage, weakest of all', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dot-env-'));
  writeFileSync(path.join(dir, '.env'), 'POSTGRESQL_DB_HOST=laptop\nLOCAL_ONLY=1\n');
  writeFileSync(
    path.join(dir, '.env_gha'),
    [
      'POSTGRESQL_DB_HOST=localhost',
      'DEPARTMENT_ID=42',
      'TENANT_NAME=from-dotenv',
      'API_KEY=committed-by-mistake',
      'SAMPLE_SIZE=5',
      'RUNNER_SETTING=dotenv',
      'DSN=${POSTGRESQL_DB_HOST}:${DB_PORT}',
    ].join('\n'),
  );
  applyEnvGha(dir);
  const env = stageEnvironment(
    { PATH: '/usr/bin', RUNNER_SETTING: 'job' },
    {
      tenant: 'cat-be',
      bucket: 'cat-data',
      dataset: '',
      projectDir: 'CAT-BE-DEV',
      environment: 'DEV',
      workingDirectory: dir,
    },
    { SAMPLE_SIZE: 'all', DB_PORT: '5432' },
    { API_KEY: 'from-the-secret' },
  );

  it('gives the stage the .env_gha values (it replaced .env)', () => {
    expect(env.POSTGRESQL_DB_HOST).toBe('localhost');
    expect(env.DEPARTMENT_ID).toBe('42');
    expect(env.LOCAL_ONLY).toBeUndefined();
    expect(env.DSN).toBe('localhost:5432');
  });

  it.each([
    ['a secret', 'API_KEY', 'from-the-secret'],
    ["the pipeline's own names", 'TENANT_NAME', 'cat-be'],
    ['the env input', 'SAMPLE_SIZE', 'all'],
    ["the job's environment", 'RUNNER_SETTING', 'job'],
  ])('never replaces %s', (_case, name, value) => expect(env[name]).toBe(value));

  it('keeps pipenv run from loading it again over the secrets', () => {
    expect(env.PIPENV_DONT_LOAD_ENV).toBe('1');
  });
});
