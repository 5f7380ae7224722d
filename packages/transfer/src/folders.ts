import { mkdir } from 'node:fs/promises';

/**
 * Creates each destination folder once per transfer: thousands of files share a few folders,
 * and a recursive mkdir per file is a wasted round trip through the thread pool.
 */
export class FolderMaker {
  private readonly made = new Map<string, Promise<unknown>>();

  ensure(folder: string): Promise<unknown> {
    let making = this.made.get(folder);
    if (!making) {
      making = mkdir(folder, { recursive: true });
      making.catch(() => this.made.delete(folder));
      this.made.set(folder, making);
    }
    return making;
  }
}
