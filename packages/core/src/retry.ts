/**
 * The project's one retry policy, used by every network call: AWS requests (@cat-actions/aws),
 * transfers (@cat-actions/transfer) and Slack (@cat-actions/slack). Each caller says which errors
 * are worth another attempt; this module decides how long to wait and when to stop:
 *   - full jitter: a uniform wait in [0, min(maxDelay, base * 2^(n-1))), so many jobs (or many
 *     files of one transfer) failing at once do not retry in lockstep;
 *   - throttling (SlowDown, 503, 429) backs off from a larger base, and a server's Retry-After is
 *     honoured up to a cap;
 *   - adaptive: an `AdaptiveThrottle` shared by the requests of one transfer slows every request
 *     down while the server throttles, and speeds back up as requests succeed;
 *   - bounded twice: by attempts and by a time budget, so a dead endpoint ends the step in bounded
 *     time, while permanent faults (AccessDenied, NoSuchKey, ...) fail at the first attempt.
 * Numbers: s5cmd retries 10 times by default, rclone 10 low-level retries; so do we.
 */
export interface RetryPolicy {
  /** Most attempts in all, the first included. */
  attempts: number;
  /** Time for all attempts and waits: no new attempt starts when its wait would end past it. */
  budgetMs: number;
  /** First backoff ceiling for ordinary transient faults; doubled after every failure. */
  baseDelayMs: number;
  /** First backoff ceiling when the server says it is overloaded (throttling, SlowDown). */
  throttledBaseDelayMs: number;
  /** Largest single wait. */
  maxDelayMs: number;
  /** A server's Retry-After longer than this is cut to it. */
  retryAfterCapMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 10,
  budgetMs: 60_000,
  baseDelayMs: 200,
  throttledBaseDelayMs: 1_000,
  maxDelayMs: 10_000,
  retryAfterCapMs: 30_000,
};

export interface RetryNotice {
  /** The attempt that just failed, from 1. */
  attempt: number;
  /** The most attempts the policy allows. */
  attempts: number;
  /** How long we wait before the next attempt. */
  delayMs: number;
  error: unknown;
}

export interface RetryOptions extends Partial<RetryPolicy> {
  /** Which errors are worth another attempt (default: none: the first failure is final). */
  isRetryable?: (error: unknown) => boolean;
  /** Errors that mean "slow down" (they back off from throttledBaseDelayMs). */
  isThrottled?: (error: unknown) => boolean;
  /** A wait the server asked for (Retry-After), in milliseconds. */
  retryAfterMs?: (error: unknown) => number | undefined;
  /** Shared by the requests of one transfer: see AdaptiveThrottle. */
  throttle?: AdaptiveThrottle;
  /** Called before each wait, e.g. to log "retrying in 1.2 s". */
  onRetry?: (notice: RetryNotice) => void;
  /** Aborting ends the wait at once and the retries with it (the abort reason is thrown). */
  signal?: AbortSignal;
  /** For tests. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** Full jitter (AWS architecture blog): a uniform wait in [0, min(max, base * 2^(n-1))). */
export function backoffDelay(
  failedAttempt: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(0, failedAttempt - 1));
  return Math.floor(random() * ceiling);
}

/** Retry-After in milliseconds: delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Resolves after `ms`: the one plain pause the packages share (polling, retry delays). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves after `ms`, or rejects with the abort reason as soon as `signal` aborts. */
export function sleepUnlessAborted(ms: number, signal?: AbortSignal): Promise<void> {
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

/**
 * Client-side rate adaptation, in the spirit of the AWS SDKs' "adaptive" retry mode: every
 * throttling answer doubles a pause that each request of the transfer takes (with jitter) before
 * it starts, up to a ceiling; every success halves it. One SlowDown among many successes costs
 * little; a server that keeps throttling gets fewer requests per second from all workers at once,
 * instead of each worker hammering it on its own schedule.
 */
export class AdaptiveThrottle {
  private pauseMs = 0;
  throttledCount = 0;

  constructor(
    private readonly firstPauseMs = 50,
    private readonly maxPauseMs = 2_000,
  ) {}

  /** The current pause ceiling, for logs and tests. */
  get currentPauseMs(): number {
    return this.pauseMs;
  }

  throttled(): void {
    this.throttledCount++;
    this.pauseMs = Math.min(this.maxPauseMs, Math.max(this.firstPauseMs, this.pauseMs * 2));
  }

  succeeded(): void {
    this.pauseMs = this.pauseMs / 2 < this.firstPauseMs ? 0 : this.pauseMs / 2;
  }

  async beforeRequest(
    sleep: (ms: number, signal?: AbortSignal) => Promise<void>,
    random: () => number,
    signal?: AbortSignal,
  ): Promise<void> {
    if (this.pauseMs > 0) await sleep(Math.floor(random() * this.pauseMs), signal);
  }
}

/**
 * Runs `fn` until it succeeds, fails with an error `isRetryable` refuses, or the policy's attempts
 * or time budget are spent; the last error is thrown as it is (callers turn it into the error type
 * a user can act on, naming what was being done).
 */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...definedOnly(options) };
  const {
    isRetryable = () => false,
    isThrottled = () => false,
    retryAfterMs = () => undefined,
    throttle,
    onRetry,
    signal,
    sleep = sleepUnlessAborted,
    random = Math.random,
    now = Date.now,
  } = options;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw signal.reason;
    if (throttle) await throttle.beforeRequest(sleep, random, signal);
    try {
      const result = await fn(attempt);
      throttle?.succeeded();
      return result;
    } catch (error) {
      if (signal?.aborted) throw signal.reason ?? error;
      if (attempt >= policy.attempts || !isRetryable(error)) throw error;
      const throttled = isThrottled(error);
      if (throttled) throttle?.throttled();
      const asked = retryAfterMs(error);
      const delayMs =
        asked !== undefined
          ? Math.min(asked, policy.retryAfterCapMs)
          : backoffDelay(
              attempt,
              throttled ? policy.throttledBaseDelayMs : policy.baseDelayMs,
              policy.maxDelayMs,
              random,
            );
      if (now() - started + delayMs > policy.budgetMs) throw error;
      onRetry?.({ attempt, attempts: policy.attempts, delayMs, error });
      await sleep(delayMs, signal);
    }
  }
}

/** `{ attempts: undefined }` must not erase the default. */
function definedOnly(options: Partial<RetryPolicy>): Partial<RetryPolicy> {
  const keys: (keyof RetryPolicy)[] = [
    'attempts',
    'budgetMs',
    'baseDelayMs',
    'throttledBaseDelayMs',
    'maxDelayMs',
    'retryAfterCapMs',
  ];
  return Object.fromEntries(
    keys.filter((key) => options[key] !== undefined).map((key) => [key, options[key]]),
  );
}
