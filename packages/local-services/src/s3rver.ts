/**
 * A real S3 for tests and the demo: s3rver on 127.0.0.1 in a child process, with the settings
 * DESIGN.md lists (legacy OpenSSL provider for the server, WHEN_REQUIRED checksums for clients).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stopChild } from './processes';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface LocalS3 {
  endpoint: string;
  port: number;
  pid?: number;
  directory: string;
  /** The environment a step (or the aws CLI) needs to reach this S3. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/** Access key s3rver accepts; any secret works because signatures are not checked. */
export const S3RVER_CREDENTIALS = {
  AWS_ACCESS_KEY_ID: 'S3RVER',
  AWS_SECRET_ACCESS_KEY: 'S3RVER',
};

export interface S3rverOptions {
  /**
   * Behave as AWS would for a whole pipeline: accept any access key (steps sign with what the
   * fake STS issued) and answer `/`-delimited listings with every common prefix (see
   * s3rver-as-aws.cjs). Off for tests that check our code copes with s3rver as it is.
   */
  asAws?: boolean;
}

export async function startS3rver(
  buckets: string[] = [],
  directory?: string,
  options: S3rverOptions = {},
): Promise<LocalS3> {
  const dir = directory ?? mkdtempSync(path.join(os.tmpdir(), 'cat-s3rver-'));
  const script = options.asAws ? 's3rver-as-aws.cjs' : 's3rver-process.cjs';
  const child = spawn(process.execPath, [path.join(here, script), dir, ...buckets], {
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await readPort(child);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    pid: child.pid,
    directory: dir,
    env: {
      ...S3RVER_CREDENTIALS,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    },
    async stop() {
      await stopChild(child);
      if (!directory) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`s3rver exited (${code}) before listening: ${stderr}`)),
    );
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
}
