/**
 * Every input of notify-slack, read and checked in one place before anything is sent. The webhook
 * URL and the token are masked first of all, so not even an error about them can print them.
 */
import * as core from '../../shared/src/toolkit';
import {
  InputError,
  networkDeadlines,
  validateSlackChannel,
  validateSlackToken,
  validateSlackUrl,
} from '@cat-actions/core';
import {
  DEFAULT_SLACK_API_URL,
  normalizeMention,
  parseFields,
  runContextFromEnv,
  slackRetry,
  statusLook,
} from '@cat-actions/slack';
import type { NoticeContent, SlackRetry, SlackTarget } from '@cat-actions/slack';
import { readBooleanInput, readInput } from '../../shared/src/runner';

/** The input names of action.yml, spelled once. */
export const INPUTS = {
  webhookUrl: 'webhook-url',
  token: 'token',
  channel: 'channel',
  apiUrl: 'api-url',
  status: 'status',
  title: 'title',
  text: 'text',
  fields: 'fields',
  mention: 'mention',
  failOnError: 'fail-on-error',
} as const;

export interface NotifyInputs {
  target: SlackTarget;
  content: NoticeContent;
  failOnError: boolean;
  retry: SlackRetry;
  /** The run the notice links to (repository, workflow, run URL), from the runner's variables. */
  run: ReturnType<typeof runContextFromEnv>;
}

export function readNotifyInputs(): NotifyInputs {
  const webhookUrl = readInput(INPUTS.webhookUrl, { env: 'SLACK_WEBHOOK_URL' });
  const token = readInput(INPUTS.token);
  maskSecrets(webhookUrl, token);

  const target = readTarget(webhookUrl, token);
  const content: NoticeContent = {
    look: statusLook(readInput(INPUTS.status)),
    title: readInput(INPUTS.title),
    text: readInput(INPUTS.text),
    fields: parseFields(readInput(INPUTS.fields)),
    mention: normalizeMention(readInput(INPUTS.mention)),
  };
  const failOnError = readBooleanInput(INPUTS.failOnError, false);
  const retry = slackRetry(networkDeadlines());
  return { target, content, failOnError, retry, run: runContextFromEnv(process.env) };
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
  const channel = readInput(INPUTS.channel);
  if (token) {
    // Only the input counts here: a SLACK_WEBHOOK_URL variable left in the job does not conflict.
    if (readInput(INPUTS.webhookUrl)) {
      throw new InputError({
        input: INPUTS.webhookUrl,
        expected: 'either webhook-url or token and channel, not both',
      });
    }
    validateSlackToken(token, INPUTS.token);
    validateSlackChannel(channel, INPUTS.channel);
    const apiUrl = readInput(INPUTS.apiUrl, {
      env: 'SLACK_API_URL',
      fallback: DEFAULT_SLACK_API_URL,
    });
    validateSlackUrl(INPUTS.apiUrl, apiUrl, DEFAULT_SLACK_API_URL, true);
    return { mode: 'api', apiUrl, token, channel };
  }
  if (!webhookUrl) {
    throw new InputError({
      input: INPUTS.webhookUrl,
      expected:
        'a Slack incoming webhook URL (or the SLACK_WEBHOOK_URL variable), or token and channel ' +
        'to post with chat.postMessage',
      example: '${{ secrets.SLACK_WEBHOOK_URL }}',
    });
  }
  // The webhook URL is never echoed: it is the secret.
  validateSlackUrl(
    INPUTS.webhookUrl,
    webhookUrl,
    'https://hooks.slack.com/services/T000/B000/XXXX',
    false,
  );
  if (channel) {
    core.warning(
      `channel "${channel}" is ignored: a webhook posts to the channel it was created for. ` +
        'Give token (a bot token) to choose the channel.',
    );
  }
  return { mode: 'webhook', url: webhookUrl };
}
