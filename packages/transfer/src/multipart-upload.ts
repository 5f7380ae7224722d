import type { S3Client } from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import { withRetry, type RetryOptions } from './retry';

export interface MultipartRequest {
  client: S3Client;
  bucket: string;
  key: string;
  body: Readable;
  partSizeBytes: number;
  queueSize: number;
  retry: RetryOptions;
  signal?: AbortSignal;
}

/**
 * A multipart upload through lib-storage's `Upload` (which buffers at most (queueSize + 1) parts,
 * whatever the file size), with the client it uses wrapped so that:
 * - each request is retried on its own: parts are in-memory buffers, so a transient fault costs
 *   one part, not the whole file;
 * - a part that finally fails stops the other parts at once instead of reading the file to the end;
 * - AbortMultipartUpload is best effort: its failure (s3rver does not implement it) must not hide
 *   the error that made us abort. Orphaned parts are for the bucket's lifecycle rule.
 */
export async function uploadMultipart(request: MultipartRequest): Promise<void> {
  const { Upload } = await import('@aws-sdk/lib-storage');
  const { client, signal } = request;
  const send = async (command: { constructor: { name: string }; input?: unknown }) => {
    const operation = command.constructor.name;
    if (operation === 'AbortMultipartUploadCommand') {
      return client.send(command as never).catch(() => ({}));
    }
    try {
      return await withRetry(() => client.send(command as never, { abortSignal: signal }), {
        what: `${operation.replace(/Command$/, '')} of s3://${request.bucket}/${request.key}`,
        options: request.retry,
        signal,
      });
    } catch (error) {
      void upload.abort();
      throw error;
    }
  };
  const retryingClient = new Proxy(client, {
    get: (target, property) => (property === 'send' ? send : Reflect.get(target, property)),
  });
  // `send` above only runs once `done()` has started, after this line.
  const upload = new Upload({
    client: retryingClient,
    params: { Bucket: request.bucket, Key: request.key, Body: request.body },
    partSize: request.partSizeBytes,
    queueSize: request.queueSize,
    leavePartsOnError: false,
  });
  const onAbort = () => void upload.abort();
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await upload.done();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
