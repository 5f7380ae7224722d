import { isTransientAwsError, toCatError, withRetry as retryAws } from '@cat-actions/aws';

/**
 * Per-file retries, through the project's one retry policy (@cat-actions/aws): transient faults
 * retried with exponential backoff and full jitter, permanent ones (denied, missing bucket) failing
 * at once. Retrying here rather than in the SDK matters for streams: the SDK cannot replay a
 * consumed body, we re-open the file. Callers should build the client with `maxAttempts: 1`.
 */
export interface RetryOptions {
  /** Most attempts in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { attempts: 5, baseDelayMs: 250, maxDelayMs: 8000 };

export interface RetryContext {
  /** What is being done, for the final error, e.g. `upload of s3://b/k`. */
  what: string;
  options?: RetryOptions;
  signal?: AbortSignal;
  onRetry?: (info: { attempt: number; delayMs: number; error: unknown }) => void;
}

const isAbort = (error: unknown) => (error as { name?: string } | undefined)?.name === 'AbortError';

function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  context: RetryContext,
): Promise<T> {
  const { signal } = context;
  try {
    return await retryAws(operation, {
      ...(context.options ?? DEFAULT_RETRY),
      // A big file takes long to send: bound the attempts, not the time spent sending.
      totalMs: Number.POSITIVE_INFINITY,
      isRetryable: (error) => !signal?.aborted && !isAbort(error) && isTransientAwsError(error),
      onRetry: context.onRetry,
      sleep: (ms) => sleepUnlessAborted(ms, signal),
    });
  } catch (error) {
    if (signal?.aborted) throw signal.reason ?? error;
    if (isAbort(error)) throw error;
    throw toCatError(error, {
      operation: context.what,
      deniedHint: 'Check that the role in use may read and write this bucket and prefix.',
    });
  }
}
