import type { S3Client } from '@aws-sdk/client-s3';
import { ServiceError } from '@cat-actions/core';
import { s3Commands } from './s3-commands';
import { requestDeadline, withTransferRetry, type TransferRetry } from './retry';

export interface ObjectTarget {
  client: S3Client;
  bucket: string;
  key: string;
  signal?: AbortSignal;
  retry?: TransferRetry;
}

/** Writes a small text object (a manifest, a marker, a log), retried on transient faults. */
export async function putText(
  target: ObjectTarget & { text: string; contentType?: string },
): Promise<void> {
  const { PutObjectCommand } = await s3Commands();
  const body = Buffer.from(target.text, 'utf8');
  await withTransferRetry(
    () =>
      target.client.send(
        new PutObjectCommand({
          Bucket: target.bucket,
          Key: target.key,
          Body: body,
          ContentLength: body.length,
          ContentType: target.contentType ?? 'text/plain; charset=utf-8',
        }),
        { abortSignal: target.signal, requestTimeout: requestDeadline(body.length) },
      ),
    {
      what: `writing s3://${target.bucket}/${target.key}`,
      signal: target.signal,
      client: target.client,
      retry: target.retry,
    },
  );
}

/** Reads a small text object whole (manifests only: never a data file). */
export async function getText(target: ObjectTarget): Promise<string> {
  const { GetObjectCommand } = await s3Commands();
  return withTransferRetry(
    async () => {
      const response = await target.client.send(
        new GetObjectCommand({ Bucket: target.bucket, Key: target.key }),
        { abortSignal: target.signal },
      );
      return (await response.Body?.transformToString('utf8')) ?? '';
    },
    {
      what: `reading s3://${target.bucket}/${target.key}`,
      signal: target.signal,
      client: target.client,
      retry: target.retry,
    },
  );
}

/** Deletes one key (idempotent: a missing key is fine). */
export async function deleteKey(target: ObjectTarget): Promise<void> {
  const { DeleteObjectCommand } = await s3Commands();
  await withTransferRetry(
    () =>
      target.client.send(new DeleteObjectCommand({ Bucket: target.bucket, Key: target.key }), {
        abortSignal: target.signal,
      }),
    {
      what: `deleting s3://${target.bucket}/${target.key}`,
      signal: target.signal,
      client: target.client,
      retry: target.retry,
    },
  );
}

/**
 * Deletes many keys, 1,000 per DeleteObjects request (the S3 limit). A key S3 reports as not
 * deleted fails the whole call: a stale file left behind would make the part differ from its folder.
 */
export async function deleteKeys(
  target: Omit<ObjectTarget, 'key'> & { keys: readonly string[] },
): Promise<void> {
  const { DeleteObjectsCommand } = await s3Commands();
  for (let start = 0; start < target.keys.length; start += 1000) {
    const batch = target.keys.slice(start, start + 1000);
    const response = await withTransferRetry(
      () =>
        target.client.send(
          new DeleteObjectsCommand({
            Bucket: target.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
          { abortSignal: target.signal },
        ),
      {
        what: `deleting ${batch.length} stale key(s) in s3://${target.bucket}`,
        signal: target.signal,
        client: target.client,
        retry: target.retry,
      },
    );
    const failed = response.Errors ?? [];
    if (failed.length > 0) {
      const first = failed[0];
      throw new ServiceError(
        `S3 did not delete ${failed.length} stale key(s) in s3://${target.bucket}, e.g. ${first.Key}: ` +
          `${first.Code} ${first.Message ?? ''}`.trim() +
          '. Check that the role may s3:DeleteObject under this prefix, then re-run the stage.',
      );
    }
  }
}
