/**
 * The demo's S3: s3rver in a child process (scripts/demo/s3-process.cjs, which accepts the
 * credentials fake STS issues), with the settings DESIGN.md lists.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { S3RVER_CREDENTIALS } from '../../tests/support/s3rver';
import type { RunningService } from './services';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 's3-process.cjs');

export async function startS3(dir: string, bucket: string): Promise<RunningService> {
  const child = spawn(process.execPath, [script, dir, bucket], {
    env: { ...process.env, NODE_OPTIONS: '--openssl-legacy-provider' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const port = await readPort(child);
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    name: 's3',
    endpoint,
    pid: child.pid,
    env: {
      ...S3RVER_CREDENTIALS,
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    },
    details: { bucket, 'data directory': path.join(dir, bucket) },
    stop: () => stopChild(child),
  };
}

function readPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      reject(new Error(`s3rver exited (${code}) before listening: ${stderr.trim()}`)),
    );
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve((JSON.parse(line) as { port: number }).port);
    });
  });
}

export function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}
