import { comparePaths, type ManifestFile, type ManifestFileList } from '@cat-actions/core';
import { SHA256_BYTES } from './checksum';
import type { LocalFile } from './local-tree';
import type { UploadedFile } from './upload-file';

/**
 * What was sent, held in columns by the folder's file index: at 50,000 files, an object and a
 * 64-character hex string per file were most of an upload's heap at its end, where its memory
 * peaks (issue 14). As a ManifestFileList it gives the entries sorted by path, one at a time, as
 * the manifest is written.
 */
export class SentFiles implements ManifestFileList {
  private readonly sizes: Float64Array;
  private readonly hashes: Buffer;
  /** File indexes in path order (the folder's files come sorted already, so usually 0, 1, 2...). */
  private readonly byPath: Uint32Array;

  constructor(private readonly local: readonly LocalFile[]) {
    this.sizes = new Float64Array(local.length);
    this.hashes = Buffer.alloc(local.length * SHA256_BYTES);
    this.byPath = Uint32Array.from(local.keys());
    const pathOrder = (a: number, b: number) => comparePaths(local[a].path, local[b].path);
    if (!this.byPath.every((index, at) => at === 0 || pathOrder(at - 1, index) < 0)) {
      this.byPath.sort(pathOrder);
    }
  }

  get length(): number {
    return this.local.length;
  }

  record(index: number, file: UploadedFile): void {
    this.sizes[index] = file.size;
    this.hashes.write(file.sha256, index * SHA256_BYTES, SHA256_BYTES, 'hex');
  }

  /** The `position`-th entry in path order. */
  at(position: number): ManifestFile {
    const index = this.byPath[position];
    const from = index * SHA256_BYTES;
    return {
      path: this.local[index].path,
      size: this.sizes[index],
      sha256: this.hashes.toString('hex', from, from + SHA256_BYTES),
    };
  }

  bytes(): number {
    return this.sizes.reduce((sum, size) => sum + size, 0);
  }

  toJSON(): ManifestFile[] {
    return Array.from({ length: this.length }, (_, index) => this.at(index));
  }
}
