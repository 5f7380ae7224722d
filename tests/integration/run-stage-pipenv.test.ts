import { beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { errorLines, runAction } from '../support/action-runner';
import { startFakeCacheService } from '../fixtures/stages/cache-service';
import { stageWorkspace, useStageServices } from '../fixtures/stages/services';

beforeAll(() => {
  try {
    execFileSync('pipenv', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('pipenv is missing: install the Debian package pipenv (.ci/install-packages)');
  }
});
// pipenv builds a virtualenv per run: slower than the default 60 s on a busy machine.
const services = useStageServices();

const pythonEnv = { PROJECT_DIR: 'CAT-PY-DEV' };
const keyOf = (log: string) => /pipenv cache key: (\S+)/.exec(log)?.[1];
let firstKey: string | undefined;

describe('a stage with a Pipfile.lock runs inside its pipenv environment', () => {
  it('syncs .venv from the lock, shows the cache key, and runs the command in the venv', async () => {
    const workspace = stageWorkspace();
    const result = await runAction('run-stage', {
      inputs: { stage: 'py', dataset: 'new' },
      workspace,
      env: services().env(pythonEnv),
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);
    const venv = path.join(workspace, 'Project/CAT-PY-DEV/.venv');
    expect(existsSync(path.join(venv, 'bin/python'))).toBe(true);
    expect(result.log).toContain(`prefix=${venv}`);
    expect(result.log).toContain(`virtual_env=${venv}`);

    const key = keyOf(result.log);
    expect(key).toMatch(/^pipenv-Linux-py\d+\.\d+\.\d+-[0-9a-f]{64}$/);
    firstKey = key;
    // Off a runner there is no cache service: said plainly, and the step goes on.
    expect(result.log).toMatch(
      /The cache is unavailable here \(no ACTIONS_CACHE_URL or ACTIONS_RESULTS_URL/,
    );
    expect(result.summary).toContain(key!);
    expect(result.summary).toContain('cache unavailable');
    const lines = result.log.split('\n');
    expect(lines.indexOf('::group::Python environment (pipenv sync)')).toBeLessThan(
      lines.findIndex((l) => l.startsWith('::group::Run stage py')),
    );
  }, 180_000);

  it('python: none runs the same stage outside any venv', async () => {
    const direct = await runAction('run-stage', {
      inputs: { stage: 'py', dataset: 'new', python: 'none' },
      workspace: stageWorkspace(),
      env: services().env(pythonEnv),
    });
    expect(direct.exitCode).toBe(0);
    expect(direct.log).not.toContain('pipenv cache key');
    expect(direct.log).toContain('virtual_env=none');
  });

  it('saves the environment in the cache, and the next run restores it by the same key', async () => {
    const cache = await startFakeCacheService();
    try {
      const env = services().env({ ...pythonEnv, ...cache.env });
      const first = await runAction('run-stage', {
        inputs: { stage: 'py', dataset: 'new' },
        workspace: stageWorkspace(),
        env,
      });
      expect(errorLines(first.log)).toEqual([]);
      expect(first.log).toContain('Cache miss.');
      expect(first.log).toContain(`Saved the environment to the cache as ${firstKey}.`);
      expect(cache.saved()).toEqual([firstKey]);

      const workspace = stageWorkspace();
      const second = await runAction('run-stage', {
        inputs: { stage: 'py', dataset: 'new' },
        workspace,
        env,
      });
      expect(errorLines(second.log)).toEqual([]);
      expect(second.exitCode).toBe(0);
      expect(second.log).toContain('Cache hit: environment restored.');
      expect(second.log).not.toContain('Saved the environment');
      expect(second.log).toContain(`prefix=${path.join(workspace, 'Project/CAT-PY-DEV/.venv')}`);
      expect(second.summary).toContain('cache hit');
      expect(cache.lookups).toEqual([firstKey, firstKey]);
    } finally {
      await cache.stop();
    }
  }, 180_000);
});
