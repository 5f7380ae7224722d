/**
 * Slack's settings of the project's one retry policy (packages/core retry.ts). A notice usually
 * goes out as a job ends, so retries stay short: a few attempts, Slack's Retry-After honoured up
 * to a cap, and the step's retry budget for the whole delivery (60 s by default), so a Slack
 * outage never holds a runner for minutes. Each request has its own deadline: Slack answers in
 * well under a second when it is healthy.
 */
import { networkDeadlines, type NetworkDeadlines, type RetryPolicy } from '@cat-actions/core';

export interface SlackRetry extends Partial<RetryPolicy> {
  /** Deadline of one request, from connecting to the last byte of the answer. */
  requestTimeoutMs?: number;
}

export const SLACK_RETRY: Required<Pick<SlackRetry, 'attempts' | 'baseDelayMs' | 'maxDelayMs'>> &
  SlackRetry = {
  attempts: 4,
  baseDelayMs: 500,
  throttledBaseDelayMs: 500,
  maxDelayMs: 8_000,
  retryAfterCapMs: 30_000,
};

/** Slack answers fast: a request gets at most 10 s, less when the step's deadline is shorter. */
export function slackRetry(deadlines: NetworkDeadlines = networkDeadlines()): SlackRetry {
  return {
    ...SLACK_RETRY,
    budgetMs: deadlines.budgetMs,
    requestTimeoutMs: Math.min(10_000, deadlines.requestMs),
  };
}
