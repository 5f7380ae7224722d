import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { ServiceError } from '@cat-actions/core';
import type { ObjectBody, S3Objects } from '@cat-actions/aws';
import { objectsOf, type S3Target } from './object-store';
import { requestDeadline, withTransferRetry, type TransferRetry } from './retry';

export interface ObjectTarget {
  client: S3Target;
  bucket: string;
  key: string;
  signal?: AbortSignal;
  retry?: TransferRetry;
}

/** One object call on `target`, retried on transient faults as every transfer request is. */
function retried<T>(
  target: Omit<ObjectTarget, 'key'>,
  what: string,
  call: (objects: S3Objects) => Promise<T>,
): Promise<T> {
  const objects = objectsOf(target.client);
  return withTransferRetry(() => call(objects), {
    what,
    signal: target.signal,
    client: objects,
    retry: target.retry,
  });
}

/** Writes a small text object (a manifest, a marker, a log), retried on transient faults. */
export async function putText(
  target: ObjectTarget & { text: string; contentType?: string },
): Promise<void> {
  const data = Buffer.from(target.text, 'utf8');
  await putBody(target, {
    data,
    length: data.length,
    sha256: createHash('sha256').update(data).digest(),
  });
}

/** One PutObject of a body whose length and SHA-256 are known, retried on transient faults. */
async function putBody(
  target: ObjectTarget & { contentType?: string },
  body: ObjectBody,
): Promise<void> {
  await retried(target, `writing s3://${target.bucket}/${target.key}`, (objects) =>
    objects.putObject({
      bucket: target.bucket,
      key: target.key,
      body,
      contentType: target.contentType ?? 'text/plain; charset=utf-8',
      signal: target.signal,
      timeoutMs: requestDeadline(body.length),
    }),
  );
}

/** Bytes per chunk of a streamed text: pieces are joined up to this before they are sent. */
const PIECES_CHUNK_BYTES = 64 * 1024;

function* chunksOf(pieces: Iterable<string>): Generator<Buffer> {
  let batch: string[] = [];
  let bytes = 0;
  for (const piece of pieces) {
    batch.push(piece);
    bytes += piece.length;
    if (bytes >= PIECES_CHUNK_BYTES) {
      yield Buffer.from(batch.join(''), 'utf8');
      batch = [];
      bytes = 0;
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join(''), 'utf8');
}

/**
 * Writes a text object given as pieces (a part's manifest: see core manifestPieces) without ever
 * holding it whole: a first pass over the pieces gives its length and SHA-256 (signed before the
 * body goes out), then each attempt streams them anew, 64 KiB at a time. Retried like putText.
 */
export async function putPieces(
  target: ObjectTarget & { pieces: () => Iterable<string>; contentType?: string },
): Promise<void> {
  const hash = createHash('sha256');
  let length = 0;
  for (const piece of target.pieces()) {
    hash.update(piece, 'utf8');
    length += Buffer.byteLength(piece, 'utf8');
  }
  await putBody(target, {
    length,
    sha256: hash.digest(),
    data: () => Readable.from(chunksOf(target.pieces()), { objectMode: false }),
  });
}

/** Reads a small text object whole (manifests only: never a data file). */
export async function getText(target: ObjectTarget): Promise<string> {
  return (await readTextInto(target, textCollector, false))!.text();
}

/** getText, or undefined when the key does not exist (NoSuchKey: not retried, not an error). */
export async function getTextIfAny(target: ObjectTarget): Promise<string | undefined> {
  return (await readTextInto(target, textCollector, true))?.text();
}

/** Where readTextInto puts a text object's text, piece by piece as it arrives. */
export interface TextSink {
  write(text: string): void;
}

function textCollector() {
  const pieces: string[] = [];
  return { write: (text: string) => pieces.push(text), text: () => pieces.join('') };
}

/**
 * Reads a text object into a sink, each chunk decoded as it arrives and let go: a 7 MiB manifest
 * (50,000 files) is never held as chunks and their concatenation at once, and a sink that parses
 * as it goes (core's ManifestReader) never holds the text at all (issue 14, peak RSS). `start`
 * makes a new sink for each attempt, as a retried read starts over. Undefined when the key does
 * not exist and `missingOk` (NoSuchKey: not retried, not an error).
 */
export function readTextInto<S extends TextSink>(
  target: ObjectTarget,
  start: () => S,
  missingOk: boolean,
): Promise<S | undefined> {
  return retried(target, `reading s3://${target.bucket}/${target.key}`, async (objects) => {
    let body;
    try {
      body = await objects.getObject(target);
    } catch (error) {
      if (missingOk && (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
    const sink = start();
    const decoder = new StringDecoder('utf8');
    for await (const chunk of body) sink.write(decoder.write(chunk as Buffer));
    sink.write(decoder.end());
    return sink;
  });
}

/** Deletes one key (idempotent: a missing key is fine). */
export async function deleteKey(target: ObjectTarget): Promise<void> {
  await retried(target, `deleting s3://${target.bucket}/${target.key}`, (objects) =>
    objects.deleteObject(target),
  );
}

/**
 * Deletes many keys, 1,000 per DeleteObjects request (the S3 limit). A key S3 reports as not
 * deleted fails the whole call: a stale file left behind would make the part differ from its folder.
 */
export async function deleteKeys(
  target: Omit<ObjectTarget, 'key'> & { keys: readonly string[] },
): Promise<void> {
  for (let start = 0; start < target.keys.length; start += 1000) {
    const keys = target.keys.slice(start, start + 1000);
    const failed = await retried(
      target,
      `deleting ${keys.length} stale key(s) in s3://${target.bucket}`,
      (objects) => objects.deleteObjects({ bucket: target.bucket, keys, signal: target.signal }),
    );
    if (failed.length > 0) {
      const first = failed[0];
      throw new ServiceError(
        `S3 did not delete ${failed.length} stale key(s) in s3://${target.bucket}, e.g. ${first.key}: ` +
          `${first.code} ${first.message}`.trim() +
          '. Check that the role may s3:DeleteObject under this prefix, then re-run the stage.',
      );
    }
  }
}
