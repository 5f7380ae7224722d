import {
  AdaptiveThrottle,
  deadlineForBody,
  networkDeadlines,
  withRetry,
  type NetworkDeadlines,
  type RetryNotice,
  type RetryPolicy,
} from '@cat-actions/core';
import { awsRetryOptions, isTransientAwsError, toCatError } from '@cat-actions/aws';

/**
 * Per-request retries of a transfer, through the project's one retry policy (packages/core
 * retry.ts): transient faults retried with full jitter (SlowDown and 503 from a larger base, and
 * through an AdaptiveThrottle shared by all requests of the transfer), permanent ones (denied,
 * missing bucket) failing at once. Retrying here rather than in the SDK matters for streams: the
 * SDK cannot replay a consumed body, we re-open the file. Callers build the client with
 * `maxAttempts: 1`.
 *
 * A request's time budget is 15 minutes rather than the step's 60 s: a large file takes long to
 * send, and a reset after minutes of sending still deserves another attempt. Each attempt has its
 * own deadline (`requestDeadline`), so a stuck request still ends.
 */
export type TransferRetry = Partial<RetryPolicy>;

export const TRANSFER_RETRY: TransferRetry = { budgetMs: 15 * 60_000 };

/**
 * One throttle per client, so every request to that S3 endpoint (all files of a transfer, and
 * transfers running side by side) slows down together while S3 answers SlowDown.
 */
const throttles = new WeakMap<object, AdaptiveThrottle>();

export function throttleFor(client: object): AdaptiveThrottle {
  let throttle = throttles.get(client);
  if (!throttle) throttles.set(client, (throttle = new AdaptiveThrottle()));
  return throttle;
}

/** The deadline of one request that sends `bodyBytes` (0 for requests without a body). */
export function requestDeadline(bodyBytes: number, deadlines?: NetworkDeadlines): number {
  return deadlineForBody(deadlines ?? networkDeadlines(), bodyBytes);
}

export interface RetryContext {
  /** What is being done, for the final error, e.g. `upload of s3://b/k`. */
  what: string;
  /** The client the requests go through: its throttle is shared. */
  client: object;
  retry?: TransferRetry;
  signal?: AbortSignal;
  onRetry?: (notice: RetryNotice) => void;
}

const isAbort = (error: unknown) => (error as { name?: string } | undefined)?.name === 'AbortError';

export async function withTransferRetry<T>(
  operation: (attempt: number) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  const { signal } = context;
  try {
    return await withRetry(operation, {
      ...awsRetryOptions(),
      ...TRANSFER_RETRY,
      ...context.retry,
      isRetryable: (error) => !signal?.aborted && !isAbort(error) && isTransientAwsError(error),
      throttle: throttleFor(context.client),
      onRetry: context.onRetry,
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    if (isAbort(error)) throw error;
    throw toCatError(error, {
      operation: context.what,
      deniedHint: 'Check that the role in use may read and write this bucket and prefix.',
      endpoint: process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || undefined,
    });
  }
}
