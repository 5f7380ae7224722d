import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { LocalJob } from '../../packages/cli/src/local-job';
import { runLocalAction } from '../../packages/cli/src/local-runner';
import { makeWorkspace, repoRoot } from '../support/action-runner';

const env = { DEV_ROLE_ARN: 'arn:aws:iam::123456789012:role/cat-dev' };

describe('a local job: steps share exported variables; a failure skips what follows', () => {
  it('passes exports on and keeps outputs by step id', async () => {
    const job = new LocalJob({ repoRoot, workspace: makeWorkspace(['CAT-BE-DEV']), env });
    await job.step({
      id: 'tenant',
      action: 'resolve-tenant',
      inputs: { project: 'DEV:CAT-BE-DEV' },
    });
    expect(job.env.TENANT_NAME).toBe('cat-be');
    expect(job.outputs('tenant')['project-path']).toBe('Project/CAT-BE-DEV');
    expect(job.failed).toBeUndefined();
    expect(await job.finish()).toEqual([]);
  });

  it('skips later steps after a failure, except `always` ones', async () => {
    const job = new LocalJob({ repoRoot, workspace: makeWorkspace(['CAT-BE-DEV']), env });
    await job.step({ id: 'bad', action: 'resolve-tenant', inputs: { project: 'DEV:NOPE' } });
    const skipped = await job.step({
      id: 'next',
      action: 'resolve-tenant',
      inputs: { project: 'DEV:CAT-BE-DEV' },
    });
    const always = await job.step({
      id: 'alert',
      action: 'resolve-tenant',
      inputs: { project: 'DEV:CAT-BE-DEV' },
      always: true,
    });
    expect(job.failed).toBe('bad');
    expect(skipped).toBeUndefined();
    expect(always?.exitCode).toBe(0);
  });
});

describe("the local runner's temporary folder (cat-<action>-*) is removed after the step", () => {
  const runResolve = (keep?: boolean) =>
    runLocalAction({
      repoRoot,
      action: 'resolve-tenant',
      inputs: { project: 'DEV:CAT-BE-DEV' },
      env,
      workspace: makeWorkspace(['CAT-BE-DEV']),
      keep,
    });

  it('is gone once the step has run', async () => {
    const result = await runResolve();
    expect(result.exitCode).toBe(0);
    expect(existsSync(result.runnerDir)).toBe(false);
  });

  it('is gone after a deferred post step too', async () => {
    const result = await runLocalAction({
      repoRoot,
      action: 'open-bastion-tunnel',
      inputs: { 'remote-host': 'db.internal', 'remote-port': 'not-a-port' },
      env,
      workspace: makeWorkspace([]),
      post: 'defer',
    });
    expect(result.exitCode).not.toBe(0);
    expect(existsSync(result.runnerDir)).toBe(true); // the post step still needs its state
    await result.runPost!();
    expect(existsSync(result.runnerDir)).toBe(false);
  });

  it('stays with keep, for a look at RUNNER_TEMP and the file commands', async () => {
    const result = await runResolve(true);
    expect(readdirSync(result.runnerDir).sort()).toEqual(
      expect.arrayContaining(['main-output', 'main-env', 'main-summary.md', 'temp']),
    );
    rmSync(result.runnerDir, { recursive: true, force: true });
  });
});
