import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import net from 'node:net';
import { errorLines, runAction } from '../support/action-runner';
import { SAMPLE_RUN_ENV, startSlackReceiver } from '../support/slack-receiver';
import type { SlackReceiver } from '../support/slack-receiver';

const run = SAMPLE_RUN_ENV;
const warningLines = (log: string) => log.split('\n').filter((l) => l.startsWith('::warning'));

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

let slack: SlackReceiver;
beforeAll(async () => {
  slack = await startSlackReceiver();
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

const viaWebhook = (inputs: Record<string, string> = {}, env: Record<string, string> = {}) =>
  runAction('notify-slack', {
    inputs: { 'webhook-url': slack.webhookUrl, ...inputs },
    env: { ...SAMPLE_RUN_ENV, ...env },
  });

describe('notify-slack bundle: retries', () => {
  it('waits as long as Retry-After says after a 429, then delivers', async () => {
    slack.answerNext(1, { status: 429, retryAfter: 1, body: 'rate_limited' });
    const result = await viaWebhook();
    expect(result.exitCode).toBe(0);
    expect(result.outputs.ok).toBe('true');
    expect(slack.requests).toHaveLength(2);
    expect(slack.requests[1].at - slack.requests[0].at).toBeGreaterThanOrEqual(950);
    expect(result.log).toMatch(
      /Attempt 1 of 4 failed: Slack is rate limiting \(HTTP 429\)\. Trying again in 1\.0 s\./,
    );
    expect(result.summary).toContain('after 2 attempts');
  });

  it('retries 5xx with backoff, then delivers', async () => {
    slack.answerNext(2, { status: 503, body: 'service_unavailable' });
    const result = await viaWebhook();
    expect(result.exitCode).toBe(0);
    expect(result.outputs.ok).toBe('true');
    expect(slack.requests).toHaveLength(3);
    expect(warningLines(result.log)).toEqual([]);
    expect(result.log).toMatch(
      /Attempt 2 of 4 failed: Slack answered HTTP 503 \(service_unavailable\)/,
    );
  });

  it('gives up after 4 attempts of 5xx with a warning; the step succeeds by default', async () => {
    slack.answerNext(Infinity, { status: 500, body: 'internal_error' });
    const started = Date.now();
    const result = await viaWebhook({ status: 'failure' });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.exitCode).toBe(0);
    expect(slack.requests).toHaveLength(4);
    expect(result.outputs).toEqual({ ok: 'false' });
    expect(errorLines(result.log)).toEqual([]);
    const warnings = warningLines(result.log);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^::warning title=Slack notice not delivered::The Slack notice to the webhook's channel was not delivered: Slack did not take the message after 4 attempts in [\d.]+ s: Slack answered HTTP 500/,
    );
    expect(result.summary).toContain('NOT delivered');
  });

  it('fails the step with one ::error:: when fail-on-error is true', async () => {
    slack.answerNext(Infinity, { status: 502 });
    const result = await viaWebhook({ 'fail-on-error': 'true' });
    expect(result.exitCode).toBe(1);
    expect(slack.requests).toHaveLength(4);
    expect(result.outputs).toEqual({ ok: 'false' });
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /not delivered: Slack did not take the message after 4 attempts in [\d.]+ s: Slack answered HTTP 502/,
    );
  });

  it('retries a refused connection, then warns', async () => {
    const port = await closedPort();
    const result = await runAction('notify-slack', {
      inputs: { 'webhook-url': `http://127.0.0.1:${port}/services/T1/B1/closedport` },
      env: run,
    });
    expect(result.exitCode).toBe(0);
    expect(result.outputs).toEqual({ ok: 'false' });
    expect(warningLines(result.log)[0]).toMatch(
      /after 4 attempts in [\d.]+ s: could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
  });

  it.each([
    [
      '404 no_service',
      404,
      'no_service',
      /HTTP 404\): no_service: the webhook was removed or disabled/,
    ],
    [
      '403 invalid_token',
      403,
      'invalid_token',
      /HTTP 403\): invalid_token: the webhook URL is not valid/,
    ],
    ['400 invalid_payload', 400, 'invalid_payload', /HTTP 400\): invalid_payload/],
  ])(
    "fails at once after ONE request on %s, with Slack's reason",
    async (_case, status, body, reason) => {
      slack.answerNext(1, { status, body });
      const started = Date.now();
      const result = await viaWebhook({ 'fail-on-error': 'true' });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(slack.requests).toHaveLength(1);
      expect(result.exitCode).toBe(1);
      const errors = errorLines(result.log);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(reason);
      expect(result.log).not.toContain('Attempt 1 of');
    },
  );
});
