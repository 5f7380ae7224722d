import { AwsDeniedError, NotFoundError, TransientError, isCatError } from '@cat-actions/core';

/**
 * Per-operation retries on top of the SDK's own: a streamed body cannot be replayed by the SDK,
 * but we can re-open the file. Transient faults are retried with bounded exponential backoff and
 * full jitter; permanent ones (denied, missing bucket, bad request) fail at once.
 */
export interface RetryOptions {
  /** Total attempts, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

const TRANSIENT_NAMES = new Set([
  'SlowDown',
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestTimeout',
  'RequestTimeoutException',
  'InternalError',
  'ServiceUnavailable',
  'TimeoutError',
]);
const TRANSIENT_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
]);
const DENIED_NAMES = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'AllAccessDisabled',
]);

interface AwsLikeError {
  name?: string;
  code?: string;
  Code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: unknown;
  cause?: unknown;
}

function statusOf(error: AwsLikeError): number | undefined {
  return error.$metadata?.httpStatusCode;
}

export function isAbortError(error: unknown): boolean {
  const e = error as AwsLikeError | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

export function isTransientAwsError(error: unknown): boolean {
  if (error === null || typeof error !== 'object' || isAbortError(error)) return false;
  if (isCatError(error)) return error.kind === 'transient';
  const e = error as AwsLikeError;
  if (DENIED_NAMES.has(e.name ?? '')) return false;
  const status = statusOf(e);
  if (status !== undefined && (status >= 500 || status === 429)) return true;
  if (TRANSIENT_NAMES.has(e.name ?? '') || TRANSIENT_NAMES.has(e.Code ?? '')) return true;
  if (TRANSIENT_CODES.has(e.code ?? '') || TRANSIENT_CODES.has(e.name ?? '')) return true;
  if (e.$retryable) return true;
  if (/socket hang up|ECONNRESET|premature close/i.test(e.message ?? '')) return true;
  return e.cause !== undefined && e.cause !== error && isTransientAwsError(e.cause);
}

/** Turns an SDK failure into the error class the user can act on; CatErrors pass through. */
export function toCatError(error: unknown, what: string, attempts = 1): unknown {
  if (isCatError(error) || isAbortError(error) || error === null || typeof error !== 'object')
    return error;
  const e = error as AwsLikeError;
  const name = e.name ?? 'Error';
  const detail = `${name}${e.message && e.message !== name ? `: ${e.message}` : ''}`;
  if (DENIED_NAMES.has(name) || statusOf(e) === 403) {
    return new AwsDeniedError(
      `AWS denied ${what} (${detail}). Check that the assumed role may use this bucket and prefix.`,
      { cause: error },
    );
  }
  if (name === 'NoSuchBucket') {
    return new NotFoundError(`${what} failed: the bucket does not exist (${detail}).`, {
      cause: error,
    });
  }
  if (isTransientAwsError(error)) {
    return new TransientError(
      `${what} failed after ${attempts} attempt(s) with a transient fault (${detail}). Re-run the job; if it persists, check S3's status.`,
      { cause: error },
    );
  }
  return error;
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const defaultSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Delay before retry number `retry` (1-based): full jitter over an exponentially growing cap. */
export function backoffDelay(retry: number, options: RetryOptions, random = Math.random): number {
  const cap = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

export interface RetryContext {
  /** What is being done, for the final error, e.g. `upload of s3://b/k`. */
  what: string;
  options?: RetryOptions;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
  sleep?: Sleep;
}

export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  const options = context.options ?? DEFAULT_RETRY;
  const sleep = context.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (context.signal?.aborted) throw context.signal.reason ?? error;
      if (!isTransientAwsError(error) || attempt >= options.attempts) {
        throw toCatError(error, context.what, attempt);
      }
      const delayMs = backoffDelay(attempt, options);
      context.onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs, context.signal);
    }
  }
}
