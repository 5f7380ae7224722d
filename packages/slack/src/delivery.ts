/**
 * Sends a notice to Slack with one POST (post.ts), a deadline per request, and the project's one retry
 * policy (packages/core retry.ts): 429 waits as long as Slack's Retry-After says (capped), 5xx,
 * timeouts and network faults back off with jitter, any other refusal ends the delivery at once
 * with Slack's reason.
 */
import { CatError, parseRetryAfter, withRetry, type RetryNotice } from '@cat-actions/core';
import type { SlackMessage } from './blocks';
import { slackRetry, type SlackRetry } from './retry-policy';
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

export interface DeliveryOptions {
  /** Overrides of the Slack retry settings (default: slackRetry() from the step's deadlines). */
  policy?: SlackRetry;
  /** Told before each wait, so the step can log why it is waiting and for how long. */
  onRetry?: (notice: RetryNotice & { reason: string }) => void;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** The delivery failed; `permanent` when retrying could not have helped. */
export class SlackDeliveryError extends CatError {
  readonly kind: 'service' | 'transient';
  constructor(
    message: string,
    readonly attempts: number,
    readonly permanent: boolean,
  ) {
    super(message);
    this.kind = permanent ? 'service' : 'transient';
  }
}

/** One attempt's answer, thrown so that the retry policy sees it. */
class AttemptFailed extends Error {
  constructor(readonly answer: Exclude<SlackAnswer, { kind: 'delivered' }>) {
    super(answer.reason);
  }
}

export async function deliver(
  target: SlackTarget,
  message: SlackMessage,
  options: DeliveryOptions = {},
): Promise<Delivered> {
  const policy = { ...slackRetry(), ...options.policy };
  const { now = Date.now } = options;
  const requestTimeoutMs = policy.requestTimeoutMs ?? 10_000;
  const started = now();
  let attempts = 0;
  try {
    return await withRetry(
      async (attempt) => {
        attempts = attempt;
        const answer = await attemptDelivery(target, message, requestTimeoutMs, now);
        if (answer.kind !== 'delivered') throw new AttemptFailed(answer);
        return { attempts: attempt, ts: answer.ts, channel: answer.channel };
      },
      {
        ...policy,
        isRetryable: (error) => error instanceof AttemptFailed && error.answer.kind === 'transient',
        retryAfterMs: (error) =>
          error instanceof AttemptFailed && error.answer.kind === 'transient'
            ? error.answer.retryAfterMs
            : undefined,
        onRetry: (notice) =>
          options.onRetry?.({ ...notice, reason: (notice.error as Error).message }),
        sleep: options.sleep,
        random: options.random,
        now,
      },
    );
  } catch (error) {
    if (!(error instanceof AttemptFailed)) throw error;
    if (error.answer.kind === 'permanent') {
      throw new SlackDeliveryError(error.answer.reason, attempts, true);
    }
    throw new SlackDeliveryError(
      `Slack did not take the message after ${attempts} attempt${attempts === 1 ? '' : 's'} in ` +
        `${seconds(now() - started)}: ${error.answer.reason}`,
      attempts,
      false,
    );
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
    // The timeout covers the whole request, the body of the answer included.
    const response = await post(url, init, timeoutMs);
    const retryAfterMs = parseRetryAfter(response.retryAfter, now());
    return interpretAnswer(target.mode, response.status, response.body, retryAfterMs);
  } catch (error) {
    return { kind: 'transient', reason: networkFault(error, timeoutMs, url) };
  }
}

/**
 * Says what went wrong on the wire without quoting the URL: the webhook URL is the secret, so only
 * its host (the endpoint) is named.
 */
function networkFault(error: unknown, timeoutMs: number, url: string): string {
  const host = URL.canParse(url) ? new URL(url).host : 'Slack';
  // Duck-typed: fetch rejects with a DOMException, which is not an Error in every realm.
  const fault = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  if (fault.name === 'TimeoutError' || fault.name === 'AbortError') {
    return `no answer from ${host} within ${seconds(timeoutMs)}`;
  }
  const cause = (fault.cause ?? {}) as { code?: string; message?: string };
  return `could not reach ${host} (${cause.code ?? cause.message ?? fault.message ?? String(error)})`;
}
