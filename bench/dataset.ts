import { createWriteStream, mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';

/** What the benchmark moves: many small files (the scraped records) and a few large ones. */
export interface DatasetShape {
  smallFiles: number;
  smallMinBytes: number;
  smallMaxBytes: number;
  largeFiles: number;
  largeBytes: number;
}

const KiB = 1024;
const MiB = 1024 * KiB;

/** Issue 5's dataset: 2,000 files of 4 to 64 KiB and 4 files of 64 MiB. */
export const FULL_DATASET: DatasetShape = {
  smallFiles: 2000,
  smallMinBytes: 4 * KiB,
  smallMaxBytes: 64 * KiB,
  largeFiles: 4,
  largeBytes: 64 * MiB,
};

export const QUICK_DATASET: DatasetShape = {
  smallFiles: 200,
  smallMinBytes: 4 * KiB,
  smallMaxBytes: 64 * KiB,
  largeFiles: 2,
  largeBytes: 16 * MiB,
};

/** A small deterministic PRNG (mulberry32): the same dataset on every run and machine. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Incompressible-looking bytes, without paying for a CSPRNG on hundreds of MiB. */
function fill(buffer: Buffer, random: () => number): Buffer {
  for (let i = 0; i + 4 <= buffer.length; i += 4) {
    buffer.writeUInt32LE(Math.floor(random() * 4294967296), i);
  }
  return buffer;
}

/** Writes a file of `bytes` in 4 MiB blocks (memory stays small even for 1 GiB). */
export async function writeLargeFile(file: string, bytes: number, seed: number): Promise<void> {
  const random = prng(seed);
  const block = fill(Buffer.alloc(4 * MiB), random);
  const out = createWriteStream(file);
  for (let written = 0; written < bytes;) {
    const size = Math.min(block.length, bytes - written);
    // Vary each block's first word so no two blocks are equal.
    block.writeUInt32LE(written / (4 * MiB), 0);
    if (!out.write(Buffer.from(block.subarray(0, size)))) await once(out, 'drain');
    written += size;
  }
  out.end();
  await once(out, 'close');
}

/** Creates the dataset under `root` (20 subfolders of small files, large files at the top). */
export async function writeDataset(
  root: string,
  shape: DatasetShape,
): Promise<{ files: number; bytes: number }> {
  mkdirSync(root, { recursive: true });
  const random = prng(42);
  let bytes = 0;
  for (let i = 0; i < shape.smallFiles; i++) {
    const dir = path.join(root, `records_${String(i % 20).padStart(2, '0')}`);
    mkdirSync(dir, { recursive: true });
    const size =
      shape.smallMinBytes + Math.floor(random() * (shape.smallMaxBytes - shape.smallMinBytes + 1));
    await writeFile(
      path.join(dir, `record_${String(i).padStart(5, '0')}.json`),
      fill(Buffer.alloc(size), random),
    );
    bytes += size;
  }
  for (let i = 0; i < shape.largeFiles; i++) {
    await writeLargeFile(path.join(root, `large_${i}.bin`), shape.largeBytes, 1000 + i);
    bytes += shape.largeBytes;
  }
  return { files: shape.smallFiles + shape.largeFiles, bytes };
}
