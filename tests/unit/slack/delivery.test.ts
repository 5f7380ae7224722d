import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { backoffDelay, parseRetryAfter } from '@cat-actions/core';
import {
  SlackDeliveryError,
  buildMessage,
  deliver,
  interpretAnswer,
  statusLook,
} from '@cat-actions/slack';
import type { DeliveryOptions, SlackTarget } from '@cat-actions/slack';
import { startSlackReceiver } from '../../support/slack-receiver';
import type { SlackReceiver } from '../../support/slack-receiver';

const message = buildMessage({ look: statusLook('failure'), text: 'x' }, { runAttempt: '1' });

/** Records the waits instead of sleeping, and moves a fake clock by them. */
function fakeTime() {
  let clock = 0;
  const waits: number[] = [];
  const options: DeliveryOptions = {
    sleep: async (ms) => {
      waits.push(ms);
      clock += ms;
    },
    now: () => clock,
    random: () => 1,
  };
  return { waits, options };
}

let slack: SlackReceiver;
let webhook: SlackTarget;
beforeAll(async () => {
  slack = await startSlackReceiver();
  webhook = { mode: 'webhook', url: slack.webhookUrl };
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

describe('delivery: 429 honours Retry-After, within bounds', () => {
  it('waits exactly Retry-After', async () => {
    slack.answerNext(2, { status: 429, retryAfter: 7 });
    const time = fakeTime();
    await expect(deliver(webhook, message, time.options)).resolves.toEqual({ attempts: 3 });
    expect(time.waits).toEqual([7000, 7000]);
  });

  it('caps a long Retry-After at 30 s', async () => {
    slack.answerNext(1, { status: 429, retryAfter: 3600 });
    const time = fakeTime();
    await deliver(webhook, message, time.options);
    expect(time.waits).toEqual([30_000]);
  });

  it('stops when the next wait would pass the 60 s budget', async () => {
    slack.answerNext(Infinity, { status: 429, retryAfter: 25 });
    const time = fakeTime();
    const failure = deliver(webhook, message, time.options);
    await expect(failure).rejects.toThrow(
      /after 3 attempts in 50 s: Slack is rate limiting \(HTTP 429\)$/,
    );
    expect(time.waits).toEqual([25_000, 25_000]);
    expect(slack.requests).toHaveLength(3);
  });

  it('backs off like a 5xx when Retry-After is missing', async () => {
    slack.answerNext(1, { status: 429 });
    const time = fakeTime();
    await deliver(webhook, message, time.options);
    expect(time.waits).toEqual([500]);
  });
});

describe('delivery: 5xx and network faults back off, bounded by attempts', () => {
  it('doubles the wait after each failure and gives up after 4 attempts', async () => {
    slack.answerNext(Infinity, { status: 503 });
    const time = fakeTime();
    const error = await deliver(webhook, message, time.options).catch((e) => e);
    expect(error).toBeInstanceOf(SlackDeliveryError);
    expect(error).toMatchObject({ attempts: 4, permanent: false });
    expect(time.waits).toEqual([500, 1000, 2000]);
  });

  it('gives each request its own timeout', async () => {
    slack.answerNext(1, { status: 200, body: 'ok', delayMs: 2000 });
    const time = fakeTime();
    const retries: string[] = [];
    const started = Date.now();
    await deliver(webhook, message, {
      ...time.options,
      policy: { requestTimeoutMs: 200 },
      onRetry: (n) => retries.push(n.reason),
    });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(retries).toEqual([`no answer from ${new URL(slack.webhookUrl).host} within 0.2 s`]);
    expect(slack.requests).toHaveLength(2);
  });
});

describe('delivery: refusals end at once', () => {
  it.each([
    [{ status: 400, body: 'invalid_payload' }, /HTTP 400\): invalid_payload/],
    [{ status: 410, body: 'channel_is_archived' }, /channel_is_archived: the channel is archived/],
  ])('%j', async (answer, reason) => {
    slack.answerNext(1, answer);
    const error = await deliver(webhook, message, fakeTime().options).catch((e) => e);
    expect(error).toMatchObject({ attempts: 1, permanent: true });
    expect(error.message).toMatch(reason);
    expect(slack.requests).toHaveLength(1);
  });

  it('does not follow a redirect: whoever redirects is not Slack', async () => {
    slack.answerNext(1, {
      status: 307,
      body: '',
      headers: { location: '/services/T1/B1/elsewhere' },
    });
    const error = await deliver(webhook, message, fakeTime().options).catch((e) => e);
    expect(error).toMatchObject({ attempts: 1, permanent: true });
    expect(error.message).toMatch(/HTTP 307\): no reason given/);
    expect(slack.requests).toHaveLength(1);
  });

  it('a real Slack refusal from the receiver (message over the limits) is permanent too', async () => {
    const tooMany = { ...message, blocks: Array(51).fill(message.blocks[0]) };
    const error = await deliver(webhook, tooMany, fakeTime().options).catch((e) => e);
    expect(error.message).toMatch(/invalid_blocks/);
  });
});

