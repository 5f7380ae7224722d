/**
 * The direct object calls (packages/aws s3-objects.ts) against s3rver: what a transfer sends
 * without the SDK. Objects written are read back byte for byte, through the SDK too (the other
 * path must see the same objects).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { DirectS3Objects, ObjectBody } from '@cat-actions/aws';
import { directObjectsAt } from '../support/direct-objects';
import { forwardRequest } from '../support/forward-request';
import { startS3rver, type LocalS3 } from '../support/s3rver';

const bucket = 'cat-data-dev-objects';
const MiB = 1024 * 1024;

let s3: LocalS3;
let objects: DirectS3Objects;
let sdk: S3Client;

const bodyOf = (data: Buffer): ObjectBody => ({
  data,
  length: data.length,
  sha256: createHash('sha256').update(data).digest(),
});

/** The same bytes as a body streamed afresh for each attempt, in 64 KiB chunks. */
const streamedBody = (data: Buffer): ObjectBody => ({
  ...bodyOf(data),
  data: () =>
    Readable.from(
      (function* () {
        for (let at = 0; at < data.length; at += 64 * 1024) yield data.subarray(at, at + 64 * 1024);
      })(),
    ),
});

async function read(key: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await objects.getObject({ bucket, key })) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function readWithSdk(key: string): Promise<Buffer> {
  const response = await sdk.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return Buffer.from(await response.Body!.transformToByteArray());
}

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await objects.listObjectsPage({ bucket, prefix, token });
    keys.push(...page.objects.map((o) => o.key));
    token = page.next;
  } while (token);
  return keys.sort();
}

beforeAll(async () => {
  s3 = await startS3rver([bucket]);
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  objects = directObjectsAt(s3.endpoint);
  sdk = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});

afterAll(async () => {
  objects?.destroy();
  sdk?.destroy();
  await s3?.stop();
});

