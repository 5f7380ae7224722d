import { createHash } from 'node:crypto';
import { close, closeSync, createReadStream, open, openSync, read, readSync } from 'node:fs';
import { Transform, pipeline, type Readable } from 'node:stream';
import { promisify } from 'node:util';
import type { ObjectBody, S3Objects } from '@cat-actions/aws';
import type { LocalFile } from './local-tree';
import { uploadMultipart } from './multipart-upload';
import type { PartBufferPool } from './part-buffers';
import { countedAttempt } from './progress';
import type { Semaphore } from './pool';
import { LocalFileChangedError } from './errors';
import { requestDeadline, withTransferRetry } from './retry';
import type { TransferTuning } from './tuning';

export interface FileUploadContext {
  objects: S3Objects;
  bucket: string;
  tuning: TransferTuning;
  /** Shared by all files of a transfer: bounds concurrent multipart uploads. */
  multipartLanes: Semaphore;
  /** Shared by all files of a transfer: reused multipart part buffers. */
  partBuffers: PartBufferPool;
  /** Shared by all files of a transfer: reused buffers of `tuning.smallFileBytes` for small files. */
  smallBuffers: PartBufferPool;
  signal?: AbortSignal;
  /** Bytes sent so far (negative after a failed attempt, to take them back). */
  onBytes?: (n: number) => void;
}

export interface UploadedFile {
  size: number;
  sha256: string;
}

/**
 * Uploads one file to `key`. Its SHA-256 is known before the body goes out: it is the payload
 * hash S3 checks the body against (and the manifest's). Small files are read once into memory;
 * larger ones are hashed in a first read and streamed from disk in a second (the page cache
 * serves it), so no file costs more memory than a stream's buffers. Single-request files are
 * retried whole (each attempt re-opens the file); multipart uploads retry part by part (see
 * multipart-upload.ts).
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
        objects: context.objects,
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
  const small = file.size <= tuning.smallFileBytes ? readSmall(file, context) : undefined;
  try {
    const body = small ?? (await hashedFile(file));
    await withTransferRetry(
      () =>
        countedAttempt(context.onBytes, async (count) => {
          await context.objects.putObject({
            bucket: context.bucket,
            key,
            body: Buffer.isBuffer(body.data) ? body : counted(body, count),
            signal,
            timeoutMs: requestDeadline(body.length),
          });
          if (Buffer.isBuffer(body.data)) count(body.length);
        }),
      {
        what: `upload of s3://${context.bucket}/${key}`,
        client: context.objects,
        signal,
        retry: tuning.retry,
      },
    );
    return { size: body.length, sha256: body.sha256.toString('hex') };
  } finally {
    if (small) context.smallBuffers.give(small.buffer);
  }
}

// The callback API: fs/promises makes a FileHandle per file, which profiling showed costly
// (and GC-tracked) across thousands of small files.
const openFile = promisify(open);
const closeFile = promisify(close);
const readChunk = (fd: number, buffer: Buffer, offset: number, length: number, position: number) =>
  new Promise<number>((resolve, reject) =>
    read(fd, buffer, offset, length, position, (error, got) =>
      error ? reject(error) : resolve(got),
    ),
  );

const changed = (file: LocalFile, bytes: number) =>
  new LocalFileChangedError(
    `${file.absolutePath} changed while it was uploaded (${bytes} bytes read, ${file.size} expected). Do not write to a part folder during its upload.`,
  );

/**
 * A small file read whole into a reused buffer (no garbage per file); one that has grown past the
 * small-file size since it was listed is refused as changed, as a larger file would be. The read
 * is synchronous on purpose: from the page cache, open + read + close take microseconds, while
 * readFile's four thread-pool round trips (open, fstat, read, close) were a quarter of a
 * 2,000-file upload's CPU in profiles.
 */
function readSmall(
  file: LocalFile,
  context: FileUploadContext,
): ObjectBody & { data: Buffer; buffer: Buffer } {
  const size = context.tuning.smallFileBytes;
  const buffer = context.smallBuffers.take(size + 1);
  let length = 0;
  try {
    const fd = openSync(file.absolutePath, 'r');
    try {
      for (let got = -1; got !== 0 && length <= size; length += got) {
        got = readSync(fd, buffer, length, buffer.length - length, length);
      }
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    context.smallBuffers.give(buffer);
    throw error;
  }
  if (length > size) {
    context.smallBuffers.give(buffer);
    throw changed(file, length);
  }
  const data = buffer.subarray(0, length);
  return { data, buffer, length, sha256: createHash('sha256').update(data).digest() };
}

/** Bytes per read of a file sent from disk: a quarter as many reads and socket writes as 64 KiB. */
const READ_BYTES = 256 * 1024;

/** The file as a body sent from disk: hashed by a first read, streamed anew for each attempt. */
async function hashedFile(file: LocalFile): Promise<ObjectBody> {
  const { bytes, sha256 } = await hashWholeFile(file.absolutePath);
  if (bytes !== file.size) throw changed(file, bytes);
  return {
    length: bytes,
    sha256,
    // Never more than was hashed: a file that grew since is refused by S3 (payload hash).
    data: () =>
      createReadStream(file.absolutePath, {
        start: 0,
        end: Math.max(0, bytes - 1),
        highWaterMark: READ_BYTES,
      }),
    shortError: (sent) => changed(file, sent),
  };
}

/** SHA-256 of a file through one reused buffer: no garbage, whatever the file's size. */
async function hashWholeFile(file: string): Promise<{ bytes: number; sha256: Buffer }> {
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(READ_BYTES);
  const fd = await openFile(file, 'r');
  let bytes = 0;
  try {
    for (;;) {
      const got = await readChunk(fd, buffer, 0, buffer.length, bytes);
      if (got === 0) break;
      hash.update(buffer.subarray(0, got));
      bytes += got;
    }
  } finally {
    await closeFile(fd);
  }
  return { bytes, sha256: hash.digest() };
}

/** The body with its bytes counted as they are sent (a pass-through: it does not start the flow). */
function counted(body: ObjectBody, count: (n: number) => void): ObjectBody {
  const open = body.data as () => Readable;
  return {
    ...body,
    data: () => {
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          count(chunk.length);
          done(null, chunk);
        },
      });
      return pipeline(open(), counter, () => undefined);
    },
  };
}
