import { beforeAll, describe, expect, it } from '@jest/globals';
import { errorLines, makeWorkspace, runAction } from '../support/action-runner';

// The old pipeline named the secret from SECRET_SUFFIX or SECRET_NAME (repository or
// organisation variables); the workflows pass them to resolve-tenant through env.
const base = {
  DEV_ROLE_ARN: 'arn:aws:iam::123456789012:role/cat-dev',
  GITHUB_RUN_ID: '5',
  GITHUB_RUN_ATTEMPT: '1',
};

let workspace: string;
beforeAll(() => {
  workspace = makeWorkspace(['CAT-BE-DEV']);
});

async function secretNameFor(inputs: Record<string, string>, env: Record<string, string>) {
  const result = await runAction('resolve-tenant', {
    inputs: { project: 'DEV:CAT-BE-DEV', ...inputs },
    workspace,
    env: { ...base, ...env },
  });
  expect(errorLines(result.log)).toEqual([]);
  expect(result.exitCode).toBe(0);
  expect(result.exportedEnv.SECRET_NAME).toBe(result.outputs['secret-name']);
  return result.outputs['secret-name'];
}

describe('secret name: the old precedence, inputs over variables, a name over a suffix', () => {
  it.each([
    ['nothing given: the default suffix', {}, {}, 'cat-be-scraper-secrets'],
    ['SECRET_SUFFIX variable', {}, { SECRET_SUFFIX: '-pipeline' }, 'cat-be-pipeline'],
    ['SECRET_NAME variable', {}, { SECRET_NAME: 'shared/cat-be' }, 'shared/cat-be'],
    [
      'SECRET_NAME over SECRET_SUFFIX',
      {},
      { SECRET_NAME: 'explicit', SECRET_SUFFIX: '-pipeline' },
      'explicit',
    ],
    [
      'secret-suffix input over SECRET_SUFFIX',
      { 'secret-suffix': '-input' },
      { SECRET_SUFFIX: '-pipeline' },
      'cat-be-input',
    ],
    [
      'secret-name input over SECRET_NAME',
      { 'secret-name': 'from-input' },
      { SECRET_NAME: 'from-variable' },
      'from-input',
    ],
    [
      'SECRET_NAME variable over a secret-suffix input',
      { 'secret-suffix': '-input' },
      { SECRET_NAME: 'from-variable' },
      'from-variable',
    ],
  ])('%s', async (_case, inputs, env, expected) => {
    expect(await secretNameFor(inputs, env)).toBe(expected);
  });

  it('a name with characters Secrets Manager refuses is one clear error, nothing exported', async () => {
    const result = await runAction('resolve-tenant', {
      inputs: { project: 'DEV:CAT-BE-DEV' },
      workspace,
      env: { ...base, SECRET_NAME: 'cat be secrets' },
    });
    expect(result.exitCode).not.toBe(0);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('secret-name');
    expect(result.exportedEnv).toEqual({});
    expect(result.outputs).toEqual({});
  });
});
