import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { s3Commands } from './s3-commands';
import { ChecksumStream } from './checksum';
import { PartIntegrityError } from './errors';
import { withRetry, type RetryOptions } from './retry';

export interface FileDownloadContext {
  client: S3Client;
  bucket: string;
  retry: RetryOptions;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

export interface ExpectedFile {
  size: number;
  /** Hex SHA-256 from the manifest; absent for legacy parts (size is still checked). */
  sha256?: string;
}

/**
 * Streams one object to `destination` through a SHA-256, into a temporary name renamed only once
 * size and checksum match: a file with the final name is always a verified one.
 */
export async function downloadFile(
  context: FileDownloadContext,
  key: string,
  destination: string,
  expected: ExpectedFile,
): Promise<{ size: number; sha256: string }> {
  const { GetObjectCommand } = await s3Commands();
  const uri = `s3://${context.bucket}/${key}`;
  await mkdir(path.dirname(destination), { recursive: true });
  const partial = `${destination}.cat-partial`;
  const got = await withRetry(
    async () => {
      let received = 0;
      const checksum = new ChecksumStream((n) => {
        received += n;
        context.onBytes?.(n);
      });
      try {
        const response = await context.client.send(
          new GetObjectCommand({ Bucket: context.bucket, Key: key }),
          { abortSignal: context.signal },
        );
        await pipeline(response.Body as Readable, checksum, createWriteStream(partial), {
          signal: context.signal,
        });
        return { size: checksum.bytes, sha256: checksum.digest() };
      } catch (error) {
        context.onBytes?.(-received);
        if ((error as { name?: string }).name === 'NoSuchKey') {
          throw new PartIntegrityError(
            `${uri} is listed in the part's manifest but missing from S3. The part is damaged: re-run the stage that produced it.`,
          );
        }
        throw error;
      }
    },
    { what: `download of ${uri}`, signal: context.signal, options: context.retry },
  ).catch(async (error) => {
    await rm(partial, { force: true });
    throw error;
  });
  const problem =
    got.size !== expected.size
      ? `has ${got.size} bytes, ${expected.size} expected`
      : expected.sha256 !== undefined && got.sha256 !== expected.sha256
        ? `has SHA-256 ${got.sha256}, the manifest says ${expected.sha256}`
        : undefined;
  if (problem) {
    await rm(partial, { force: true });
    throw new PartIntegrityError(
      `${uri} ${problem}: the object was changed or damaged after upload. Re-run the stage that produced this part.`,
    );
  }
  await rename(partial, destination);
  return got;
}
