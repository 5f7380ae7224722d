import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { InputError, comparePaths } from '@cat-actions/core';
import { PartIntegrityError } from './errors';

export interface LocalFile {
  /** Path relative to the folder, `/`-separated: the key suffix under the prefix. */
  readonly path: string;
  /** What is read: the file itself, or for a link inside the folder, the file it points to. */
  readonly absolutePath: string;
  readonly size: number;
}

/**
 * A file found by listLocalTree. Its absolute path is joined when a transfer opens it, not kept:
 * for 50,000 files the absolute paths were ~6 MiB of heap held through the whole upload
 * (issue 14, peak RSS flat as files grow). Only a link keeps its resolved target.
 */
class TreeFile implements LocalFile {
  constructor(
    private readonly root: string,
    readonly path: string,
    readonly size: number,
    private readonly target?: string,
  ) {}

  get absolutePath(): string {
    return this.target ?? path.join(this.root, this.path);
  }
}

/** A symbolic link an upload leaves out, and why. */
export interface SkippedLink {
  /** Relative to the folder, `/`-separated. */
  path: string;
  /** Where it points (as resolved, or as written when it leads nowhere). */
  target: string;
  reason: 'outside' | 'folder' | 'broken';
}

export interface LocalTree {
  files: LocalFile[];
  skippedLinks: SkippedLink[];
}

const inside = (root: string, target: string) => target.startsWith(root + path.sep);

/** What `read` returns, or undefined when it throws (a file gone or unreadable meanwhile). */
function attempt<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/**
 * Every regular file under `root`, sorted by path so uploads and manifests are reproducible.
 * Symbolic links are never followed out of `root`: a link to a file inside it is uploaded as that
 * file's content; a link that leads outside (`passwd -> /etc/passwd`, `environ ->
 * /proc/self/environ`), to a folder (loops) or nowhere is left out and listed in `skippedLinks`,
 * for the caller to warn about. Nothing is read through a link that leaves the folder, so /proc
 * and the rest of the machine stay out of uploads whatever the stage wrote.
 *
 * The walk is synchronous: it runs before anything is sent, and one awaited stat per file was a
 * thread-pool round trip each, in series (issue 14: ~0.2 s of a 2,000-file upload's wall time,
 * the event loop idle, about 5 s at 50,000 files). A stat of a file just written is a few
 * microseconds.
 */
export async function listLocalTree(root: string): Promise<LocalTree> {
  const rootStat = attempt(() => lstatSync(root));
  if (!rootStat?.isDirectory()) {
    throw new InputError({
      input: 'local folder',
      received: root,
      expected: rootStat?.isSymbolicLink()
        ? 'a folder, not a symbolic link (an upload never follows a link out of the working directory)'
        : 'an existing folder to upload',
    });
  }
  const realRoot = realpathSync.native(root);
  const files: LocalFile[] = [];
  const skippedLinks: SkippedLink[] = [];
  const walk = (dir: string, relative: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const absolutePath = path.join(dir, entry.name);
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) {
        walk(absolutePath, rel);
      } else if (entry.isFile()) {
        const info = attempt(() => statSync(absolutePath));
        if (info?.isFile()) files.push(new TreeFile(root, rel, info.size));
      } else if (entry.isSymbolicLink()) {
        const target = attempt(() => realpathSync.native(absolutePath));
        if (!target || !inside(realRoot, target)) {
          const written = attempt(() => readlinkSync(absolutePath)) ?? '?';
          skippedLinks.push({
            path: rel,
            target: target ?? written,
            reason: target ? 'outside' : 'broken',
          });
          continue;
        }
        const info = attempt(() => statSync(target));
        if (info?.isFile()) files.push(new TreeFile(root, rel, info.size, target));
        else skippedLinks.push({ path: rel, target, reason: 'folder' });
      }
    }
  };
  walk(root, '');
  const byPath = <T extends { path: string }>(a: T, b: T) => comparePaths(a.path, b.path);
  return { files: files.sort(byPath), skippedLinks: skippedLinks.sort(byPath) };
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
