/**
 * How long to wait between delivery attempts. A notice usually goes out as a job ends, so retries
 * stay short and bounded: a few attempts, Slack's Retry-After honoured up to a cap, and one time
 * budget for the whole delivery, so a Slack outage never holds a runner for minutes.
 */
export interface RetryPolicy {
  maxAttempts: number;
  /** First backoff delay; doubled after each failure, with jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is cut to it. */
  retryAfterCapMs: number;
  /** Total time for all attempts and waits; a wait that would pass it ends the delivery. */
  budgetMs: number;
  /** Per request: Slack answers in well under a second when it is healthy. */
  requestTimeoutMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  retryAfterCapMs: 30_000,
  budgetMs: 60_000,
  requestTimeoutMs: 10_000,
};

/**
 * Exponential backoff with "equal jitter": between half and all of base * 2^(failures-1), so that
 * many jobs failing at once do not retry in lockstep, yet each still waits a little.
 */
export function backoffDelay(
  failures: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
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
