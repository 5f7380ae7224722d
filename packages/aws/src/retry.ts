/**
 * One retry policy for every AWS call: transient faults (throttling, 5xx, resets, refused
 * connections, timeouts) are retried with exponential backoff and full jitter, within a number of
 * attempts and a time budget; everything else fails at once. Retrying AccessDenied only makes a
 * failure slow (a known complaint about aws-actions/configure-aws-credentials).
 */
export interface RetryInfo {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  error: unknown;
}

export interface RetryOptions {
  /** Most attempts in all, the first included (default 6). */
  attempts?: number;
  /** Time budget: no new attempt starts when its wait would end past it (default 60 s). */
  totalMs?: number;
  /** First backoff ceiling; doubled after every failure (default 500 ms). */
  baseDelayMs?: number;
  /** Largest single wait (default 10 s). */
  maxDelayMs?: number;
  /** Which errors are worth another attempt (default: isTransientAwsError). */
  isRetryable?: (error: unknown) => boolean;
  /** Called before each wait, e.g. to log "retrying in 1.2 s". */
  onRetry?: (info: RetryInfo) => void;
  /** For tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

export const DEFAULT_RETRY = { attempts: 6, totalMs: 60_000, baseDelayMs: 500, maxDelayMs: 10_000 };

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Full jitter (AWS architecture blog): a uniform wait in [0, min(max, base * 2^n)). */
export function backoffDelay(
  failedAttempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const {
    attempts = DEFAULT_RETRY.attempts,
    totalMs = DEFAULT_RETRY.totalMs,
    baseDelayMs = DEFAULT_RETRY.baseDelayMs,
    maxDelayMs = DEFAULT_RETRY.maxDelayMs,
    isRetryable = isTransientAwsError,
    onRetry,
    sleep = delay,
    random = Math.random,
    now = Date.now,
  } = options;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      const delayMs = backoffDelay(attempt, baseDelayMs, maxDelayMs, random);
      if (now() - started + delayMs > totalMs) throw error;
      onRetry?.({ attempt, delayMs, error });
      await sleep(delayMs);
    }
  }
}

const TRANSIENT_CODES = new Set([
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
  'PriorRequestNotComplete',
  'EC2ThrottledException',
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

export function isTransientAwsError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  if ((error as { kind?: string }).kind === 'transient') return true;
  if (TRANSIENT_CODES.has(awsErrorCode(error))) return true;
  if (hasNetworkCode(error)) return true;
  // The SDK re-wraps errors from another realm (jest's vm, worker threads) as a bare message.
  if (error instanceof Error && WRAPPED_NETWORK_FAULT.test(error.message)) return true;
  const status = httpStatusOf(error);
  return status !== undefined && (status >= 500 || status === 429);
}

/** The log line for a retry: `S3: SlowDown on attempt 2; retrying in 1.3 s`. */
export function describeRetry(service: string, { attempt, delayMs, error }: RetryInfo): string {
  const code = awsErrorCode(error) || 'error';
  return `${service}: ${code} on attempt ${attempt}; retrying in ${(delayMs / 1000).toFixed(1)} s`;
}
