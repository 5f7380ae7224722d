import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { AwsDeniedError, MANIFEST, TransientError, partState } from '@cat-actions/core';
import type { DirectS3Objects } from '@cat-actions/aws';
import { downloadPart, listAllKeys, uploadPart } from '@cat-actions/transfer';
import { forwardRequest } from '../support/forward-request';
import { directObjectsAt } from '../support/direct-objects';
import { startS3rver, type LocalS3 } from '../support/s3rver';

/**
 * S3 faults on the wire: a small HTTP proxy in front of s3rver answers chosen requests itself
 * (503 SlowDown, 403 AccessDenied, a reset connection) and forwards the rest. The client makes a
 * single attempt per request, so every retry seen here is the transfer's own.
 */
type Fault = { status: number; code: string } | 'reset';
type Rule = (request: { method: string; key: string; seen: number }) => Fault | undefined;

interface FaultProxy {
  endpoint: string;
  /** Requests per `METHOD key` (key without the bucket). */
  seen: Map<string, number>;
  /** Headers of the last request per `METHOD key`. */
  headers: Map<string, http.IncomingHttpHeaders>;
  rule: Rule;
  close(): Promise<void>;
}

async function startFaultProxy(target: string, bucket: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = {
    endpoint: '',
    seen: new Map(),
    headers: new Map(),
    rule: () => undefined,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    const key = decodeURIComponent(url.pathname.slice(`/${bucket}/`.length));
    const id = `${req.method} ${key}`;
    const seen = (proxy.seen.get(id) ?? 0) + 1;
    proxy.seen.set(id, seen);
    proxy.headers.set(id, req.headers);
    const fault = proxy.rule({ method: req.method ?? '', key, seen });
    if (fault === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault) {
      req.resume();
      req.on('end', () => {
        res.writeHead(fault.status, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault.code}</Code><Message>injected ${fault.code}</Message><RequestId>x</RequestId></Error>`,
        );
      });
      return;
    }
    forwardRequest(upstream, req, res);
  });
  // Longer than the pause before a second pass: these tests count a file's attempts, and a
  // kept-alive socket closed by the server during the pause would fail one attempt early (the
  // direct client's answer to that race has its own test in s3-objects.test.ts).
  server.keepAliveTimeout = 10_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return proxy;
}

const bucket = 'cat-data-dev-1';
const identity = { tenant: 'cat-be', dataset: '20240328_084742_utc', part: '1b' };
const quickRetry = { retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } };
const MiB = 1024 * 1024;

let s3: LocalS3;
let proxy: FaultProxy;
let sdkClient: S3Client;
let directClient: DirectS3Objects;
/** The client of the running describe block: both paths meet the same faults. */
let client: S3Client | DirectS3Objects;
let scratch: string;
let source: string;

beforeAll(async () => {
  s3 = await startS3rver([bucket]);
  proxy = await startFaultProxy(s3.endpoint, bucket);
  directClient = directObjectsAt(proxy.endpoint);
  sdkClient = new S3Client({
    region: 'us-east-1',
    endpoint: proxy.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
  scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-transfer-faults-'));
  source = path.join(scratch, 'source');
  mkdirSync(path.join(source, 'sub'), { recursive: true });
  writeFileSync(path.join(source, 'small.csv'), 'a,b\n1,2\n');
  writeFileSync(path.join(source, 'sub', 'other.csv'), 'c\n3\n');
  writeFileSync(path.join(source, 'streamed.bin'), Buffer.alloc(2 * MiB, 1));
  writeFileSync(path.join(source, 'multipart.bin'), Buffer.alloc(11 * MiB, 2));
});

beforeEach(() => {
  proxy.seen.clear();
  proxy.rule = () => undefined;
});

afterAll(async () => {
  sdkClient?.destroy();
  directClient?.destroy();
  await proxy?.close();
  await s3?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const tuning = { ...quickRetry, multipartThresholdBytes: 10 * MiB, partSizeBytes: 5 * MiB };
const upload = (prefix: string) =>
  uploadPart({ client, bucket, prefix, localDir: source, identity, concurrency: 3, tuning });
const names = async (prefix: string) =>
  (await listAllKeys(client, bucket, prefix)).map((o) => o.key.slice(prefix.length));
/** Answers every PUT of `key` (each attempt, each part) with `fault`. */
const refuseEveryPut = (key: string, fault: Fault) => {
  proxy.rule = (request) => (request.method === 'PUT' && request.key === key ? fault : undefined);
};
/**
 * Every PUT of one file under `prefix` is refused: the upload fails with an error of `type`
 * whose message matches `message`.
 */
async function expectRefusedUpload(
  prefix: string,
  { file, status, code }: { file: string; status: number; code: string },
  type: new (...args: never[]) => Error,
  message: RegExp,
): Promise<void> {
  refuseEveryPut(prefix + file, { status, code });
  const attempt = upload(prefix);
  await expect(attempt).rejects.toThrow(type);
  await expect(attempt).rejects.toThrow(message);
}
const puts = (key: string) => proxy.seen.get(`PUT ${key}`) ?? 0;

// The direct object calls run-stage makes with credentials in the environment, and the SDK
// client every other set-up uses.
describe.each(['direct', 'sdk'] as const)('through the %s client', (kind) => {
  beforeAll(() => {
    client = kind === 'direct' ? directClient : sdkClient;
  });

  describe('transient S3 faults are retried per file', () => {
    it('retries a 503 SlowDown on small, streamed and multipart uploads, then completes the part', async () => {
      const prefix = 'cat-be/datasets/20240328_084742_utc/1b_slowdown/';
      const failOnce = new Set(['small.csv', 'streamed.bin', 'multipart.bin']);
      proxy.rule = ({ method, key, seen }) =>
        method === 'PUT' && seen === 1 && failOnce.has(key.slice(prefix.length))
          ? { status: 503, code: 'SlowDown' }
          : undefined;
      const result = await upload(prefix);
      expect(result.files).toBe(4);
      expect(puts(`${prefix}small.csv`)).toBe(2);
      expect(puts(`${prefix}streamed.bin`)).toBe(2);
      expect(puts(`${prefix}sub/other.csv`)).toBe(1);
      // 11 MiB in 5 MiB parts: three UploadPart requests, the first one retried alone.
      expect(puts(`${prefix}multipart.bin`)).toBe(4);
      expect(partState(await names(prefix))).toBe('complete');
      const down = await downloadPart({
        client,
        bucket,
        prefix,
        localDir: path.join(scratch, 'slowdown-down'),
        concurrency: 2,
        tuning: quickRetry,
      });
      expect(down.verified).toBe(true);
    });

    it('retries a reset connection and a 500 during download', async () => {
      const prefix = 'cat-be/datasets/20240328_084742_utc/1b_reset/';
      proxy.rule = ({ method, key, seen }) =>
        method === 'PUT' && seen === 1 && key === `${prefix}sub/other.csv` ? 'reset' : undefined;
      await upload(prefix);
      expect(puts(`${prefix}sub/other.csv`)).toBe(2);
      proxy.rule = ({ method, key, seen }) =>
        method === 'GET' && seen === 1 && key === `${prefix}streamed.bin`
          ? { status: 500, code: 'InternalError' }
          : undefined;
      const down = await downloadPart({
        client,
        bucket,
        prefix,
        localDir: path.join(scratch, 'reset-down'),
        concurrency: 2,
        tuning: quickRetry,
      });
      expect(down).toMatchObject({ files: 4, verified: true });
      expect(proxy.seen.get(`GET ${prefix}streamed.bin`)).toBe(2);
    });

    it('gives up after the bounded attempts and a second pass with a TransientError, leaving the part incomplete', async () => {
      const prefix = 'cat-be/datasets/20240328_084742_utc/1b_down/';
      await expectRefusedUpload(
        prefix,
        { file: 'small.csv', status: 503, code: 'SlowDown' },
        TransientError,
        /small\.csv kept failing with a temporary error \(SlowDown/,
      );
      // every attempt of the first pass, then every attempt of the second pass
      expect(puts(`${prefix}small.csv`)).toBe(2 * quickRetry.retry.attempts);
      const left = await names(prefix);
      expect(left).not.toContain(MANIFEST);
      expect(partState(left)).toBe('incomplete');
    });
  });

  describe('uploads carry their checksum', () => {
    it('sends the SHA-256 of a small file so that S3 can refuse a damaged body', async () => {
      const prefix = 'cat-be/datasets/20240328_084742_utc/1b_checksum/';
      await upload(prefix);
      const expected = createHash('sha256').update(readFileSync(path.join(source, 'small.csv')));
      expect(proxy.headers.get(`PUT ${prefix}small.csv`)?.['x-amz-checksum-sha256']).toBe(
        expected.digest('base64'),
      );
    });
  });

  describe('permanent S3 faults fail at once', () => {
    it('does not retry AccessDenied and writes no manifest', async () => {
      const prefix = 'cat-be/datasets/20240328_084742_utc/1b_denied/';
      await expectRefusedUpload(
        prefix,
        { file: 'streamed.bin', status: 403, code: 'AccessDenied' },
        AwsDeniedError,
        /AWS denied upload of s3:\/\/.*streamed\.bin: AccessDenied/,
      );
      expect(puts(`${prefix}streamed.bin`)).toBe(1);
      expect(await names(prefix)).not.toContain(MANIFEST);
    });

    it('stops a multipart upload at the first denied part and aborts it', async () => {
      const prefix = 'cat-be/datasets/20240328_084742_utc/1b_denied_part/';
      refuseEveryPut(`${prefix}multipart.bin`, { status: 403, code: 'AccessDenied' });
      const attempt = uploadPart({
        client,
        bucket,
        prefix,
        localDir: source,
        identity,
        concurrency: 1,
        tuning: { ...tuning, queueSize: 1 },
      });
      await expect(attempt).rejects.toThrow(AwsDeniedError);
      // Part 1 was refused: parts 2 and 3 were never sent, and the upload was aborted.
      expect(puts(`${prefix}multipart.bin`)).toBe(1);
      expect(proxy.seen.get(`DELETE ${prefix}multipart.bin`)).toBe(1);
      expect(partState(await names(prefix))).toBe('incomplete');
    });

    it('does not retry a missing bucket', async () => {
      const attempt = downloadPart({
        client,
        bucket: 'no-such-bucket',
        prefix: 'cat-be/datasets/20240328_084742_utc/1b/',
        localDir: path.join(scratch, 'nobucket'),
        concurrency: 1,
        tuning: quickRetry,
      });
      await expect(attempt).rejects.toThrow(/NoSuchBucket/);
      expect(proxy.seen.size).toBe(1);
    });
  });
});
