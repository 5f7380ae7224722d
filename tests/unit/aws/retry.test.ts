import { describe, expect, it } from '@jest/globals';
import {
  AwsDeniedError,
  InputError,
  NotFoundError,
  ServiceError,
  TimeoutError,
  TransientError,
  backoffDelay,
  type RetryNotice,
} from '@cat-actions/core';
import {
  isThrottlingAwsError,
  isTransientAwsError,
  needsPathStyle,
  toCatError,
  withAwsRetry as withRetry,
} from '@cat-actions/aws';

/** An error shaped like the SDK's ServiceException. */
const awsError = (name: string, status = 400, message = `${name} happened`) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const netError = (code: string) => Object.assign(new Error(`connect ${code}`), { code });

describe('transient AWS faults are retried, permanent ones are not', () => {
  it.each([
    ['Throttling', awsError('Throttling')],
    ['ThrottlingException', awsError('ThrottlingException')],
    ['SlowDown', awsError('SlowDown', 503)],
    ['RequestTimeout', awsError('RequestTimeout')],
    ['a 500 without a code', awsError('UnknownError', 500)],
    ['a 503', awsError('ServiceUnavailable', 503)],
    ['429', awsError('TooManyRequests', 429)],
    ['ECONNRESET', netError('ECONNRESET')],
    ['ECONNREFUSED', netError('ECONNREFUSED')],
    ['ETIMEDOUT', netError('ETIMEDOUT')],
    ['ECONNREFUSED in an AggregateError', new AggregateError([netError('ECONNREFUSED')], 'x')],
    ['ECONNRESET as a cause', new Error('fetch failed', { cause: netError('ECONNRESET') })],
    ['the SDK connect timeout', Object.assign(new Error('timeout'), { name: 'TimeoutError' })],
    ['a TransientError', new TransientError('later')],
    [
      'a reset the SDK re-wrapped',
      new Error('AWS SDK error wrapper for TimeoutError: socket hang up'),
    ],
  ])('%s is transient', (_name, error) => {
    expect(isTransientAwsError(error)).toBe(true);
  });

  it.each([
    ['AccessDenied', awsError('AccessDenied', 403)],
    ['InvalidIdentityToken', awsError('InvalidIdentityToken')],
    ['ExpiredToken', awsError('ExpiredToken')],
    ['ValidationError', awsError('ValidationError')],
    ['NoSuchBucket', awsError('NoSuchBucket', 404)],
    ['ResourceNotFoundException', awsError('ResourceNotFoundException')],
    ['a plain Error', new Error('bug')],
    ['a string', 'oops'],
    ['an InputError', new InputError({ input: 'x', expected: 'y' })],
  ])('%s is permanent', (_name, error) => {
    expect(isTransientAwsError(error)).toBe(false);
  });
});

describe('withRetry: exponential backoff with full jitter, bounded', () => {
  const noSleep = async () => {};

  it('retries transient faults and returns the first success', async () => {
    const seen: RetryNotice[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls <= 2) throw awsError('Throttling');
        return 'ok';
      },
      { sleep: noSleep, onRetry: (info) => seen.push(info) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(seen.map((s) => s.attempt)).toEqual([1, 2]);
  });

  it('fails at once on a permanent error: one call, no retry', async () => {
    let calls = 0;
    const denied = awsError('AccessDenied', 403);
    await expect(
      withRetry(
        async () => {
          calls++;
          throw denied;
        },
        { sleep: noSleep },
      ),
    ).rejects.toBe(denied);
    expect(calls).toBe(1);
  });

  it('gives up after `attempts` and throws the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('InternalError', 500, `fault ${calls}`);
        },
        { attempts: 4, sleep: noSleep },
      ),
    ).rejects.toThrow('fault 4');
    expect(calls).toBe(4);
  });

  it('stops when the next wait would overrun the time budget', async () => {
    let clock = 0;
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw awsError('Throttling');
        },
        {
          attempts: 100,
          budgetMs: 10_000,
          throttledBaseDelayMs: 1_000,
          maxDelayMs: 4_000,
          random: () => 0.99,
          now: () => clock,
          sleep: async (ms) => {
            clock += ms;
          },
        },
      ),
    ).rejects.toThrow('Throttling');
    // waits of 990, 1980, 3960, 3960 ms = 10 890 > 10 000: the 4th wait is not taken
    expect(calls).toBe(4);
    expect(clock).toBeLessThanOrEqual(10_000);
  });

  it.each([
    [1, 0.5, 250],
    [2, 0.5, 500],
    [3, 0.999, 1998],
    [10, 0.5, 5000],
    [1, 0, 0],
  ])('attempt %i, random %f -> %i ms (base 500, cap 10 s)', (attempt, random, expected) => {
    expect(backoffDelay(attempt, 500, 10_000, () => random)).toBe(expected);
  });
});