describe('delivery: Web API', () => {
  it('returns ts and the channel ID', async () => {
    const target: SlackTarget = {
      mode: 'api',
      apiUrl: `${slack.apiUrl}/`,
      token: 'xoxb-1',
      channel: '#a',
    };
    const delivered = await deliver(target, message, fakeTime().options);
    expect(delivered).toMatchObject({ attempts: 1, channel: 'C0CATALERT' });
    expect(delivered.ts).toMatch(/^\d+\.\d{6}$/);
    expect(slack.requests[0].path).toBe('/api/chat.postMessage');
  });
});

describe('answers: what Slack meant', () => {
  it.each([
    ['webhook', 200, 'ok', { kind: 'delivered' }],
    [
      'webhook',
      429,
      '',
      { kind: 'transient', reason: 'Slack is rate limiting (HTTP 429)', retryAfterMs: 1000 },
    ],
    [
      'webhook',
      500,
      'boom\nstack',
      { kind: 'transient', reason: 'Slack answered HTTP 500 (boom)' },
    ],
    [
      'webhook',
      404,
      'no_service',
      {
        kind: 'permanent',
        reason: expect.stringMatching(/^Slack refused the message \(HTTP 404\): no_service: /),
      },
    ],
    [
      'webhook',
      400,
      '',
      { kind: 'permanent', reason: 'Slack refused the message (HTTP 400): no reason given' },
    ],
    [
      'api',
      200,
      '{"ok":true,"ts":"1.2","channel":"C1"}',
      { kind: 'delivered', ts: '1.2', channel: 'C1' },
    ],
    [
      'api',
      200,
      '{"ok":false,"error":"ratelimited"}',
      { kind: 'transient', reason: 'Slack answered ratelimited', retryAfterMs: 1000 },
    ],
    [
      'api',
      200,
      '{"ok":false,"error":"missing_scope"}',
      { kind: 'permanent', reason: expect.stringContaining('chat:write scope') },
    ],
    [
      'api',
      200,
      '<html>proxy</html>',
      { kind: 'permanent', reason: expect.stringContaining('not JSON') },
    ],
  ] as ['webhook' | 'api', number, string, unknown][])(
    '%s %i %j',
    (mode, status, body, expected) => {
      expect(interpretAnswer(mode, status, body, 1000)).toEqual(expected);
    },
  );
});

describe("retry policy (the project's one, packages/core)", () => {
  it.each([
    [1, 0, 0],
    [1, 1, 500],
    [3, 1, 2000],
    [10, 1, 8000],
  ])('failure %i with random %d waits %i ms', (failures, random, expected) => {
    expect(backoffDelay(failures, 500, 8000, () => random)).toBe(expected);
  });

  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 01 Jan 1970 00:00:05 GMT', 5000],
    ['soon', undefined],
    [null, undefined],
  ])('Retry-After %j -> %j ms', (header, expected) => {
    expect(parseRetryAfter(header, 0)).toBe(expected);
  });
});
