import { createHash } from 'node:crypto';
import { createReadStream, readFile } from 'node:fs';
import { promisify } from 'node:util';
import type { S3Client } from '@aws-sdk/client-s3';
import { ChecksumStream } from './checksum';
import type { LocalFile } from './local-tree';
import { uploadMultipart } from './multipart-upload';
import type { PartBufferPool } from './part-buffers';
import type { Semaphore } from './pool';
import { LocalFileChangedError } from './errors';
import { requestDeadline, withTransferRetry } from './retry';
import { s3Commands } from './s3-commands';
import type { TransferTuning } from './tuning';

export interface FileUploadContext {
  client: S3Client;
  bucket: string;
  tuning: TransferTuning;
  /** Shared by all files of a transfer: bounds concurrent multipart uploads. */
  multipartLanes: Semaphore;
  /** Shared by all files of a transfer: reused multipart part buffers. */
  partBuffers: PartBufferPool;
  signal?: AbortSignal;
  /** Bytes sent so far (negative after a failed attempt, to take them back). */
  onBytes?: (n: number) => void;
}

export interface UploadedFile {
  size: number;
  sha256: string;
}

/**
 * Uploads one file to `key`, reading it once per attempt; the SHA-256 comes from the same read.
 * Single-request files are retried whole (each attempt re-opens the file); multipart uploads
 * retry part by part (see multipart-upload.ts).
 */
export async function uploadFile(
  context: FileUploadContext,
  file: LocalFile,
  key: string,
): Promise<UploadedFile> {
  const { tuning, signal } = context;
  if (file.size >= tuning.multipartThresholdBytes && file.size > tuning.smallFileBytes) {
    return context.multipartLanes.use(() =>
      uploadMultipart({
        client: context.client,
        bucket: context.bucket,
        key,
        file,
        partSizeBytes: tuning.partSizeBytes,
        queueSize: tuning.queueSize,
        buffers: context.partBuffers,
        retry: tuning.retry,
        signal,
        onBytes: context.onBytes,
      }),
    );
  }
  return withTransferRetry(
    async () => {
      let sent = 0;
      const count = (n: number) => {
        sent += n;
        context.onBytes?.(n);
      };
      try {
        if (file.size <= tuning.smallFileBytes) return await putSmall(context, file, key, count);
        return await putStreamed(context, file, key, count);
      } catch (error) {
        context.onBytes?.(-sent);
        throw error;
      }
    },
    {
      what: `upload of s3://${context.bucket}/${key}`,
      client: context.client,
      signal,
      retry: tuning.retry,
    },
  );
}

// The callback API: fs/promises makes a FileHandle per file, which profiling showed costly
// (and GC-tracked) across thousands of small files.
const readWholeFile = promisify(readFile);

async function putSmall(
  context: FileUploadContext,
  file: LocalFile,
  key: string,
  count: (n: number) => void,
): Promise<UploadedFile> {
  const { PutObjectCommand } = await s3Commands();
  const body = await readWholeFile(file.absolutePath);
  const digest = createHash('sha256').update(body).digest();
  await context.client.send(
    new PutObjectCommand({
      Bucket: context.bucket,
      Key: key,
      Body: body,
      ContentLength: body.length,
      // S3 checks the body against it and refuses a damaged upload (BadDigest).
      ChecksumSHA256: digest.toString('base64'),
    }),
    { abortSignal: context.signal, requestTimeout: requestDeadline(body.length) },
  );
  count(body.length);
  return { size: body.length, sha256: digest.toString('hex') };
}

function checkedStream(
  file: LocalFile,
  count: (n: number) => void,
): { source: ChecksumStream; done: () => UploadedFile } {
  const source = new ChecksumStream(count);
  const reader = createReadStream(file.absolutePath);
  reader.on('error', (error) => source.destroy(error));
  reader.pipe(source);
  return {
    source,
    done: () => {
      if (source.bytes !== file.size) {
        throw new LocalFileChangedError(
          `${file.absolutePath} changed while it was uploaded (${source.bytes} bytes read, ${file.size} expected). Do not write to a part folder during its upload.`,
        );
      }
      return { size: source.bytes, sha256: source.digest() };
    },
  };
}

async function putStreamed(
  context: FileUploadContext,
  file: LocalFile,
  key: string,
  count: (n: number) => void,
): Promise<UploadedFile> {
  const { PutObjectCommand } = await s3Commands();
  const { source, done } = checkedStream(file, count);
  try {
    await context.client.send(
      new PutObjectCommand({
        Bucket: context.bucket,
        Key: key,
        Body: source,
        ContentLength: file.size,
      }),
      { abortSignal: context.signal, requestTimeout: requestDeadline(file.size) },
    );
  } finally {
    source.destroy();
  }
  return done();
}
