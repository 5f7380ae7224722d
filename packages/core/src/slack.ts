/**
 * What Slack accepts as a destination: which URLs a notice may go to and what a channel looks like.
 */
import { InputError } from './errors';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CHANNEL = /^[#@]?[\w.-]{1,80}$/;

/**
 * Slack only speaks https; plain http is allowed on loopback so that a local receiver can stand in
 * for Slack in tests. `echo: false` for URLs that are themselves the secret (a webhook).
 */
export function validateSlackUrl(
  input: string,
  url: string,
  example: string,
  echo: boolean,
): string {
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
  return url;
}

/** A channel name (`#data-alerts`), a user (`@someone`) or a channel ID (`C0123456789`). */
export function validateSlackChannel(channel: string, input = 'channel'): string {
  if (!channel) {
    throw new InputError({
      input,
      expected: 'the channel to post to when token is given: a name or a channel ID',
      example: '#data-alerts',
    });
  }
  if (!CHANNEL.test(channel)) {
    throw new InputError({
      input,
      received: channel,
      expected: 'a channel name or ID, without spaces',
      example: '#data-alerts',
    });
  }
  return channel;
}

/** A bot token is one word (xoxb-…); it is never echoed. */
export function validateSlackToken(token: string, input = 'token'): string {
  if (/\s/.test(token)) {
    throw new InputError({ input, expected: 'a Slack bot token without spaces (xoxb-…)' });
  }
  return token;
}
