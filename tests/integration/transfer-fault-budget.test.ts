/**
 * The fault budget (issue 13 #8): through an S3 endpoint that answers one request in three with
 * 503 SlowDown, 500 InternalError or a reset connection, an upload and a download of 320 files
 * complete, byte-identical, with the manifest written exactly once; the project's default retry
 * policy is used as it ships (10 attempts, full jitter, adaptive backoff on SlowDown, a second
 * pass). The same transfers run fault-free first, and the attempts and time of both are printed.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MANIFEST, UPLOAD_MARKER } from '@cat-actions/core';
import type { DirectS3Objects } from '@cat-actions/aws';
import { downloadPart, uploadPart } from '@cat-actions/transfer';
import { forwardRequest } from '../support/forward-request';
import { directObjectsAt } from '../support/direct-objects';
import { startS3rver, type LocalS3 } from '../support/s3rver';

const FILES = 320;
const bucket = 'cat-data-dev-budget';

type Fault = 'SlowDown' | 'InternalError' | 'reset';
const FAULTS: Fault[] = ['SlowDown', 'InternalError', 'reset'];

interface FaultyS3 {
  endpoint: string;
  /** Answer every third request with the next fault in FAULTS. */
  faulty: boolean;
  requests: number;
  faults: Record<Fault, number>;
  /** Requests that reached s3rver, per `METHOD key`. */
  forwarded: Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

async function startFaultyS3(target: string): Promise<FaultyS3> {
  const upstream = new URL(target);
  const state: FaultyS3 = {
    endpoint: '',
    faulty: false,
    requests: 0,
    faults: { SlowDown: 0, InternalError: 0, reset: 0 },
    forwarded: new Map(),
    reset() {
      state.requests = 0;
      state.faults = { SlowDown: 0, InternalError: 0, reset: 0 };
      state.forwarded.clear();
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    state.requests++;
    if (state.faulty && state.requests % 3 === 0) {
      const fault = FAULTS[(state.requests / 3) % FAULTS.length];
      state.faults[fault]++;
      if (fault === 'reset') {
        req.socket.destroy();
        return;
      }
      req.resume();
      req.on('end', () => {
        res.writeHead(fault === 'SlowDown' ? 503 : 500, { 'content-type': 'application/xml' });
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${fault}</Code>` +
            `<Message>injected</Message><RequestId>x</RequestId></Error>`,
        );
      });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://proxy');
    const key = decodeURIComponent(url.pathname.slice(`/${bucket}/`.length));
    const id = `${req.method} ${key}`;
    state.forwarded.set(id, (state.forwarded.get(id) ?? 0) + 1);
    forwardRequest(upstream, req, res);
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

let s3: LocalS3;
let proxy: FaultyS3;
let client: DirectS3Objects;
let scratch: string;
let source: string;

/** Every file of a folder, relative path -> content. */
function tree(dir: string, base = dir): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) for (const [k, v] of tree(full, base)) files.set(k, v);
    else files.set(path.relative(base, full), readFileSync(full));
  }
  return files;
}

beforeAll(async () => {
  s3 = await startS3rver([bucket]);
  proxy = await startFaultyS3(s3.endpoint);
  // The object calls run-stage makes with credentials in the environment (no SDK retries: the
  // transfers retry themselves, with the project's policy).
  client = directObjectsAt(proxy.endpoint);
  scratch = mkdtempSync(path.join(os.tmpdir(), 'cat-fault-budget-'));
  source = path.join(scratch, 'source');
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(source, `shard-${i % 8}`);
    mkdirSync(dir, { recursive: true });
    // Sizes from a few bytes to ~40 KiB, content unique per file.
    const size = 7 + ((i * 7919) % 40_000);
    const content = Buffer.alloc(size, `file ${i};`);
    writeFileSync(path.join(dir, `part-${String(i).padStart(4, '0')}.csv`), content);
  }
});

afterAll(async () => {
  client?.destroy();
  await proxy?.close();
  await s3?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

interface Run {
  upload: { ms: number; requests: number };
  download: { ms: number; requests: number };
  faults: Record<Fault, number>;
  manifestWrites: number;
}

async function roundTrip(name: string, faulty: boolean): Promise<Run> {
  const prefix = `cat-be/datasets/20240328_084742_utc/1b_${name}/`;
  const identity = { tenant: 'cat-be', dataset: '20240328_084742_utc', part: `1b_${name}` };
  proxy.reset();
  proxy.faulty = faulty;
  let started = Date.now();
  const up = await uploadPart({
    client,
    bucket,
    prefix,
    localDir: source,
    identity,
    concurrency: 8,
  });
  const upload = { ms: Date.now() - started, requests: proxy.requests };
  expect(up.files).toBe(FILES);
  const manifestWrites = proxy.forwarded.get(`PUT ${prefix}${MANIFEST}`) ?? 0;
  const markerDeletes = proxy.forwarded.get(`DELETE ${prefix}${UPLOAD_MARKER}`) ?? 0;
  expect(markerDeletes).toBeGreaterThanOrEqual(1);

  const before = proxy.requests;
  started = Date.now();
  const localDir = path.join(scratch, `down-${name}`);
  const down = await downloadPart({ client, bucket, prefix, localDir, concurrency: 8 });
  const download = { ms: Date.now() - started, requests: proxy.requests - before };
  expect(down).toMatchObject({ files: FILES, verified: true });

  // Byte-identical: the same relative paths with the same content, nothing more.
  const sent = tree(source);
  const received = tree(localDir);
  expect([...received.keys()].sort()).toEqual([...sent.keys()].sort());
  for (const [file, content] of sent) expect(received.get(file)!.equals(content)).toBe(true);
  return { upload, download, faults: { ...proxy.faults }, manifestWrites };
}

describe('fault budget: one request in three fails (503 SlowDown, 500, reset)', () => {
  it(`uploads and downloads ${FILES} files byte-identical, the manifest written once`, async () => {
    const clean = await roundTrip('clean', false);
    const faulty = await roundTrip('faulty', true);

    const injected = faulty.faults.SlowDown + faulty.faults.InternalError + faulty.faults.reset;
    // The faults really were there, about one request in three, of each kind.
    expect(injected).toBeGreaterThan((faulty.upload.requests + faulty.download.requests) / 3 - 2);
    for (const fault of FAULTS) expect(faulty.faults[fault]).toBeGreaterThan(20);
    expect(clean.manifestWrites).toBe(1);
    expect(faulty.manifestWrites).toBe(1);

    const line = (label: string, run: Run) =>
      `${label}: upload ${run.upload.requests} requests in ${(run.upload.ms / 1000).toFixed(1)} s, ` +
      `download ${run.download.requests} requests in ${(run.download.ms / 1000).toFixed(1)} s`;
    process.stdout.write(
      `\n[fault budget] ${FILES} files, concurrency 8, default retry policy\n` +
        `[fault budget] ${line('fault-free', clean)}\n` +
        `[fault budget] ${line('1 in 3 faulty', faulty)}; injected ${injected} ` +
        `(${faulty.faults.SlowDown} SlowDown, ${faulty.faults.InternalError} InternalError, ` +
        `${faulty.faults.reset} resets)\n`,
    );
  }, 300_000);
});
