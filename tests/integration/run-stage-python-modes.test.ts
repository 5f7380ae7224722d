/**
 * run-stage's `python` modes against a real pipenv: a lone Pipfile is installed (`pipenv
 * install`), `system` runs outside pipenv with a notice (also when the runner chooses it through
 * CAT_STAGE_PYTHON), and a stage that needs pipenv on a runner without it fails before anything is
 * written, naming both ways out.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { errorLines, runAction } from '../support/action-runner';
import { pathWithout, type HiddenPrograms } from '../support/hidden-programs';
import { stageWorkspace, useStageServices } from '../fixtures/stages/services';

beforeAll(() => {
  try {
    execFileSync('pipenv', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('pipenv is missing: install the Debian package pipenv (.ci/install-packages)');
  }
});
const services = useStageServices();
const project = 'Project/CAT-PY-DEV';
const pythonEnv = { PROJECT_DIR: 'CAT-PY-DEV' };

describe('a project with a Pipfile and no Pipfile.lock', () => {
  it('gets its environment from pipenv install, which writes the lock', async () => {
    const workspace = stageWorkspace();
    rmSync(path.join(workspace, project, 'Pipfile.lock'));
    const result = await runAction('run-stage', {
      inputs: { stage: 'py', dataset: 'new' },
      workspace,
      env: services().env(pythonEnv),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log).toContain('::group::Python environment (pipenv install)');
    expect(result.log).toContain('No Pipfile.lock: pipenv install resolves the Pipfile');
    const venv = path.join(workspace, project, '.venv');
    expect(result.log).toContain(`prefix=${venv}`);
    expect(existsSync(path.join(workspace, project, 'Pipfile.lock'))).toBe(true);
  }, 180_000);
});

describe('python: system', () => {
  it.each([
    ['the input', { python: 'system' }, {}],
    ['the runner variable CAT_STAGE_PYTHON', {}, { CAT_STAGE_PYTHON: 'system' }],
  ])('chosen by %s: the runner python3 outside pipenv, with a notice', async (_, inputs, env) => {
    const workspace = stageWorkspace();
    const result = await runAction('run-stage', {
      inputs: { stage: 'py', dataset: 'new', ...inputs },
      workspace,
      env: { ...services().env(pythonEnv), ...env },
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.log).toMatch(
      /^::notice::python: system: stage Project\/CAT-PY-DEV runs with the runner's Python \d+\.\d+\.\d+ \(\/\S+\) outside pipenv/m,
    );
    expect(result.log).toContain('virtual_env=none');
    expect(result.log).not.toContain('pipenv cache key');
    expect(existsSync(path.join(workspace, project, '.venv'))).toBe(false);
  });
});

describe('a stage that needs pipenv on a runner without it', () => {
  let bare: HiddenPrograms;
  beforeAll(() => {
    bare = pathWithout(['pipenv']);
  });
  afterAll(() => bare.remove());

  it('fails before anything is written, naming pipenv and python: system', async () => {
    const workspace = stageWorkspace();
    const result = await runAction('run-stage', {
      inputs: { stage: 'py', dataset: 'new' },
      workspace,
      env: { ...services().env(pythonEnv), PATH: bare.env.PATH },
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /Project\/CAT-PY-DEV has a Pipfile\.lock.*pipenv is not installed on this runner.*python: system/,
    );
    expect(existsSync(path.join(workspace, project, '.venv'))).toBe(false);
    expect(result.log).not.toContain('virtual_env=');
    expect(await services().keys('cat-test/datasets/')).toEqual([]);
  });
});
