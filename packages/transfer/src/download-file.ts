import { createWriteStream, writeFile } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import type { S3Objects } from '@cat-actions/aws';
import { ChecksumStream, sha256Hex } from './checksum';
import { PartIntegrityError } from './errors';
import type { FolderMaker } from './folders';
import { countedAttempt } from './progress';
import { withTransferRetry, type TransferRetry } from './retry';

// The callback API: fs/promises makes a FileHandle per file, which profiling showed costly
// (open, close and a GC-tracked handle) across thousands of small files.
const writeWholeFile = promisify(writeFile);

export interface FileDownloadContext {
  objects: S3Objects;
  bucket: string;
  retry: TransferRetry;
  /** Objects up to this size are received in memory, verified, then written in one call. */
  smallFileBytes: number;
  folders: FolderMaker;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

export interface ExpectedFile {
  size: number;
  /** Hex SHA-256 from the manifest; absent for legacy parts (size is still checked). */
  sha256?: string;
}

interface Received {
  size: number;
  sha256: string;
  /** The content of a small object; large ones are in the `.cat-partial` file. */
  body?: Buffer;
}

/**
 * Downloads one object to `destination`, hashing it (SHA-256) as it arrives. Nothing gets the
 * final name before size and checksum match: small objects are checked in memory and then
 * written; large ones stream to a temporary name that is renamed once checked.
 */
export async function downloadFile(
  context: FileDownloadContext,
  key: string,
  destination: string,
  expected: ExpectedFile,
): Promise<{ size: number; sha256: string }> {
  const uri = `s3://${context.bucket}/${key}`;
  await context.folders.ensure(path.dirname(destination));
  const partial = `${destination}.cat-partial`;
  const small = expected.size <= context.smallFileBytes;
  let got: Received;
  try {
    got = await withTransferRetry(
      () =>
        countedAttempt(context.onBytes, async (count) => {
          const body = await context.objects
            .getObject({ bucket: context.bucket, key, signal: context.signal })
            .catch((error: unknown) => {
              if ((error as { name?: string }).name !== 'NoSuchKey') throw error;
              throw new PartIntegrityError(
                `${uri} is listed in the part's manifest but missing from S3. The part is damaged: re-run the stage that produced it.`,
              );
            });
          return small
            ? await receiveInMemory(body, expected.size, count)
            : await receiveToFile(body, partial, count, context.signal);
        }),
      {
        what: `download of ${uri}`,
        client: context.objects,
        signal: context.signal,
        retry: context.retry,
      },
    );
    const problem =
      got.size !== expected.size
        ? `has ${got.size} bytes, ${expected.size} expected`
        : expected.sha256 !== undefined && got.sha256 !== expected.sha256
          ? `has SHA-256 ${got.sha256}, the manifest says ${expected.sha256}`
          : undefined;
    if (problem) {
      throw new PartIntegrityError(
        `${uri} ${problem}: the object was changed or damaged after upload. Re-run the stage that produced this part.`,
      );
    }
  } catch (error) {
    if (!small) await rm(partial, { force: true });
    throw error;
  }
  if (got.body) await writeWholeFile(destination, got.body);
  else await rename(partial, destination);
  return { size: got.size, sha256: got.sha256 };
}

/** Collects a small body; more bytes than expected stop it early (the size check then fails). */
async function receiveInMemory(
  body: Readable,
  expectedSize: number,
  count: (n: number) => void,
): Promise<Received> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    count((chunk as Buffer).length);
    if (size > expectedSize) {
      body.destroy();
      break;
    }
  }
  const content = Buffer.concat(chunks, size);
  return { size, sha256: sha256Hex(content), body: content };
}

async function receiveToFile(
  body: Readable,
  file: string,
  count: (n: number) => void,
  signal?: AbortSignal,
): Promise<Received> {
  const checksum = new ChecksumStream(count);
  await pipeline(body, checksum, createWriteStream(file), { signal });
  return { size: checksum.bytes, sha256: checksum.digest() };
}
