import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import {
  PartIntegrityError,
  listLocalTree,
  localPathFor,
  relativePathOfKey,
} from '@cat-actions/transfer';

const prefix = 'cat-be/datasets/20240328_084742_utc/1b/';

describe('a key becomes a local path only when it stays inside the destination', () => {
  it.each([
    ['a.csv', 'a.csv'],
    ['deep/er/b.json', 'deep/er/b.json'],
    ['with space/..x', 'with space/..x'],
  ])('%s -> %s', (suffix, expected) => {
    expect(relativePathOfKey(prefix, prefix + suffix)).toBe(expected);
  });

  it.each([
    ['../escape.txt'],
    ['a/../../escape.txt'],
    ['./a.txt'],
    ['a//b.txt'],
    ['/etc/passwd'],
    ['..\\escape.txt'],
    ['a\0b'],
    [''],
  ])('rejects %j', (suffix) => {
    expect(() => relativePathOfKey(prefix, prefix + suffix)).toThrow(PartIntegrityError);
  });

  it('rejects a key from another prefix', () => {
    expect(() => relativePathOfKey(prefix, 'cat-be/other/a.csv')).toThrow(/is not under/);
  });

  it('resolves inside the folder and refuses anything that resolves outside', () => {
    expect(localPathFor('/tmp/dest', 'a/b.csv')).toBe(path.resolve('/tmp/dest/a/b.csv'));
    expect(() => localPathFor('/tmp/dest', '../x')).toThrow(/resolves outside/);
    expect(() => localPathFor('/tmp/dest', 'a/../../x')).toThrow(/resolves outside/);
  });
});

describe('the files of a local folder', () => {
  it('lists regular files at any depth, sorted, following file links inside it but not folder links', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'cat-local-tree-'));
    mkdirSync(path.join(root, 'b/c'), { recursive: true });
    writeFileSync(path.join(root, 'z.txt'), 'zz');
    writeFileSync(path.join(root, 'b/c/d.txt'), 'd');
    writeFileSync(path.join(root, 'a.txt'), '');
    symlinkSync(path.join(root, 'z.txt'), path.join(root, 'link.txt'));
    symlinkSync(root, path.join(root, 'b/loop'));
    const { files } = await listLocalTree(root);
    expect(files.map((f) => [f.path, f.size])).toEqual([
      ['a.txt', 0],
      ['b/c/d.txt', 1],
      ['link.txt', 2],
      ['z.txt', 2],
    ]);
  });

  it('is an input error when the folder does not exist', async () => {
    await expect(listLocalTree('/nonexistent/cat-part')).rejects.toThrow(InputError);
  });
});
