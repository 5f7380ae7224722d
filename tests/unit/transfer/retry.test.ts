import { describe, expect, it } from '@jest/globals';
import { AwsDeniedError, TransientError } from '@cat-actions/core';
import { withTransferRetry as withRetry } from '../../../packages/transfer/src/retry';

const client = {};

const fault = (name: string, status: number) =>
  Object.assign(new Error(`injected ${name}`), { name, $metadata: { httpStatusCode: status } });
const retry = { attempts: 3, baseDelayMs: 1, throttledBaseDelayMs: 1, maxDelayMs: 2 };

describe('per-file retries', () => {
  it.each([
    ['SlowDown', 503],
    ['InternalError', 500],
    ['RequestTimeout', 400],
  ])('retries %s and succeeds', async (name, status) => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 3) throw fault(name, status);
        return 'ok';
      },
      { what: 'upload of s3://b/k', client, retry },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('retries a reset connection', async () => {
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls === 1) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
      { what: 'x', client, retry },
    );
    expect(calls).toBe(2);
  });

  it('gives up after the bounded attempts with a TransientError naming the operation', async () => {
    let calls = 0;
    const attempt = withRetry(
      async () => {
        calls++;
        throw fault('SlowDown', 503);
      },
      { what: 'upload of s3://b/k', client, retry },
    );
    await expect(attempt).rejects.toThrow(TransientError);
    await expect(attempt).rejects.toThrow(/upload of s3:\/\/b\/k kept failing/);
    expect(calls).toBe(3);
  });

  it('fails AccessDenied at once as AwsDeniedError', async () => {
    let calls = 0;
    const attempt = withRetry(
      async () => {
        calls++;
        throw fault('AccessDenied', 403);
      },
      { what: 'upload of s3://b/k', client, retry },
    );
    await expect(attempt).rejects.toThrow(AwsDeniedError);
    expect(calls).toBe(1);
  });

  it('stops retrying when the transfer is aborted, with the abort reason', async () => {
    const controller = new AbortController();
    let calls = 0;
    const attempt = withRetry(
      async () => {
        calls++;
        controller.abort(new Error('cancelled by the runner'));
        throw fault('SlowDown', 503);
      },
      {
        what: 'x',
        client,
        retry: { attempts: 5, baseDelayMs: 1000, throttledBaseDelayMs: 1000, maxDelayMs: 1000 },
        signal: controller.signal,
      },
    );
    await expect(attempt).rejects.toThrow('cancelled by the runner');
    expect(calls).toBe(1);
  });
});
