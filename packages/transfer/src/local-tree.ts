import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@cat-actions/core';
import { PartIntegrityError } from './errors';

export interface LocalFile {
  /** Path relative to the folder, `/`-separated: the key suffix under the prefix. */
  path: string;
  absolutePath: string;
  size: number;
}

/**
 * Every regular file under `root` (symlinks to files followed, symlinked folders not, so a link
 * loop cannot hang the upload), sorted by path so uploads and manifests are reproducible.
 */
export async function listLocalFiles(root: string): Promise<LocalFile[]> {
  const rootStat = await stat(root).catch(() => undefined);
  if (!rootStat?.isDirectory()) {
    throw new InputError({
      input: 'local folder',
      received: root,
      expected: 'an existing folder to upload',
    });
  }
  const files: LocalFile[] = [];
  const walk = async (dir: string, relative: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const absolutePath = path.join(dir, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        await walk(absolutePath, rel);
      } else if (entry.isFile() || entry.isSymbolicLink()) {
        const info = await stat(absolutePath).catch(() => undefined);
        if (info?.isFile()) files.push({ path: rel, absolutePath, size: info.size });
      }
    }
  };
  await walk(root, '');
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * The relative path a key stands for under `prefix`, or an error when writing it could escape
 * the destination folder (`..`, absolute paths, backslashes, empty segments, NUL).
 */
export function relativePathOfKey(prefix: string, key: string): string {
  if (!key.startsWith(prefix)) {
    throw new PartIntegrityError(`Key ${JSON.stringify(key)} is not under ${prefix}.`);
  }
  const relative = key.slice(prefix.length);
  const segments = relative.split('/');
  const unsafe =
    relative === '' ||
    relative.includes('\\') ||
    relative.includes('\0') ||
    segments.some((s) => s === '' || s === '.' || s === '..') ||
    path.isAbsolute(relative);
  if (unsafe) {
    throw new PartIntegrityError(
      `Refusing to download key ${JSON.stringify(key)}: its path ${JSON.stringify(relative)} could write outside the destination folder. Remove or rename that object.`,
    );
  }
  return relative;
}

/** Where a relative path lands under `root`, checked to stay inside it. */
export function localPathFor(root: string, relative: string): string {
  const base = path.resolve(root);
  const target = path.resolve(base, ...relative.split('/'));
  if (!target.startsWith(base + path.sep)) {
    throw new PartIntegrityError(
      `Refusing to write ${JSON.stringify(relative)}: it resolves outside ${base}.`,
    );
  }
  return target;
}

/** A key prefix must name a folder: non-empty, ending with `/`, no leading `/`. */
export function checkPrefix(prefix: string): string {
  if (!prefix.endsWith('/') || prefix.startsWith('/') || prefix.split('/').includes('..')) {
    throw new InputError({
      input: 'prefix',
      received: prefix,
      expected: 'an S3 key prefix that ends with / and has no leading / or ..',
      example: 'cat-be/datasets/20240328_084742_utc/1b/',
    });
  }
  return prefix;
}
