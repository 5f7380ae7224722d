import { describe, expect, it } from '@jest/globals';
import { closeSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import { StageLog, foldersToPublish, type StagePlan } from '@cat-actions/stage';

/** A working directory after a run, holding these folders. */
function ranStage(folders: string[], upload: string[], publishTo: StagePlan['publishTo']) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stage-pub-'));
  for (const folder of folders) mkdirSync(path.join(dir, folder));
  writeFileSync(path.join(dir, '2b_not_a_folder'), '');
  return {
    workingDirectory: dir,
    workingDirectoryLabel: 'Project/CAT-T',
    upload,
    publishTo,
  } as StagePlan;
}

describe('upload names the folders the stage wrote, checked before anything moves', () => {
  it.each<[string[], string[], StagePlan['publishTo'], string[]]>([
    [['1b_raw', '2b', '2b_x', '.venv', '1a'], ['2b*'], 'datasets', ['2b', '2b_x']],
    [['1b_raw', 'test_results'], ['test_results'], 'test-results', ['test_results']],
    [['2b'], [], 'datasets', []],
  ])('%j with %j', (folders, upload, publishTo, expected) => {
    expect(foldersToPublish(ranStage(folders, upload, publishTo))).toEqual(expected);
  });

  it('a pattern that matches no folder fails, listing what is there', () => {
    const plan = ranStage(['1b_raw', 'zz'], ['1b*', '3b*'], 'datasets');
    expect(() => foldersToPublish(plan)).toThrow(InputError);
    expect(() => foldersToPublish(plan)).toThrow(
      /Input 'upload' is "3b\*": expected folders the stage wrote in Project\/CAT-T; after the run it holds 1b_raw, zz/,
    );
  });

  it('a wildcard matching a folder that is not a part name fails for datasets', () => {
    expect(() => foldersToPublish(ranStage(['2b', 'x2b'], ['*2b'], 'datasets'))).toThrow(
      /Input 'upload' is "x2b"/,
    );
  });
});

describe('the stage log is written as it comes, named after its S3 key', () => {
  it('lands in a folder that uploads to the key', () => {
    const key = 'cat-be/logs/2a/20240328_084742_utc_run-7-1.log';
    const log = new StageLog(os.tmpdir(), key);
    log.write('first');
    log.write('second');
    log.close();
    log.write('after close is ignored');
    expect(path.basename(log.file)).toBe('20240328_084742_utc_run-7-1.log');
    expect(path.dirname(log.file)).toBe(log.folder);
    expect(StageLog.prefixOf(key)).toBe('cat-be/logs/2a/');
    expect(readFileSync(log.file, 'utf8')).toBe('first\nsecond\n');
  });

  it('a write that fails (a full disk) stops the log, never the stage', () => {
    const log = new StageLog(os.tmpdir(), 'cat-be/logs/2a/x.log');
    log.write('kept');
    // The file descriptor goes away under it, as a write to a full disk would fail.
    closeSync((log as unknown as { fd: number }).fd);
    expect(() => log.write('lost')).not.toThrow();
    expect(log.writeError?.message).toMatch(/EBADF/);
    expect(() => log.write('ignored')).not.toThrow();
    log.close();
    expect(readFileSync(log.file, 'utf8')).toBe('kept\n');
  });
});
