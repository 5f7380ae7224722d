/**
 * Calls that never end (issue 13 #10): against a listener that accepts connections and never
 * answers (a black-holed route, a stuck proxy), every action that calls AWS, and notify-slack, ends
 * with one `::error::` naming the endpoint, well within two minutes. The deadlines are shortened
 * through CAT_REQUEST_TIMEOUT_SECONDS and CAT_RETRY_BUDGET_SECONDS so the tests take seconds; one
 * run keeps the defaults to show they end within two minutes too.
 *
 * Also: an action that needs AWS but has no credentials says so, and that assume-role comes first
 * (issue 11, "what else a newcomer hit").
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAction } from '../support/action-runner';
import { expectOneErrorNothingWritten } from '../support/fake-aws-expect';

interface BlackHole {
  url: string;
  host: string;
  connections: number;
  close(): Promise<void>;
}

/** Accepts every connection, reads what is sent, and never writes a byte back. */
async function startBlackHole(): Promise<BlackHole> {
  const sockets = new Set<net.Socket>();
  const hole = { url: '', host: '', connections: 0 } as BlackHole;
  const server = net.createServer((socket) => {
    hole.connections++;
    sockets.add(socket);
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  hole.host = `127.0.0.1:${port}`;
  hole.url = `http://${hole.host}`;
  hole.close = () =>
    new Promise((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return hole;
}

let hole: BlackHole;
beforeAll(async () => {
  hole = await startBlackHole();
});
afterAll(() => hole.close());

const SHORT = { CAT_REQUEST_TIMEOUT_SECONDS: '1', CAT_RETRY_BUDGET_SECONDS: '3' };
const awsEnv = (service: 'S3' | 'STS') => ({
  AWS_ACCESS_KEY_ID: 'AKIASOURCEKEY0001',
  AWS_SECRET_ACCESS_KEY: 'source-secret-value',
  AWS_REGION: 'eu-west-1',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
  [`AWS_ENDPOINT_URL_${service}`]: hole.url,
});
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

describe('an endpoint that accepts and never answers ends every call, naming the endpoint', () => {
  it.each([
    ['find-bucket', { prefix: 'cat-data-' }, 'S3', 'ListBuckets'],
    ['latest-dataset', { bucket: 'cat-data-dev', tenant: 'cat-be' }, 'S3', 'Listing s3://'],
    [
      'assume-role',
      { 'role-arn': 'arn:aws:iam::123456789012:role/cat-scraper-dev' },
      'STS',
      'AssumeRole of arn:aws:iam::123456789012:role/cat-scraper-dev',
    ],
  ] as [string, Record<string, string>, 'S3' | 'STS', string][])(
    '%s fails in seconds with one ::error::',
    async (action, inputs, service, what) => {
      const before = hole.connections;
      const started = Date.now();
      const result = await runAction(action, { inputs, env: { ...awsEnv(service), ...SHORT } });
      const seconds = (Date.now() - started) / 1000;
      expectOneErrorNothingWritten(
        result,
        new RegExp(
          `^::error::${escaped(what)}.* got no answer from ${escaped(hole.url)} within the deadline, on every attempt`,
        ),
      );
      // Retried as a transient fault (more than one connection), within the 3 s budget plus one
      // more 1 s attempt, the bundle's start included.
      expect(hole.connections - before).toBeGreaterThan(1);
      expect(seconds).toBeLessThan(15);
      expect(result.log).not.toMatch(/throwOnRequestTimeout/);
    },
  );

  it('notify-slack fails in seconds too, naming the host (never the webhook path)', async () => {
    const started = Date.now();
    const result = await runAction('notify-slack', {
      inputs: {
        'webhook-url': `${hole.url}/services/T000/B000/secretpart`,
        status: 'failure',
        'fail-on-error': 'true',
      },
      env: SHORT,
    });
    expect((Date.now() - started) / 1000).toBeLessThan(15);
    expectOneErrorNothingWritten(
      { ...result, outputs: {} },
      new RegExp(`no answer from ${escaped(hole.host)} within 1 s$`),
    );
    expect(result.outputs).toEqual({ ok: 'false' });
    const leaking = result.rawLog.split('\n').filter((line) => line.includes('secretpart'));
    expect(leaking.every((line) => line.startsWith('::add-mask::'))).toBe(true);
  });

  it('with the default deadlines, find-bucket still ends within two minutes', async () => {
    const started = Date.now();
    const result = await runAction('find-bucket', {
      inputs: { prefix: 'cat-data-' },
      env: awsEnv('S3'),
      timeoutMs: 130_000,
    });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(
      `\n[never answers] find-bucket with default deadlines: ${seconds.toFixed(1)} s\n`,
    );
    expectOneErrorNothingWritten(
      result,
      /got no answer from http:\/\/127\.0\.0\.1:\d+ within the deadline/,
    );
    expect(seconds).toBeLessThan(120);
  }, 150_000);
});

describe('no AWS credentials at all', () => {
  it('find-bucket says none were found and that assume-role comes first', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'cat-nocreds-'));
    const result = await runAction('find-bucket', {
      inputs: { prefix: 'cat-data-' },
      env: {
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        AWS_WEB_IDENTITY_TOKEN_FILE: '',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: '',
        AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '',
        AWS_CONFIG_FILE: path.join(empty, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(empty, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_REGION: 'eu-west-1',
        AWS_ENDPOINT_URL_S3: hole.url,
        ...SHORT,
      },
    });
    expectOneErrorNothingWritten(
      result,
      /^::error::No AWS credentials were found for ListBuckets: .*Run the assume-role action .* earlier in the same job/,
    );
    expect(result.log).not.toMatch(
      /Unexpected failure|Could not load credentials from any providers/,
    );
  });
});
