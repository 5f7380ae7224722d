import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { S3Objects } from '@cat-actions/aws';
import type { LocalFile } from './local-tree';
import type { PartBufferPool } from './part-buffers';
import { LocalFileChangedError } from './errors';
import { requestDeadline, withTransferRetry, type TransferRetry } from './retry';

export interface MultipartRequest {
  objects: S3Objects;
  bucket: string;
  key: string;
  file: LocalFile;
  partSizeBytes: number;
  /** Parts of this file in flight at once. */
  queueSize: number;
  buffers: PartBufferPool;
  retry: TransferRetry;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

const MAX_PARTS = 10_000;
const MIN_PART = 5 * 1024 * 1024;

/**
 * A multipart upload that reads the file once, in order, straight into reused part buffers:
 * memory is queueSize * partSize whatever the file size, and no file data becomes garbage (with
 * lib-storage's Upload, measured peaks passed 150 MiB on a 1 GiB file: its chunker concatenates
 * stream chunks, and V8 collects external buffers only every ~64 MiB). The file's SHA-256 is
 * updated as parts are read, and each part's own SHA-256 is its signed payload hash (S3 refuses
 * a part that does not match). Each part is retried on its own (it is a buffer: replayable); a
 * part that finally fails stops the rest, and the upload is aborted (best effort: lifecycle
 * rules clean up).
 */
export async function uploadMultipart(
  request: MultipartRequest,
): Promise<{ size: number; sha256: string }> {
  const { objects, bucket, key, file, signal } = request;
  const uri = `s3://${bucket}/${key}`;
  const partSize = Math.max(MIN_PART, request.partSizeBytes, Math.ceil(file.size / MAX_PARTS));
  const retrying = <T>(what: string, call: () => Promise<T>) =>
    withTransferRetry(call, {
      what: `${what} of ${uri}`,
      client: objects,
      retry: request.retry,
      signal,
    });

  const uploadId = await retrying('CreateMultipartUpload', () =>
    objects.createMultipartUpload({ bucket, key, signal }),
  );
  const hash = createHash('sha256');
  const parts: { partNumber: number; etag: string }[] = [];
  const inFlight = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const handle = await open(file.absolutePath, 'r');
  try {
    for (let offset = 0, partNumber = 1; offset < file.size && !failure; partNumber++) {
      while (inFlight.size >= request.queueSize) await Promise.race(inFlight);
      if (failure) break;
      signal?.throwIfAborted();
      const length = Math.min(partSize, file.size - offset);
      const buffer = request.buffers.take(partSize);
      await readFully(handle, buffer, length, offset, file.absolutePath);
      const data = buffer.subarray(0, length);
      hash.update(data);
      const body = { data, length, sha256: createHash('sha256').update(data).digest() };
      offset += length;
      const number = partNumber;
      const sending = retrying(`UploadPart ${number}`, () =>
        objects.uploadPart({
          bucket,
          key,
          uploadId,
          partNumber: number,
          body,
          signal,
          timeoutMs: requestDeadline(length),
        }),
      )
        .then((etag) => {
          parts.push({ partNumber: number, etag });
          request.onBytes?.(length);
        })
        .catch((error) => {
          failure ??= { error };
        })
        .finally(() => {
          request.buffers.give(buffer);
          inFlight.delete(sending);
        });
      inFlight.add(sending);
    }
    await Promise.all(inFlight);
    if (!failure && signal?.aborted) failure = { error: signal.reason };
  } catch (error) {
    failure ??= { error };
    await Promise.allSettled(inFlight);
  } finally {
    await handle.close();
  }
  if (failure) {
    await objects.abortMultipartUpload({ bucket, key, uploadId }).catch(() => undefined);
    throw failure.error;
  }
  parts.sort((a, b) => a.partNumber - b.partNumber);
  await retrying('CompleteMultipartUpload', () =>
    objects.completeMultipartUpload({ bucket, key, uploadId, parts, signal }),
  );
  return { size: file.size, sha256: hash.digest('hex') };
}

async function readFully(
  handle: Awaited<ReturnType<typeof open>>,
  buffer: Buffer,
  length: number,
  position: number,
  path: string,
): Promise<void> {
  for (let filled = 0; filled < length;) {
    const { bytesRead } = await handle.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) {
      throw new LocalFileChangedError(
        `${path} became shorter while it was uploaded. Do not write to a part folder during its upload.`,
      );
    }
    filled += bytesRead;
  }
}
