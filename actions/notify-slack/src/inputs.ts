/**
 * Every input of notify-slack, read and checked in one place before anything is sent. The webhook
 * URL and the token are masked first of all, so not even an error about them can print them.
 */
import * as core from '../../shared/src/toolkit';
import { InputError, networkDeadlines } from '@cat-actions/core';
import {
  DEFAULT_SLACK_API_URL,
  normalizeMention,
  parseFields,
  slackRetry,
  statusLook,
} from '@cat-actions/slack';
import type { NoticeContent, SlackRetry, SlackTarget } from '@cat-actions/slack';
import { readBooleanInput, readInput } from '../../shared/src/runner';

export interface NotifyInputs {
  target: SlackTarget;
  content: NoticeContent;
  failOnError: boolean;
  retry: SlackRetry;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CHANNEL = /^[#@]?[\w.-]{1,80}$/;

export function readNotifyInputs(): NotifyInputs {
  const webhookUrl = readInput('webhook-url', { env: 'SLACK_WEBHOOK_URL' });
  const token = readInput('token');
  maskSecrets(webhookUrl, token);

  const target = readTarget(webhookUrl, token);
  const content: NoticeContent = {
    look: statusLook(readInput('status')),
    title: readInput('title'),
    text: core.getInput('text'),
    fields: parseFields(core.getInput('fields')),
    mention: normalizeMention(readInput('mention')),
  };
  const failOnError = readBooleanInput('fail-on-error', false);
  const retry = slackRetry(networkDeadlines());
  return { target, content, failOnError, retry };
}

/**
 * The whole webhook URL is the credential, and so is its path alone (`/services/T…/B…/…`), which
 * an error or a proxy log might quote without the host: both are masked.
 */
function maskSecrets(webhookUrl: string, token: string): void {
  if (webhookUrl) {
    core.setSecret(webhookUrl);
    const path = URL.canParse(webhookUrl) ? new URL(webhookUrl).pathname : '';
    if (path.length > 8) core.setSecret(path);
  }
  if (token) core.setSecret(token);
}

function readTarget(webhookUrl: string, token: string): SlackTarget {
  const channel = readInput('channel');
  if (token) {
    if (core.getInput('webhook-url')) {
      throw new InputError({
        input: 'webhook-url',
        expected: 'either webhook-url or token and channel, not both',
      });
    }
    if (/\s/.test(token)) {
      throw new InputError({
        input: 'token',
        expected: 'a Slack bot token without spaces (xoxb-…)',
      });
    }
    if (!channel) {
      throw new InputError({
        input: 'channel',
        expected: 'the channel to post to when token is given: a name or a channel ID',
        example: '#data-alerts',
      });
    }
    if (!CHANNEL.test(channel)) {
      throw new InputError({
        input: 'channel',
        received: channel,
        expected: 'a channel name or ID, without spaces',
        example: '#data-alerts',
      });
    }
    const apiUrl = readInput('api-url', { env: 'SLACK_API_URL', fallback: DEFAULT_SLACK_API_URL });
    checkUrl('api-url', apiUrl, DEFAULT_SLACK_API_URL, true);
    return { mode: 'api', apiUrl, token, channel };
  }
  if (!webhookUrl) {
    throw new InputError({
      input: 'webhook-url',
      expected:
        'a Slack incoming webhook URL (or the SLACK_WEBHOOK_URL variable), or token and channel ' +
        'to post with chat.postMessage',
      example: '${{ secrets.SLACK_WEBHOOK_URL }}',
    });
  }
  checkUrl('webhook-url', webhookUrl, 'https://hooks.slack.com/services/T000/B000/XXXX', false);
  if (channel) {
    core.warning(
      `channel "${channel}" is ignored: a webhook posts to the channel it was created for. ` +
        'Give token (a bot token) to choose the channel.',
    );
  }
  return { mode: 'webhook', url: webhookUrl };
}

/**
 * Slack only speaks https; plain http is allowed on loopback so that a local receiver can stand in
 * for Slack in tests. The webhook URL is never echoed: it is the secret.
 */
function checkUrl(input: string, url: string, example: string, echo: boolean): void {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const allowed =
    parsed &&
    (parsed.protocol === 'https:' ||
      (parsed.protocol === 'http:' && LOOPBACK.has(parsed.hostname)));
  if (!allowed) {
    throw new InputError({
      input,
      received: echo ? url : undefined,
      expected: 'an https URL',
      example,
    });
  }
}