describe('toCatError: one error class per thing the tenant can act on', () => {
  const context = { operation: 'AssumeRole of arn:aws:iam::123456789012:role/x' };

  it.each([
    ['AccessDenied', AwsDeniedError, /AWS denied AssumeRole of .*AccessDenied: .*IAM policy/],
    ['InvalidIdentityToken', AwsDeniedError, /InvalidIdentityToken/],
    ['ExpiredToken', AwsDeniedError, /have expired: assume the role again/],
    ['ExpiredTokenException', AwsDeniedError, /have expired/],
    ['NoSuchBucket', NotFoundError, /AssumeRole of .* failed: NoSuchBucket/],
    ['ResourceNotFoundException', NotFoundError, /ResourceNotFoundException/],
    ['ValidationError', InputError, /Input 'AssumeRole of .*expected a value AWS accepts/],
    ['Throttling', TransientError, /temporary error .*re-run the job/],
  ])('%s -> %p', (code, kind, message) => {
    const mapped = toCatError(awsError(code), context);
    expect(mapped).toBeInstanceOf(kind);
    expect(mapped.message).toMatch(message);
  });

  it('uses the hints of the context', () => {
    const mapped = toCatError(awsError('AccessDenied', 403), {
      ...context,
      deniedHint: "Check the role's trust policy.",
    });
    expect(mapped.message).toMatch(/trust policy\.$/);
  });

  it('names the input a ValidationError points at', () => {
    const mapped = toCatError(awsError('ValidationError'), {
      ...context,
      input: 'duration-seconds',
    });
    expect(mapped.message).toMatch(/^Input 'duration-seconds'/);
  });

  it('keeps errors that are already classified', () => {
    const original = new NotFoundError('gone');
    expect(toCatError(original, context)).toBe(original);
  });

  it('an AWS answer of no known kind is a ServiceError in AWS words', () => {
    const mapped = toCatError(
      awsError('InvalidPart', 400, 'One or more parts were not found'),
      context,
    );
    expect(mapped).toBeInstanceOf(ServiceError);
    expect(mapped.message).toBe(
      'AssumeRole of arn:aws:iam::123456789012:role/x failed: InvalidPart: One or more parts were not found.',
    );
  });

  it('leaves a bug of ours (no AWS answer) as it is, for "Unexpected failure"', () => {
    const bug = new TypeError('x is undefined');
    expect(toCatError(bug, context)).toBe(bug);
  });

  it('no credentials at all: says so and that assume-role comes first', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const mapped = toCatError(error, { operation: 'ListBuckets' });
    expect(mapped).toBeInstanceOf(AwsDeniedError);
    expect(mapped.message).toMatch(/^No AWS credentials were found for ListBuckets/);
    expect(mapped.message).toMatch(/Run the assume-role action .* earlier in the same job/);
  });

  it.each([
    [
      'the SDK request timeout',
      Object.assign(new Error('a request has exceeded the configured 1000 ms requestTimeout'), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      }),
    ],
    [
      'a socket that went silent',
      Object.assign(new Error('the request socket timed out after 1000 ms of inactivity'), {
        name: 'TimeoutError',
      }),
    ],
  ])('%s is a TimeoutError naming the endpoint', (_case, error) => {
    const mapped = toCatError(error, { operation: 'ListBuckets', endpoint: 'http://127.0.0.1:9' });
    expect(mapped).toBeInstanceOf(TimeoutError);
    expect(mapped.message).toMatch(
      /^ListBuckets got no answer from http:\/\/127\.0\.0\.1:9 within the deadline/,
    );
  });

  it.each([
    ['SlowDown', awsError('SlowDown', 503), true],
    ['a bare 503', awsError('UnknownError', 503), true],
    ['Throttling', awsError('Throttling'), true],
    ['a 500', awsError('InternalError', 500), false],
    ['a reset', netError('ECONNRESET'), false],
  ])('%s throttles: %p', (_case, error, expected) => {
    expect(isThrottlingAwsError(error)).toBe(expected);
  });
});

describe('S3 path style for local endpoints', () => {
  it.each([
    [{ AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4568' }, true],
    [{ AWS_ENDPOINT_URL: 'http://localhost:9000' }, true],
    [{ AWS_ENDPOINT_URL_S3: 'https://s3.eu-west-1.amazonaws.com' }, false],
    [{}, false],
  ])('%j -> %s', (env, expected) => {
    expect(needsPathStyle(env)).toBe(expected);
  });
});
