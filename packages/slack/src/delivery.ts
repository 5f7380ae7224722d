/**
 * Sends a notice to Slack with one POST (post.ts), one timeout per request, and bounded retries: 429
 * waits as long as Slack's Retry-After says (capped), 5xx and network faults back off with jitter,
 * any other refusal ends the delivery at once with Slack's reason.
 */
import type { SlackMessage } from './blocks';
import { DEFAULT_RETRY_POLICY, backoffDelay, parseRetryAfter } from './retry-policy';
import type { RetryPolicy } from './retry-policy';
import { interpretAnswer } from './slack-answer';
import { post } from './post';
import type { SlackAnswer } from './slack-answer';

export const DEFAULT_SLACK_API_URL = 'https://slack.com/api';

/** An incoming webhook, or the Web API's chat.postMessage with a bot token and a channel. */
export type SlackTarget =
  | { mode: 'webhook'; url: string }
  | { mode: 'api'; apiUrl: string; token: string; channel: string };

export interface Delivered {
  attempts: number;
  /** The message's timestamp (Web API only): the handle to thread replies or update it. */
  ts?: string;
  /** The channel ID Slack posted to (Web API only). */
  channel?: string;
}

export interface RetryNotice {
  /** The attempt that just failed, counting from 1. */
  attempt: number;
  maxAttempts: number;
  reason: string;
  waitMs: number;
}

export interface DeliveryOptions {
  policy?: Partial<RetryPolicy>;
  /** Told before each wait, so the step can log why it is waiting and for how long. */
  onRetry?: (notice: RetryNotice) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** The delivery failed; `permanent` when retrying could not have helped. */
export class SlackDeliveryError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'SlackDeliveryError';
  }
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function deliver(
  target: SlackTarget,
  message: SlackMessage,
  options: DeliveryOptions = {},
): Promise<Delivered> {
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
  const { sleep = wait, random = Math.random, now = Date.now } = options;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    const answer = await attemptDelivery(target, message, policy.requestTimeoutMs, now);
    if (answer.kind === 'delivered')
      return { attempts: attempt, ts: answer.ts, channel: answer.channel };
    if (answer.kind === 'permanent') throw new SlackDeliveryError(answer.reason, attempt, true);
    if (attempt >= policy.maxAttempts) {
      throw new SlackDeliveryError(
        `Slack did not take the message after ${attempt} attempts: ${answer.reason}`,
        attempt,
        false,
      );
    }
    const waitMs =
      answer.retryAfterMs !== undefined
        ? Math.min(answer.retryAfterMs, policy.retryAfterCapMs)
        : backoffDelay(attempt, policy, random);
    const elapsed = now() - started;
    if (elapsed + waitMs > policy.budgetMs) {
      throw new SlackDeliveryError(
        `Slack did not take the message after ${attempt} attempts in ${seconds(elapsed)}: ` +
          `${answer.reason}; waiting ${seconds(waitMs)} more would pass the ${seconds(policy.budgetMs)} budget`,
        attempt,
        false,
      );
    }
    options.onRetry?.({ attempt, maxAttempts: policy.maxAttempts, reason: answer.reason, waitMs });
    await sleep(waitMs);
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

function request(
  target: SlackTarget,
  message: SlackMessage,
): { url: string; init: { headers: Record<string, string>; body: string } } {
  if (target.mode === 'webhook') {
    return {
      url: target.url,
      init: {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
      },
    };
  }
  return {
    url: `${target.apiUrl.replace(/\/+$/, '')}/chat.postMessage`,
    init: {
      headers: {
        'content-type': 'application/json; charset=utf-8',
        authorization: `Bearer ${target.token}`,
      },
      body: JSON.stringify({ channel: target.channel, ...message }),
    },
  };
}

async function attemptDelivery(
  target: SlackTarget,
  message: SlackMessage,
  timeoutMs: number,
  now: () => number,
): Promise<SlackAnswer> {
  const { url, init } = request(target, message);
  try {
    // Slack never redirects a post: one that does is not Slack, and post() never follows it.
    const response = await post(url, init, timeoutMs);
    const retryAfterMs = parseRetryAfter(response.retryAfter, now());
    return interpretAnswer(target.mode, response.status, response.body, retryAfterMs);
  } catch (error) {
    return { kind: 'transient', reason: networkFault(error, timeoutMs) };
  }
}

/**
 * Says what went wrong on the wire without quoting the URL: the webhook URL is the secret, and
 * undici's messages stay at host:port, which is all this keeps.
 */
function networkFault(error: unknown, timeoutMs: number): string {
  // Duck-typed: fetch rejects with a DOMException, which is not an Error in every realm.
  const fault = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (fault.name === 'TimeoutError' || fault.name === 'AbortError') {
    return `no answer within ${seconds(timeoutMs)}`;
  }
  const cause = (fault.cause ?? {}) as { code?: string; message?: string };
  return `could not reach Slack (${cause.code ?? cause.message ?? fault.message ?? String(error)})`;
}
