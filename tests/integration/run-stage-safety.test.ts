import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { errorLines, runAction } from '../support/action-runner';
import {
  SECRETS,
  SECRET_NAME,
  TENANT,
  actionPid,
  processRunning,
  stageWorkspace,
  useStageServices,
} from '../fixtures/stages/services';

const services = useStageServices();

/** What a failed step added to S3: only its stage log, at the URI of the log-uri output. */
async function expectOnlyTheLog(before: Map<string, string>, stage: string, logUri: string) {
  const added = [...(await services().allObjects()).keys()].filter((key) => !before.has(key));
  expect(added).toHaveLength(1);
  expect(added[0]).toMatch(
    new RegExp(`^${TENANT}/logs/${stage}/\\d{8}_\\d{6}_utc_run-4242-1\\.log$`),
  );
  expect(logUri).toBe(`s3://cat-test-data-dev/${added[0]}`);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every file under a folder, as text. */
function filesUnder(root: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const entry of readdirSync(root, { recursive: true, encoding: 'utf8' })) {
    const file = path.join(root, entry);
    if (statSync(file).isFile()) found.set(file, readFileSync(file, 'utf8'));
  }
  return found;
}

describe('secrets reach the stage process and nothing else', () => {
  it('are in the process environment, and in no log, output, summary, variable, file or object', async () => {
    const workspace = stageWorkspace();
    const result = await runAction('run-stage', {
      inputs: { stage: 'secrets', dataset: 'new', upload: '1b*' },
      workspace,
      env: services().env({ SECRET_NAME }),
      // Its files (outputs, summary, RUNNER_TEMP) are searched for secrets below.
      keep: true,
    });
    expect(errorLines(result.log)).toEqual([]);
    expect(result.exitCode).toBe(0);

    // The process had them: it wrote their hashes into the part.
    const part = `${TENANT}/datasets/${result.outputs.dataset}/1b_proof/`;
    expect((await services().text(`${part}api_token.sha256`)).trim()).toBe(
      sha256(SECRETS.API_TOKEN),
    );
    expect((await services().text(`${part}private_key.sha256`)).trim()).toBe(
      sha256(SECRETS.PRIVATE_KEY),
    );
    // What it printed shows *** instead, on stdout and stderr alike.
    expect(result.log).toContain('leaking the token: ***');
    expect(result.log).toContain('leaking in stderr: ***');
    expect(result.log).toContain('port=***');
    expect(result.log).toContain('leaking a JSON leaf: ***');

    const values = [
      SECRETS.API_TOKEN,
      SECRETS.PRIVATE_KEY,
      ...SECRETS.PRIVATE_KEY.split('\n'),
      String(SECRETS.DB_PORT),
      SECRETS.SERVICE_ACCOUNT.private_key,
    ];
    // The unmasked stream carries them only in the ::add-mask:: commands that mask them.
    const rawWithoutMasks = result.rawLog
      .split('\n')
      .filter((line) => !line.startsWith('::add-mask::'))
      .join('\n');
    const objects = await services().allObjects();
    expect([...objects.keys()].some((key) => key.startsWith(`${TENANT}/logs/secrets/`))).toBe(true);
    const places: Record<string, string> = {
      'masked log': result.log,
      'raw log without ::add-mask::': rawWithoutMasks,
      outputs: JSON.stringify(result.outputs),
      summary: result.summary,
      'exported variables': JSON.stringify(result.exportedEnv),
      ...Object.fromEntries(filesUnder(result.runnerDir)),
      ...Object.fromEntries([...objects].map(([key, text]) => [`s3://${key}`, text])),
    };
    for (const value of values) {
      for (const [place, text] of Object.entries(places)) {
        expect({ place, leaks: text.includes(value) }).toEqual({ place, leaks: false });
      }
    }
    const stageLog = [...objects].find(([key]) => key.includes('/logs/secrets/'))![1];
    expect(stageLog).toContain('leaking the token: ***');
  });
});

describe('a failing stage fails the step and uploads no part, only its log', () => {
  it('reports the exit code and the last lines in one ::error::', async () => {
    const before = await services().allObjects();
    const result = await runAction('run-stage', {
      inputs: { stage: 'fail', dataset: 'new', upload: '1b*' },
      workspace: stageWorkspace(),
      env: services().env(),
    });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('Stage fail failed with exit code 3');
    expect(errors[0]).toContain('about to fail');
    expect(result.outputs['exit-code']).toBe('3');
    expect(result.outputs.files).toBe('0');
    expect(result.exportedEnv).toEqual({});
    expect(result.summary).toContain('failed (exit code 3)');
    expect(result.outputs['log-tail']).toBe('about to fail');
    await expectOnlyTheLog(before, 'fail', result.outputs['log-uri']);
  });
});

describe('a timeout ends the whole process tree', () => {
  it('ends the stage and its background child, fails, uploads no part', async () => {
    const before = await services().allObjects();
    const workspace = stageWorkspace();
    const started = Date.now();
    const result = await runAction('run-stage', {
      inputs: { stage: 'slow', dataset: 'new', upload: '1b*', 'timeout-minutes': '0.05' },
      workspace,
      env: services().env(),
    });
    const child = Number(
      readFileSync(path.join(workspace, 'Project/CAT-TEST-DEV/child.pid'), 'utf8'),
    );
    expect(result.exitCode).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Stage slow ran longer than timeout-minutes \(0\.05\)/);
    expect(result.log).toContain(`started child ${child}`);
    expect(processRunning(child)).toBe(false);
    await expectOnlyTheLog(before, 'slow', result.outputs['log-uri']);
  });
});

describe('a cancelled step ends the stage with its whole process tree', () => {
  it("passes the runner's SIGINT on to the stage, fails, uploads no part", async () => {
    const before = await services().allObjects();
    const workspace = stageWorkspace();
    let interrupted = false;
    const result = await runAction('run-stage', {
      inputs: { stage: 'slow', dataset: 'new', upload: '1b*' },
      workspace,
      env: services().env(),
      onLine: (line) => {
        if (line.startsWith('started child') && !interrupted) {
          interrupted = true;
          process.kill(actionPid(workspace)!, 'SIGINT');
        }
      },
    });
    const child = Number(
      readFileSync(path.join(workspace, 'Project/CAT-TEST-DEV/child.pid'), 'utf8'),
    );
    expect(interrupted).toBe(true);
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/Stage slow was cancelled \(exit code 143\).*No part was uploaded/);
    expect(processRunning(child)).toBe(false);
    await expectOnlyTheLog(before, 'slow', result.outputs['log-uri']);
  });
});
