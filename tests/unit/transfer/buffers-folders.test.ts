import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FolderMaker } from '../../../packages/transfer/src/folders';
import { PartBufferPool } from '../../../packages/transfer/src/part-buffers';

describe('multipart buffers are reused, not reallocated', () => {
  it('hands back a returned buffer instead of a new one', () => {
    const pool = new PartBufferPool();
    const first = pool.take(1024);
    expect(first.length).toBe(1024);
    pool.give(first);
    expect(pool.take(1024)).toBe(first);
    expect(pool.take(1024)).not.toBe(first);
  });

  it('never hands out a buffer smaller than asked', () => {
    const pool = new PartBufferPool();
    pool.give(Buffer.alloc(10));
    expect(pool.take(20).length).toBe(20);
  });
});

describe('destination folders are made once per transfer', () => {
  it('creates nested folders and reuses the same work for the same folder', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cat-folders-'));
    const folders = new FolderMaker();
    const target = path.join(root, 'a', 'b');
    const first = folders.ensure(target);
    expect(folders.ensure(target)).toBe(first);
    await first;
    expect(existsSync(target)).toBe(true);
  });

  it('tries again after a failure', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cat-folders-'));
    const folders = new FolderMaker();
    const blocked = path.join(root, 'file-not-folder');
    const { writeFileSync, rmSync } = await import('node:fs');
    writeFileSync(blocked, 'x');
    await expect(folders.ensure(path.join(blocked, 'sub'))).rejects.toThrow();
    rmSync(blocked);
    await folders.ensure(path.join(blocked, 'sub'));
    expect(existsSync(path.join(blocked, 'sub'))).toBe(true);
  });
});

describe('V8 flags the run-stage loader sets', () => {
  // V8 only prints "unrecognized flag" when a flag goes away: fail here instead of silently
  // losing the memory bound (scripts/build.mjs, run-stage's loader). Process-wide, so each Node
  // runs it in a child.
  it.each([
    ['this Node', process.execPath, '--semi-space-growth-factor=1'],
    [
      'the runner Node 24',
      path.resolve('node_modules/node/bin/node'),
      '--semi-space-growth-factor=1',
    ],
    ['the runner Node 24', path.resolve('node_modules/node/bin/node'), '--efficiency-mode'],
    [
      'the runner Node 24',
      path.resolve('node_modules/node/bin/node'),
      '--efficiency-mode-disable-turbofan',
    ],
  ])('%s still knows %s', async (_name, node, flag) => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(node, ['-e', `require('v8').setFlagsFromString('${flag}')`], {
      encoding: 'utf8',
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
  });
});