describe('PutObject and GetObject', () => {
  it('writes a buffer and a stream, both read back identical (directly and through the SDK)', async () => {
    const small = Buffer.from('a,b\n1,2\n');
    const large = Buffer.alloc(3 * MiB + 17, 'streamed;');
    await objects.putObject({ bucket, key: 'put/small.csv', body: bodyOf(small) });
    await objects.putObject({ bucket, key: 'put/large.bin', body: streamedBody(large) });
    expect(await read('put/small.csv')).toEqual(small);
    expect((await read('put/large.bin')).equals(large)).toBe(true);
    expect((await readWithSdk('put/large.bin')).equals(large)).toBe(true);
  });

  it('keeps keys with spaces, plus signs, ampersands and non-ASCII letters as written', async () => {
    const keys = ['odd/a b+c.csv', 'odd/x&y <z>.csv', 'odd/ünï/çødé.csv'];
    for (const key of keys) {
      await objects.putObject({ bucket, key, body: bodyOf(Buffer.from(key)) });
    }
    expect(await keysUnder('odd/')).toEqual([...keys].sort());
    for (const key of keys) expect((await readWithSdk(key)).toString()).toBe(key);
  });

  it('refuses a stream that ends before its length, with the caller-supplied error', async () => {
    const body = streamedBody(Buffer.alloc(100 * 1024, 1));
    const short = { ...body, length: body.length + 10 };
    await expect(
      objects.putObject({
        bucket,
        key: 'put/short.bin',
        body: { ...short, shortError: (sent) => new Error(`only ${sent} bytes`) },
      }),
    ).rejects.toThrow(`only ${100 * 1024} bytes`);
    // (The request is cut before its declared length: S3 stores nothing. s3rver keeps what
    // arrived, so the object is not checked here.)
  });

  it('fails a missing key as the SDK does: NoSuchKey with its status', async () => {
    await expect(objects.getObject({ bucket, key: 'put/none' })).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('fails a missing bucket with NoSuchBucket', async () => {
    await expect(
      objects.listObjectsPage({ bucket: 'no-such-bucket', prefix: 'x/' }),
    ).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });
});

describe('multipart uploads', () => {
  it('assembles the parts in order', async () => {
    const first = Buffer.alloc(5 * MiB, 'first;');
    const second = Buffer.alloc(MiB + 3, 'second;');
    const key = 'multi/joined.bin';
    const uploadId = await objects.createMultipartUpload({ bucket, key });
    expect(uploadId).toBeTruthy();
    // Sent out of order, completed in order.
    const etag2 = await objects.uploadPart({
      bucket,
      key,
      uploadId,
      partNumber: 2,
      body: bodyOf(second),
    });
    const etag1 = await objects.uploadPart({
      bucket,
      key,
      uploadId,
      partNumber: 1,
      body: streamedBody(first),
    });
    await objects.completeMultipartUpload({
      bucket,
      key,
      uploadId,
      parts: [
        { partNumber: 1, etag: etag1 },
        { partNumber: 2, etag: etag2 },
      ],
    });
    expect((await readWithSdk(key)).equals(Buffer.concat([first, second]))).toBe(true);
  });

  it('shows no object before the upload is completed', async () => {
    const key = 'multi/pending.bin';
    const uploadId = await objects.createMultipartUpload({ bucket, key });
    await objects.uploadPart({
      bucket,
      key,
      uploadId,
      partNumber: 1,
      body: bodyOf(Buffer.alloc(MiB)),
    });
    expect(await keysUnder('multi/pending')).toEqual([]);
    // (AbortMultipartUpload: s3rver does not implement it; the fault-proxy tests count it.)
  });
});

describe('listing and deleting', () => {
  it('pages through more than 1,000 keys and deletes them in one DeleteObjects', async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, '0')}.csv`);
    const empty = bodyOf(Buffer.alloc(0));
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(
        keys.slice(i, i + 50).map((key) => objects.putObject({ bucket, key, body: empty })),
      );
    }
    const first = await objects.listObjectsPage({ bucket, prefix: 'many/' });
    expect(first.objects).toHaveLength(1000);
    expect(first.next).toBeTruthy();
    expect(await keysUnder('many/')).toEqual(keys);
    expect(await objects.deleteObjects({ bucket, keys: keys.slice(0, 1000) })).toEqual([]);
    expect(await keysUnder('many/')).toEqual(keys.slice(1000));
  }, 60_000);

  it('deletes one key, and a missing key is fine', async () => {
    await objects.putObject({ bucket, key: 'del/one.csv', body: bodyOf(Buffer.from('1')) });
    await objects.deleteObject({ bucket, key: 'del/one.csv' });
    await objects.deleteObject({ bucket, key: 'del/one.csv' });
    expect(await keysUnder('del/')).toEqual([]);
  });

  it('reports sizes as listed', async () => {
    await objects.putObject({ bucket, key: 'size/seven.bin', body: bodyOf(Buffer.alloc(7)) });
    const page = await objects.listObjectsPage({ bucket, prefix: 'size/' });
    expect(page.objects).toEqual([{ key: 'size/seven.bin', size: 7 }]);
    expect(page.next).toBeUndefined();
  });
});

/**
 * A proxy in front of s3rver that drops the first request sent on a kept-alive connection
 * (the second request of a socket) without answering: what a request meets when the server
 * closed the idle connection just as it was reused.
 */
async function startClosingProxy(
  dropReused: (method: string) => boolean,
): Promise<{ endpoint: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const perSocket = new WeakMap<object, number>();
  let dropped = false;
  const server = http.createServer((req, res) => {
    const nth = (perSocket.get(req.socket) ?? 0) + 1;
    perSocket.set(req.socket, nth);
    requests.push(`${req.method} #${nth}`);
    if (nth === 2 && !dropped && dropReused(req.method ?? '')) {
      dropped = true;
      req.socket.destroy();
      return;
    }
    forwardRequest(new URL(s3.endpoint), req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a kept-alive connection the server closed', () => {
  it('sends an in-memory body again at once on a new connection', async () => {
    const proxy = await startClosingProxy((method) => method === 'PUT');
    const client = directObjectsAt(proxy.endpoint);
    try {
      await client.putObject({ bucket, key: 'stale/one.csv', body: bodyOf(Buffer.from('1')) });
      await client.putObject({ bucket, key: 'stale/two.csv', body: bodyOf(Buffer.from('2')) });
      // The second PUT was dropped on the reused socket and sent again on a fresh one.
      expect(proxy.requests).toEqual(['PUT #1', 'PUT #2', 'PUT #1']);
      expect((await read('stale/two.csv')).toString()).toBe('2');
    } finally {
      client.destroy();
      await proxy.close();
    }
  });

  it('leaves a streamed body to the retry policy: the attempt fails', async () => {
    const proxy = await startClosingProxy((method) => method === 'PUT');
    const client = directObjectsAt(proxy.endpoint);
    try {
      await client.putObject({ bucket, key: 'stale/a.bin', body: bodyOf(Buffer.from('a')) });
      const attempt = client.putObject({
        bucket,
        key: 'stale/b.bin',
        body: streamedBody(Buffer.alloc(MiB, 'b')),
      });
      await expect(attempt).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(proxy.requests).toEqual(['PUT #1', 'PUT #2']);
    } finally {
      client.destroy();
      await proxy.close();
    }
  });

  it('does not send again a request whose new connection is reset', async () => {
    const requests: string[] = [];
    const server = http.createServer((req) => {
      requests.push(req.method ?? '');
      req.socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = directObjectsAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      const attempt = client.putObject({ bucket, key: 'x.csv', body: bodyOf(Buffer.from('x')) });
      await expect(attempt).rejects.toMatchObject({ code: 'ECONNRESET' });
      expect(requests).toEqual(['PUT']);
    } finally {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

describe('an answer cut short', () => {
  it("fails as the connection's fault (ECONNRESET, which the retry policy repeats)", async () => {
    const server = http.createServer((req, res) => {
      // The head promises 200 bytes of XML; 20 come, then the connection drops.
      res.writeHead(200, { 'content-type': 'application/xml', 'content-length': '200' });
      res.write('<ListBucketResult>');
      setTimeout(() => req.socket.destroy(), 20);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = directObjectsAt(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    try {
      await expect(client.listObjectsPage({ bucket, prefix: 'any/' })).rejects.toMatchObject({
        code: 'ECONNRESET',
      });
    } finally {
      client.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
