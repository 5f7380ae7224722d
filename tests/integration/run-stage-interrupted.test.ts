import { describe, expect, it } from '@jest/globals';
import { MANIFEST, UPLOAD_MARKER, parseManifest } from '@cat-actions/core';
import { errorLines, runAction } from '../support/action-runner';
import { TENANT, actionPid, stageWorkspace, useStageServices } from '../fixtures/stages/services';

// Three runs of the bundle, one of them uploading 50 MiB.
const services = useStageServices();

const DATASET = '20240101_000000_utc';
const PART = `${TENANT}/datasets/${DATASET}/1b_big/`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('an interrupted upload never counts as complete, and the re-run completes it', () => {
  it('killed mid-upload: marker, no manifest; LATEST skips it; the re-run publishes it exactly', async () => {
    const workspace = stageWorkspace();
    const run = runAction('run-stage', {
      inputs: { stage: 'big', dataset: DATASET, upload: '1b*', concurrency: '1' },
      workspace,
      env: services().env({ FILES: '200' }),
    });
    // Kill the action (as a lost runner would end it) once the part's upload is under way.
    let killed = false;
    const watcher = (async () => {
      for (let i = 0; i < 600 && !killed; i++) {
        const keys = await services().keys(PART);
        if (keys.includes(UPLOAD_MARKER) && keys.filter((k) => k.endsWith('.bin')).length >= 3) {
          const pid = actionPid(workspace);
          if (pid) {
            process.kill(pid, 'SIGKILL');
            killed = true;
          }
        }
        await sleep(20);
      }
    })();
    const first = await run;
    await watcher;
    expect(killed).toBe(true);
    expect(first.exitCode).not.toBe(0);

    const afterKill = await services().keys(PART);
    expect(afterKill).toContain(UPLOAD_MARKER);
    expect(afterKill).not.toContain(MANIFEST);
    expect(afterKill.filter((k) => k.endsWith('.bin')).length).toBeLessThan(200);

    // LATEST never picks the unfinished part.
    const reader = await runAction('run-stage', {
      inputs: { stage: '2a', download: '1b_big' },
      workspace: stageWorkspace(),
      env: services().env(),
    });
    expect(reader.exitCode).toBe(1);
    expect(errorLines(reader.log)).toEqual([
      expect.stringContaining('No dataset with complete 1b_big* parts'),
    ]);
    expect(reader.log).toContain(`${DATASET} 1b_big incomplete (upload started, no manifest)`);

    // The re-run (fewer files this time) completes the part, equal to the folder: stale keys gone.
    const second = await runAction('run-stage', {
      inputs: { stage: 'big', dataset: DATASET, upload: '1b*' },
      workspace: stageWorkspace(),
      env: services().env({ FILES: '20' }),
    });
    expect(errorLines(second.log)).toEqual([]);
    expect(second.exitCode).toBe(0);
    const keys = await services().keys(PART);
    const files = Array.from({ length: 20 }, (_, i) => `f${i + 1}.bin`).sort();
    expect(keys).toEqual([MANIFEST, ...files].sort());
    const manifest = parseManifest(await services().text(PART + MANIFEST), 'manifest');
    expect(manifest.files.map((f) => f.path)).toEqual(files);
    expect(manifest.totalBytes).toBe(20 * 262144);
  }, 180_000);
});
