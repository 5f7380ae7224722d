import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import { listLocalTree } from '@cat-actions/transfer';
import { FolderMaker, refuseLinks } from '../../../packages/transfer/src/folders';

const scratch = () => mkdtempSync(path.join(os.tmpdir(), 'cat-links-'));

describe('an upload never follows a symbolic link out of its folder', () => {
  it('leaves out links to /etc/passwd and /proc/self/environ, and names them', async () => {
    const root = path.join(scratch(), '1b_x');
    mkdirSync(path.join(root, 'sub'), { recursive: true });
    writeFileSync(path.join(root, 'data.csv'), 'a,b\n');
    symlinkSync('/etc/passwd', path.join(root, 'passwd'));
    symlinkSync('/proc/self/environ', path.join(root, 'environ'));
    symlinkSync('../data.csv', path.join(root, 'sub/inside.csv'));
    symlinkSync('/nonexistent/file', path.join(root, 'broken'));
    symlinkSync('/etc', path.join(root, 'etc'));
    const tree = await listLocalTree(root);
    expect(tree.files.map((f) => f.path)).toEqual(['data.csv', 'sub/inside.csv']);
    // The link inside is read as the file it points to, never through the link.
    expect(tree.files[1].absolutePath).toBe(path.join(root, 'data.csv'));
    expect(tree.skippedLinks.map((l) => [l.path, l.reason])).toEqual([
      ['broken', 'broken'],
      ['environ', 'outside'],
      ['etc', 'outside'],
      ['passwd', 'outside'],
    ]);
    expect(tree.skippedLinks.find((l) => l.path === 'passwd')!.target).toBe('/etc/passwd');
    expect(tree.skippedLinks.find((l) => l.path === 'environ')!.target).toMatch(
      /^\/proc\/\d+\/environ$/,
    );
    expect((await listLocalTree(root)).files.map((f) => f.path)).toEqual([
      'data.csv',
      'sub/inside.csv',
    ]);
  });

  it('refuses a folder that is itself a link', async () => {
    const dir = scratch();
    symlinkSync('/etc', path.join(dir, '1b_etc'));
    await expect(listLocalTree(path.join(dir, '1b_etc'))).rejects.toThrow(InputError);
    await expect(listLocalTree(path.join(dir, '1b_etc'))).rejects.toThrow(/not a symbolic link/);
  });
});

describe('a download never writes through a symbolic link', () => {
  it('refuses a part folder that is a link', () => {
    const dir = scratch();
    const outside = scratch();
    symlinkSync(outside, path.join(dir, '1b'));
    expect(() => refuseLinks(path.join(dir, '1b'), path.join(dir, '1b', 'a.csv'))).toThrow(
      /1b": expected a real folder or file, not a symbolic link/,
    );
  });

  it('refuses a linked sub-folder or file inside the part folder', () => {
    const root = path.join(scratch(), '1b');
    const outside = scratch();
    mkdirSync(root);
    symlinkSync(outside, path.join(root, 'tickets'));
    symlinkSync(path.join(outside, 'x'), path.join(root, 'meta.json'));
    expect(() => refuseLinks(root, path.join(root, 'tickets', '1.txt'))).toThrow(InputError);
    expect(() => refuseLinks(root, path.join(root, 'meta.json'))).toThrow(InputError);
    expect(() => refuseLinks(root, path.join(root, 'new', 'deep.txt'))).not.toThrow();
  });

  it('makes no folder through a link', async () => {
    const root = path.join(scratch(), '1b');
    const outside = scratch();
    mkdirSync(root);
    symlinkSync(outside, path.join(root, 'linked'));
    const folders = new FolderMaker(root);
    await expect(folders.ensure(path.join(root, 'linked', 'deeper'))).rejects.toThrow(InputError);
    expect(existsSync(path.join(outside, 'deeper'))).toBe(false);
    await folders.ensure(path.join(root, 'real', 'deeper'));
    expect(existsSync(path.join(root, 'real', 'deeper'))).toBe(true);
  });
});
