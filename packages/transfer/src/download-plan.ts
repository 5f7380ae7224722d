import { comparePaths } from '@cat-actions/core';
import { SHA256_BYTES } from './checksum';
import type { ExpectedFile } from './download-file';

/** One file a download fetches, as handed in (a manifest entry, or a listed object). */
export interface PlanEntry {
  /** Relative to the part folder, `/`-separated, already checked safe. */
  path: string;
  size: number;
  /** Hex SHA-256 from the manifest; absent when the part has none (legacy parts, plain trees). */
  sha256?: string;
}

/** A plan's columns, as DownloadPlanBuilder fills them. */
interface PlanColumns {
  count: number;
  totalBytes: number;
  paths: string;
  ends: Uint32Array;
  sizes: Float64Array;
  digests: Buffer | undefined;
}

/** Paths joined into one string per this many files while a plan is built. */
const PATHS_PER_PIECE = 1024;

/**
 * Builds a DownloadPlan one entry at a time, as a manifest is read (core's ManifestReader): no
 * array of every entry is ever held. Columns grow by doubling and are cut to size at the end.
 */
export class DownloadPlanBuilder {
  private count = 0;
  private total = 0;
  private end = 0;
  private ends: Uint32Array;
  private sizes: Float64Array;
  private digests: Buffer | undefined;
  /** Whether entries carry a SHA-256; decided by the first one. */
  private withDigest: boolean | undefined;
  private pathPieces: string[] = [];
  private pendingPaths: string[] = [];

  constructor(private readonly capacity = 1024) {
    this.ends = new Uint32Array(capacity);
    this.sizes = new Float64Array(capacity);
  }

  add({ path, size, sha256 }: PlanEntry): void {
    this.withDigest ??= sha256 !== undefined;
    if (this.withDigest !== (sha256 !== undefined)) {
      throw new RangeError('DownloadPlan: either every entry has a SHA-256 or none has');
    }
    const i = this.count;
    if (i === this.ends.length) this.grow();
    this.end += path.length;
    this.ends[i] = this.end;
    this.sizes[i] = size;
    this.total += size;
    if (sha256 !== undefined) {
      this.digests ??= Buffer.alloc(this.ends.length * SHA256_BYTES);
      const written = this.digests.write(sha256, i * SHA256_BYTES, SHA256_BYTES, 'hex');
      if (written !== SHA256_BYTES || sha256.length !== SHA256_BYTES * 2) {
        throw new RangeError(`DownloadPlan: ${path} has no hex SHA-256`);
      }
    }
    this.pendingPaths.push(path);
    if (this.pendingPaths.length === PATHS_PER_PIECE) this.joinPending();
    this.count++;
  }

  /** Starts over, as if nothing had been added (every field from a new builder). */
  restart(): void {
    Object.assign(this, new DownloadPlanBuilder(this.capacity));
  }

  build(): DownloadPlan {
    return new DownloadPlan(this.columns());
  }

  /** The columns cut to size (copies: the builder's spare capacity is let go). */
  columns(): PlanColumns {
    this.joinPending();
    const n = this.count;
    return {
      count: n,
      totalBytes: this.total,
      paths: this.pathPieces.join(''),
      ends: this.ends.slice(0, n),
      sizes: this.sizes.slice(0, n),
      digests: this.digests && Buffer.from(this.digests.subarray(0, n * SHA256_BYTES)),
    };
  }

  private joinPending(): void {
    if (this.pendingPaths.length > 0) this.pathPieces.push(this.pendingPaths.join(''));
    this.pendingPaths = [];
  }

  private grow(): void {
    const size = this.ends.length * 2;
    const ends = new Uint32Array(size);
    ends.set(this.ends);
    const sizes = new Float64Array(size);
    sizes.set(this.sizes);
    [this.ends, this.sizes] = [ends, sizes];
    if (this.digests) {
      const digests = Buffer.alloc(size * SHA256_BYTES);
      this.digests.copy(digests);
      this.digests = digests;
    }
  }
}

/**
 * The files of a download, held compactly for the whole transfer: every path in one string with
 * its end offsets, sizes in a Float64Array, SHA-256s as raw bytes. A part of 50,000 files held
 * as parsed manifest entries (an object, a path string and a 64-character hex string each) kept
 * ~8 MiB of heap live until the last file was written; here it is ~3 MiB, most of it outside
 * the heap (issue 14, peak RSS). Entries are rebuilt on demand, one file at a time. Built from a
 * list of entries, or entry by entry with DownloadPlanBuilder.
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

  constructor(entries: readonly PlanEntry[] | PlanColumns) {
    let columns: PlanColumns;
    if (Array.isArray(entries)) {
      const builder = new DownloadPlanBuilder(Math.max(1, entries.length));
      for (const entry of entries) builder.add(entry);
      columns = builder.columns();
    } else {
      columns = entries as PlanColumns;
    }
    this.count = columns.count;
    this.totalBytes = columns.totalBytes;
    this.paths = columns.paths;
    this.ends = columns.ends;
    this.sizes = columns.sizes;
    this.digests = columns.digests;
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
      comparePaths(this.path(a), this.path(b)),
    ));
    let low = 0;
    let high = order.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = comparePaths(this.path(order[middle]), path);
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
