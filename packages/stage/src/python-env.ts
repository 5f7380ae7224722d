import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '@cat-actions/core';

export type PythonMode = 'auto' | 'pipenv' | 'none';
const MODES: PythonMode[] = ['auto', 'pipenv', 'none'];

export const PIPFILE_LOCK = 'Pipfile.lock';
/** With PIPENV_VENV_IN_PROJECT=1 the environment lives here, at a path the cache can name. */
export const VENV_FOLDER = '.venv';

export function parsePythonMode(value: string, input = 'python'): PythonMode {
  const mode = (value.trim() || 'auto').toLowerCase() as PythonMode;
  if (!MODES.includes(mode)) {
    throw new InputError({ input, received: value, expected: MODES.join(', '), example: 'auto' });
  }
  return mode;
}

/**
 * Whether the stage runs inside a pipenv environment: `auto` follows the presence of
 * Pipfile.lock (stages without one run directly); `pipenv` insists on it, because `pipenv sync`
 * installs exactly the lock and nothing else.
 */
export function usesPipenv(mode: PythonMode, workingDirectory: string): boolean {
  if (mode === 'none') return false;
  const hasLock = existsSync(path.join(workingDirectory, PIPFILE_LOCK));
  if (mode === 'pipenv' && !hasLock) {
    throw new InputError({
      input: 'python',
      received: mode,
      expected: `a ${PIPFILE_LOCK} in the working directory ${workingDirectory} (run \`pipenv lock\` and commit it), or python: none`,
      example: 'auto',
    });
  }
  return hasLock;
}

export interface PipenvCacheKeyParts {
  /** RUNNER_OS, e.g. Linux. */
  os: string;
  /** The interpreter's version, e.g. 3.11.7: a venv only works with the Python that built it. */
  pythonVersion: string;
  /** The working directory relative to the workspace: two tenants' venvs never mix. */
  project: string;
  lockFile: string;
}

/** `pipenv-Linux-py3.11.7-<sha256 of project + Pipfile.lock>`: any change to the lock misses. */
export function pipenvCacheKey(parts: PipenvCacheKeyParts): string {
  const hash = createHash('sha256')
    .update(parts.project)
    .update('\0')
    .update(readFileSync(parts.lockFile))
    .digest('hex');
  return `pipenv-${parts.os}-py${parts.pythonVersion}-${hash}`;
}

/** Settings that make pipenv predictable in CI: venv in the project, no prompts, no spinner. */
export const PIPENV_ENV: Record<string, string> = {
  PIPENV_VENV_IN_PROJECT: '1',
  PIPENV_NOSPIN: '1',
  PIPENV_YES: '1',
  PIPENV_IGNORE_VIRTUALENVS: '1',
  PIPENV_VERBOSITY: '-1',
};
