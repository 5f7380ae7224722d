import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { NotFoundError } from '@cat-actions/core';
import { findOnPath } from '@cat-actions/process';
import { runProcessTree } from './process-tree';
import { PIPENV_ENV, PYTHON_MODE_VARIABLE, VENV_FOLDER, pipenvCacheKey } from './python-env';

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
  /** `sync` from Pipfile.lock, or `install` from a lone Pipfile. */
  command: 'sync' | 'install';
  /** Pipfile.lock (sync) or Pipfile (install): the cache key hashes it. */
  manifest: string;
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
  command: 'sync' | 'install';
  /** Set when `pipenv sync` / `pipenv install` failed: the step fails with it, like a failing stage. */
  failure?: { exitCode: number; tail: string[] };
}

/**
 * Fails before anything is written when the stage needs pipenv and the runner has none: the
 * message says both ways out (install pipenv, or choose python: system explicitly).
 */
export function requirePipenv(env: NodeJS.ProcessEnv, label: string, manifest: string): void {
  if (findOnPath('pipenv', env.PATH ?? '')) return;
  throw new NotFoundError(
    `Stage ${label} has a ${path.basename(manifest)}, so it runs in a pipenv environment, but ` +
      `pipenv is not installed on this runner (not on PATH). Install it (pip install pipenv, or ` +
      `the setup-tools action), or set python: system (or the runner variable ` +
      `${PYTHON_MODE_VARIABLE}=system) to run the stage with the runner's python3 outside pipenv.`,
  );
}

/** The `python3` first on PATH (setup-python's choice on a runner): version and real path. */
export async function findPython(
  env: NodeJS.ProcessEnv,
): Promise<{ version: string; executable: string } | undefined> {
  try {
    const { stdout } = await promisify(execFile)(
      'python3',
      ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]); print(sys.executable)'],
      { env },
    );
    const [version, executable] = stdout.trim().split('\n');
    return { version, executable };
  } catch {
    return undefined;
  }
}

/** What `python: system` tells the log: which python3 runs the stage, or that there is none. */
export async function describeSystemPython(
  env: NodeJS.ProcessEnv,
  label: string,
): Promise<{ notice?: string; warning?: string }> {
  const python = await findPython(env);
  if (!python) {
    return {
      warning:
        `python: system, but python3 could not be run on this runner: a stage that calls python3 ` +
        `fails (exit code 127); bash stages run. Add actions/setup-python before this step.`,
    };
  }
  return {
    notice:
      `python: system: stage ${label} runs with the runner's Python ${python.version} ` +
      `(${python.executable}) outside pipenv; a Pipfile or Pipfile.lock there is not installed, ` +
      `and .env is loaded by run-stage.`,
  };
}

/**
 * Builds the stage's pipenv environment in `<working dir>/.venv` from Pipfile.lock (`pipenv
 * sync`) or a lone Pipfile (`pipenv install`), restoring it from the cache first. The key covers
 * OS, Python version and the lock (or Pipfile), so a hit is exactly what the command would build;
 * it still runs (it is quick when nothing is missing).
 */
export async function preparePipenv(setup: PipenvSetup): Promise<PipenvEnvironment> {
  const env = { ...setup.env, ...PIPENV_ENV };
  const manifest = path.basename(setup.manifest);
  requirePipenv(env, setup.label, setup.manifest);
  const python = await findPython(env);
  if (!python) {
    throw new NotFoundError(
      `The stage needs Python (it has a ${manifest}), but python3 could not be run. ` +
        'Add actions/setup-python before this step.',
    );
  }
  const cacheKey = pipenvCacheKey({
    os: setup.os,
    pythonVersion: python.version,
    project: setup.label,
    lockFile: setup.manifest,
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

  if (setup.command === 'install') {
    setup.print(`No Pipfile.lock: pipenv install resolves the Pipfile (and writes the lock).`);
  }
  const sync = await runProcessTree({
    file: 'pipenv',
    args: ['--python', python.executable, setup.command],
    cwd: setup.workingDirectory,
    env,
    onLine: setup.print,
    redact: setup.redact,
  });
  if (sync.exitCode !== 0) {
    return {
      cacheKey,
      cache,
      command: setup.command,
      pythonVersion: python.version,
      failure: sync,
    };
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
  return { cacheKey, cache, command: setup.command, pythonVersion: python.version };
}
