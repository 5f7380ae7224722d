/**
 * AWS's side of the project's one retry policy (packages/core retry.ts): which AWS errors are worth
 * another attempt (throttling, SlowDown, 5xx, 429, resets, refused connections, timeouts), which
 * of them mean "slow down", and the time budget from the step's deadlines. Everything else
 * (AccessDenied, NoSuchKey, NoSuchBucket, InvalidClientTokenId, ...) fails at the first attempt:
 * retrying a refusal only makes a failure slow (a known complaint about
 * aws-actions/configure-aws-credentials).
 */
import {
  networkDeadlines,
  withRetry,
  type NetworkDeadlines,
  type RetryNotice,
  type RetryOptions,
} from '@cat-actions/core';

/** `withRetry` with AWS's classifiers and the step's retry budget; `options` may override any. */
export function awsRetryOptions(options: RetryOptions = {}): RetryOptions {
  return {
    budgetMs: networkDeadlines().budgetMs,
    isRetryable: isTransientAwsError,
    isThrottled: isThrottlingAwsError,
    ...options,
  };
}

export function withAwsRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  return withRetry(fn, awsRetryOptions(options));
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'RequestLimitExceeded',
  'SlowDown',
  'BandwidthLimitExceeded',
  'ProvisionedThroughputExceededException',
  'EC2ThrottledException',
]);

const TRANSIENT_CODES = new Set([
  ...THROTTLING_CODES,
  'PriorRequestNotComplete',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'InternalError',
  'InternalFailure',
  'InternalServiceError',
  'InternalServiceErrorException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'IDPCommunicationError',
]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const WRAPPED_NETWORK_FAULT =
  /^AWS SDK error wrapper for (TimeoutError|.*\b(ECONNRESET|ECONNREFUSED|ETIMEDOUT|EPIPE)\b)/;

interface AwsLikeError {
  name?: string;
  code?: string;
  Code?: string;
  errno?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  cause?: unknown;
  errors?: unknown[];
}

/** The AWS error code (`AccessDenied`, `Throttling`, ...) or Node error code of an error. */
export function awsErrorCode(error: unknown): string {
  if (!error || typeof error !== 'object') return '';
  const e = error as AwsLikeError;
  return e.Code || (typeof e.code === 'string' ? e.code : '') || e.name || '';
}

export function httpStatusOf(error: unknown): number | undefined {
  if (!error || typeof error !== 'object') return undefined;
  const e = error as AwsLikeError;
  return e.$metadata?.httpStatusCode ?? e.$response?.statusCode;
}

/** Network faults hide in `cause` (fetch) or in `errors` (Node's happy-eyeballs AggregateError). */
function hasNetworkCode(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 3) return false;
  const e = error as AwsLikeError;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  if (e.cause && hasNetworkCode(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((inner) => hasNetworkCode(inner, depth + 1));
}

/** "Slow down": throttling codes, 503 and 429 (S3 answers SlowDown with a 503). */
export function isThrottlingAwsError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  if (THROTTLING_CODES.has(awsErrorCode(error))) return true;
  const status = httpStatusOf(error);
  return status === 503 || status === 429;
}

/** A fault that can pass; a CatError says so itself (transient or timeout). */
export function isTransientAwsError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const kind = (error as { kind?: string }).kind;
  if (kind === 'transient' || kind === 'timeout') return true;
  if (kind !== undefined) return false;
  if (TRANSIENT_CODES.has(awsErrorCode(error))) return true;
  if (hasNetworkCode(error)) return true;
  // The SDK re-wraps errors from another realm (jest's vm, worker threads) as a bare message.
  if (error instanceof Error && WRAPPED_NETWORK_FAULT.test(error.message)) return true;
  const status = httpStatusOf(error);
  return status !== undefined && (status >= 500 || status === 429);
}

/** The log line for a retry: `S3: SlowDown on attempt 2 of 10; retrying in 1.3 s`. */
export function describeRetry(
  service: string,
  { attempt, attempts, delayMs, error }: RetryNotice,
): string {
  const code = awsErrorCode(error) || 'error';
  return `${service}: ${code} on attempt ${attempt} of ${attempts}; retrying in ${(delayMs / 1000).toFixed(1)} s`;
}

/** The SDK client settings for the step's deadlines (connect, and answer: see core deadlines.ts). */
export function clientDeadlines(deadlines: NetworkDeadlines = networkDeadlines()): {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
} {
  return { connectTimeoutMs: deadlines.connectMs, requestTimeoutMs: deadlines.requestMs };
}
