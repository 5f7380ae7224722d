import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { NotFoundError } from '@cat-actions/core';
import { runProcessTree } from './process-tree';
import { PIPENV_ENV, PIPFILE_LOCK, VENV_FOLDER, pipenvCacheKey } from './python-env';

/** The runner's cache service, as the entry layer provides it (@actions/cache on a runner). */
export interface PipenvCache {
  /** Why the cache cannot be used here (e.g. not on a GitHub runner), or undefined. */
  unavailableReason(): string | undefined;
  /** Restores `paths` for `key`; true on an exact hit. */
  restore(paths: string[], key: string): Promise<boolean>;
  /** Saves `paths` as `key`; false when the service declined (it says why itself). */
  save(paths: string[], key: string): Promise<boolean>;
}

export interface PipenvSetup {
  workingDirectory: string;
  /** The working directory relative to the workspace, part of the key. */
  label: string;
  env: NodeJS.ProcessEnv;
  cache: PipenvCache;
  useCache: boolean;
  os: string;
  print: (line: string) => void;
  warn: (message: string) => void;
  redact: (line: string) => string;
}

export interface PipenvEnvironment {
  cacheKey: string;
  /** hit, miss (saved after the sync), unavailable or disabled. */
  cache: 'hit' | 'miss' | 'unavailable' | 'disabled';
  pythonVersion: string;
  /** Set when `pipenv sync` failed: the step fails with it, like a failing stage. */
  failure?: { exitCode: number; tail: string[] };
}

/** The `python3` first on PATH (setup-python's choice on a runner): version and real path. */
async function findPython(
  env: NodeJS.ProcessEnv,
): Promise<{ version: string; executable: string }> {
  try {
    const { stdout } = await promisify(execFile)(
      'python3',
      ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable)'],
      { env },
    );
    const [version, executable] = stdout.trim().split('\n');
    return { version, executable };
  } catch (error) {
    throw new NotFoundError(
      `The stage needs Python (it has a ${PIPFILE_LOCK}), but python3 could not be run: ` +
        `${(error as Error).message}. Add actions/setup-python before this step.`,
    );
  }
}

/**
 * Builds the stage's pipenv environment in `<working dir>/.venv` from Pipfile.lock, restoring it
 * from the cache first. The key covers OS, Python version and the lock, so a hit is exactly
 * what `pipenv sync` would build; the sync still runs (it is quick when nothing is missing).
 */
export async function preparePipenv(setup: PipenvSetup): Promise<PipenvEnvironment> {
  const env = { ...setup.env, ...PIPENV_ENV };
  const python = await findPython(env);
  const cacheKey = pipenvCacheKey({
    os: setup.os,
    pythonVersion: python.version,
    project: setup.label,
    lockFile: path.join(setup.workingDirectory, PIPFILE_LOCK),
  });
  setup.print(`Python ${python.version} (${python.executable}); pipenv cache key: ${cacheKey}`);
  // Relative to the workspace (the step's working directory), as actions/cache users write it:
  // the cache version hashes the paths, so an absolute path would tie it to one checkout path.
  const venv = [path.posix.join(setup.label, VENV_FOLDER)];

  let cache: PipenvEnvironment['cache'] = setup.useCache ? 'miss' : 'disabled';
  const unavailable = setup.useCache ? setup.cache.unavailableReason() : undefined;
  if (unavailable) {
    cache = 'unavailable';
    setup.print(`The cache is unavailable here (${unavailable}): building the environment.`);
  } else if (setup.useCache) {
    try {
      if (await setup.cache.restore(venv, cacheKey)) cache = 'hit';
    } catch (error) {
      setup.warn(
        `Restoring the pipenv cache failed, building instead: ${(error as Error).message}`,
      );
    }
    setup.print(cache === 'hit' ? 'Cache hit: environment restored.' : 'Cache miss.');
  }

  const sync = await runProcessTree({
    file: 'pipenv',
    args: ['--python', python.executable, 'sync'],
    cwd: setup.workingDirectory,
    env,
    onLine: setup.print,
    redact: setup.redact,
  });
  if (sync.exitCode !== 0) {
    return { cacheKey, cache, pythonVersion: python.version, failure: sync };
  }
  if (cache === 'miss') {
    try {
      if (await setup.cache.save(venv, cacheKey)) {
        setup.print(`Saved the environment to the cache as ${cacheKey}.`);
      }
    } catch (error) {
      setup.warn(
        `Saving the pipenv cache failed (the next run builds again): ${(error as Error).message}`,
      );
    }
  }
  return { cacheKey, cache, pythonVersion: python.version };
}
