import { lstatSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '@cat-actions/core';

/**
 * Refuses a path under `root` (or `root` itself) that goes through a symbolic link, or ends in
 * one: a download never writes through a link, so a part folder (or a file in it) that a stage
 * or a checkout made a link cannot send a download's bytes outside the workspace.
 */
export function refuseLinks(root: string, target: string): void {
  const base = path.resolve(root);
  const steps = path.relative(base, path.resolve(target)).split(path.sep).filter(Boolean);
  let current = base;
  for (const step of ['', ...steps]) {
    current = step ? path.join(current, step) : current;
    let isLink = false;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return; // does not exist yet: nothing below it can be a link either
    }
    if (isLink) {
      throw new InputError({
        input: 'local folder',
        received: current,
        expected:
          'a real folder or file, not a symbolic link: a download never writes through a link. ' +
          'Remove the link, or download into another folder',
      });
    }
  }
}

/**
 * Creates each destination folder once per transfer: thousands of files share a few folders,
 * and a recursive mkdir per file is a wasted round trip through the thread pool. Every folder is
 * checked to hold no symbolic link from `root` down, before it is made (see refuseLinks).
 */
export class FolderMaker {
  private readonly made = new Map<string, Promise<unknown>>();

  constructor(private readonly root?: string) {}

  ensure(folder: string): Promise<unknown> {
    let making = this.made.get(folder);
    if (!making) {
      making = (async () => {
        if (this.root) refuseLinks(this.root, folder);
        await mkdir(folder, { recursive: true });
      })();
      making.catch(() => this.made.delete(folder));
      this.made.set(folder, making);
    }
    return making;
  }
}
