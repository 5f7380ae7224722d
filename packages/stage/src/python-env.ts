import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '@cat-actions/core';

/**
 * How a stage gets its Python:
 * - `auto` (default): a pipenv environment when the working directory has a Pipfile.lock
 *   (`pipenv sync`) or only a Pipfile (`pipenv install`), else the stage runs directly;
 * - `pipenv`: the same, but a project without a Pipfile is bad input;
 * - `system`: the runner's python3 outside pipenv (.env still loaded by run-stage), said in a
 *   notice: for machines without pipenv, chosen explicitly, never as a silent fallback;
 * - `none`: the stage runs directly, nothing about Python is checked.
 */
export type PythonMode = 'auto' | 'pipenv' | 'system' | 'none';
const MODES: PythonMode[] = ['auto', 'pipenv', 'system', 'none'];

export const PIPFILE = 'Pipfile';
export const PIPFILE_LOCK = 'Pipfile.lock';
/** With PIPENV_VENV_IN_PROJECT=1 the environment lives here, at a path the cache can name. */
export const VENV_FOLDER = '.venv';
/** A runner-wide choice of mode where the step leaves `python` empty (e.g. a machine without pipenv). */
export const PYTHON_MODE_VARIABLE = 'CAT_STAGE_PYTHON';

export function parsePythonMode(value: string, input = 'python'): PythonMode {
  const mode = (value.trim() || 'auto').toLowerCase() as PythonMode;
  if (!MODES.includes(mode)) {
    throw new InputError({ input, received: value, expected: MODES.join(', '), example: 'auto' });
  }
  return mode;
}

/** What run-stage does about Python for one stage. */
export type PythonSetup =
  | {
      kind: 'pipenv';
      /** `sync` installs exactly the lock; `install` resolves a lone Pipfile (and writes the lock). */
      command: 'sync' | 'install';
      /** The file the environment is built from, hashed into the cache key. */
      manifest: string;
    }
  | { kind: 'system' }
  | { kind: 'direct' };

export function pythonSetup(mode: PythonMode, workingDirectory: string): PythonSetup {
  if (mode === 'none') return { kind: 'direct' };
  if (mode === 'system') return { kind: 'system' };
  const lock = path.join(workingDirectory, PIPFILE_LOCK);
  const pipfile = path.join(workingDirectory, PIPFILE);
  if (existsSync(lock)) return { kind: 'pipenv', command: 'sync', manifest: lock };
  if (existsSync(pipfile)) return { kind: 'pipenv', command: 'install', manifest: pipfile };
  if (mode === 'pipenv') {
    throw new InputError({
      input: 'python',
      received: mode,
      expected: `a ${PIPFILE} or a ${PIPFILE_LOCK} in the working directory ${workingDirectory} (commit them), or python: system or none`,
      example: 'auto',
    });
  }
  return { kind: 'direct' };
}

/** Whether the stage runs inside a pipenv environment (see pythonSetup). */
export function usesPipenv(mode: PythonMode, workingDirectory: string): boolean {
  return pythonSetup(mode, workingDirectory).kind === 'pipenv';
}

export interface PipenvCacheKeyParts {
  /** RUNNER_OS, e.g. Linux. */
  os: string;
  /** The interpreter's version, e.g. 3.11.7: a venv only works with the Python that built it. */
  pythonVersion: string;
  /** The working directory relative to the workspace: two tenants' venvs never mix. */
  project: string;
  /** Pipfile.lock, or the Pipfile of a project without a lock. */
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
