import { describe, expect, it } from '@jest/globals';
import { LocalJob } from '../../packages/cli/src/local-job';
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
