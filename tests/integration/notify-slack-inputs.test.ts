import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { errorLines, repoRoot, runAction } from '../support/action-runner';
import { SAMPLE_RUN_ENV, startSlackReceiver } from '../support/slack-receiver';
import type { SlackReceiver } from '../support/slack-receiver';

const run = SAMPLE_RUN_ENV;

let slack: SlackReceiver;
beforeAll(async () => {
  slack = await startSlackReceiver();
});
afterAll(() => slack.close());
beforeEach(() => slack.reset());

describe('notify-slack bundle: bad input fails with one ::error:: and sends nothing', () => {
  it.each([
    [
      'neither webhook nor token',
      {},
      /Input 'webhook-url': expected a Slack incoming webhook URL \(or the SLACK_WEBHOOK_URL variable\), or token and channel/,
    ],
    [
      'token without channel',
      { token: 'xoxb-1' },
      /Input 'channel': expected the channel to post to when token is given/,
    ],
    [
      'webhook and token both',
      { token: 'xoxb-1', channel: '#c', 'webhook-url': 'https://hooks.slack.com/services/a/b/c' },
      /Input 'webhook-url': expected either webhook-url or token and channel, not both/,
    ],
    [
      'malformed fields line',
      { 'webhook-url': 'WEBHOOK', fields: 'Stage=2a\nno equals sign here' },
      /Input 'fields' is "line 2: no equals sign here": expected one Key=Value per line/,
    ],
    [
      'fields line without a key',
      { 'webhook-url': 'WEBHOOK', fields: '=value' },
      /Input 'fields' is "line 1: =value"/,
    ],
    [
      'bad fail-on-error',
      { 'webhook-url': 'WEBHOOK', 'fail-on-error': 'sometimes' },
      /Input 'fail-on-error' is "sometimes": expected true or false/,
    ],
    [
      'unknown status',
      { 'webhook-url': 'WEBHOOK', status: 'sucess' },
      /Input 'status' is "sucess": expected one of success, failure, cancelled/,
    ],
    [
      'bad mention',
      { 'webhook-url': 'WEBHOOK', mention: 'here' },
      /Input 'mention' is "here": expected Slack mentions/,
    ],
    [
      'channel with spaces',
      { token: 'xoxb-1', channel: 'data alerts' },
      /Input 'channel' is "data alerts"/,
    ],
    [
      'api-url not https',
      { token: 'xoxb-1', channel: '#c', 'api-url': 'http://slack.example.com/api' },
      /Input 'api-url' is "http:\/\/slack.example.com\/api": expected an https URL/,
    ],
  ])('%s', async (_case, given, message) => {
    const inputs = Object.fromEntries(
      Object.entries(given).map(([k, v]) => [k, v === 'WEBHOOK' ? slack.webhookUrl : v]),
    );
    const result = await runAction('notify-slack', { inputs, env: run });
    expect(result.exitCode).toBe(1);
    const errors = errorLines(result.log);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
    expect(slack.requests).toHaveLength(0);
    expect(result.outputs).toEqual({});
    expect(result.summary).toBe('');
  });
});

describe('notify-slack action.yml', () => {
  // GitHub evaluates ${{ }} in an action's descriptions while loading it, and fails the job
  // ("Unrecognized named-value") before any step runs.
  it('has no expression in any description', () => {
    const metadata = parse(readFileSync(path.join(repoRoot, 'notify-slack', 'action.yml'), 'utf8'));
    const descriptions = [
      metadata.description,
      ...Object.values(metadata.inputs).map((i) => (i as { description: string }).description),
      ...Object.values(metadata.outputs).map((o) => (o as { description: string }).description),
    ];
    expect(descriptions.filter((d) => d.includes('${{'))).toEqual([]);
    expect(descriptions.every((d) => typeof d === 'string' && d.length > 20)).toBe(true);
  });
});
