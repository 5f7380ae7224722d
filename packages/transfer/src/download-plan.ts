import type { ExpectedFile } from './download-file';

/** One file a download fetches, as handed in (a manifest entry, or a listed object). */
export interface PlanEntry {
  /** Relative to the part folder, `/`-separated, already checked safe. */
  path: string;
  size: number;
  /** Hex SHA-256 from the manifest; absent when the part has none (legacy parts, plain trees). */
  sha256?: string;
}

const SHA256_BYTES = 32;

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The files of a download, held compactly for the whole transfer: every path in one string with
 * its end offsets, sizes in a Float64Array, SHA-256s as raw bytes. A part of 50,000 files held
 * as parsed manifest entries (an object, a path string and a 64-character hex string each) kept
 * ~8 MiB of heap live until the last file was written; here it is ~3 MiB, most of it outside
 * the heap (issue 14, peak RSS). Entries are rebuilt on demand, one file at a time.
 */
export class DownloadPlan {
  readonly count: number;
  readonly totalBytes: number;
  private readonly paths: string;
  private readonly ends: Uint32Array;
  private readonly sizes: Float64Array;
  /** SHA256_BYTES per file; undefined when no entry had one. */
  private readonly digests: Buffer | undefined;
  /** Indices in code-unit order of path, for lookups by path. */
  private byPathOrder: Uint32Array | undefined;

  constructor(entries: readonly PlanEntry[]) {
    this.count = entries.length;
    this.ends = new Uint32Array(entries.length);
    this.sizes = new Float64Array(entries.length);
    const withDigest = entries.length > 0 && entries.every((e) => e.sha256 !== undefined);
    if (!withDigest && entries.some((e) => e.sha256 !== undefined)) {
      throw new RangeError('DownloadPlan: either every entry has a SHA-256 or none has');
    }
    this.digests = withDigest ? Buffer.alloc(entries.length * SHA256_BYTES) : undefined;
    let end = 0;
    let total = 0;
    for (let i = 0; i < entries.length; i++) {
      const { path, size, sha256 } = entries[i];
      end += path.length;
      this.ends[i] = end;
      this.sizes[i] = size;
      total += size;
      if (this.digests && sha256 !== undefined) {
        const written = this.digests.write(sha256, i * SHA256_BYTES, SHA256_BYTES, 'hex');
        if (written !== SHA256_BYTES || sha256.length !== SHA256_BYTES * 2) {
          throw new RangeError(`DownloadPlan: ${path} has no hex SHA-256`);
        }
      }
    }
    this.totalBytes = total;
    // One flat string: the paths' own strings (and the entries) are garbage once this returns.
    this.paths = entries.map((e) => e.path).join('');
  }

  /** True when every file has a SHA-256 to be checked against. */
  get verifiable(): boolean {
    return this.digests !== undefined;
  }

  path(index: number): string {
    return this.paths.slice(index === 0 ? 0 : this.ends[index - 1], this.ends[index]);
  }

  size(index: number): number {
    return this.sizes[index];
  }

  sha256(index: number): string | undefined {
    return this.digests?.toString('hex', index * SHA256_BYTES, index * SHA256_BYTES + SHA256_BYTES);
  }

  /** What the file must be once downloaded. */
  expected(index: number): ExpectedFile {
    const sha256 = this.sha256(index);
    return sha256 === undefined ? { size: this.size(index) } : { size: this.size(index), sha256 };
  }

  /** The index of the file at `path`, or -1 (binary search; the order is built on first use). */
  indexOf(path: string): number {
    const order = (this.byPathOrder ??= this.orderBy((a, b) =>
      compareCodeUnits(this.path(a), this.path(b)),
    ));
    let low = 0;
    let high = order.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = compareCodeUnits(this.path(order[middle]), path);
      if (found === 0) return order[middle];
      if (found < 0) low = middle + 1;
      else high = middle - 1;
    }
    return -1;
  }

  /** Indices, largest file first (equal sizes keep the plan's order). */
  largestFirst(): number[] {
    return Array.from(this.orderBy((a, b) => this.sizes[b] - this.sizes[a] || a - b));
  }

  private orderBy(compare: (a: number, b: number) => number): Uint32Array {
    const order = new Uint32Array(this.count);
    for (let i = 0; i < this.count; i++) order[i] = i;
    return order.sort(compare);
  }
}
