import { describe, expect, it } from '@jest/globals';
import {
  InputError,
  stageSecretName,
  validateSlackChannel,
  validateSlackToken,
  validateSlackUrl,
} from '@cat-actions/core';

function inputErrorOf(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('a stage secret named none means the stage reads no secret', () => {
  it.each(['none', 'NONE', 'None', ''])('%j reads no secret', (value) => {
    expect(stageSecretName(value)).toBe('');
  });
  it('any other name must be a valid secret name', () => {
    expect(stageSecretName('cat-be-scraper-secrets')).toBe('cat-be-scraper-secrets');
    const error = inputErrorOf(() => stageSecretName('no spaces allowed', 'secret-name'));
    expect(error.input).toBe('secret-name');
  });
  it('"nonexistent" is a name, not the switch', () => {
    expect(stageSecretName('nonexistent')).toBe('nonexistent');
  });
});

describe('Slack URLs are https, or http on loopback for a local stand-in', () => {
  it.each([
    'https://hooks.slack.com/services/T000/B000/XXXX',
    'http://127.0.0.1:8080/hook',
    'http://localhost/hook',
    'http://[::1]:9000/api',
  ])('%s is accepted', (url) => {
    expect(validateSlackUrl('webhook-url', url, 'https://example', false)).toBe(url);
  });
  it.each(['http://hooks.slack.com/services/T/B/X', 'ftp://127.0.0.1/x', 'not a url'])(
    '%s is refused',
    (url) => {
      expect(inputErrorOf(() => validateSlackUrl('api-url', url, 'https://x', true)).input).toBe(
        'api-url',
      );
    },
  );
  it('a refused webhook URL is never echoed: it is the secret', () => {
    const url = 'http://hooks.slack.com/services/T1/B2/secretpart';
    const error = inputErrorOf(() => validateSlackUrl('webhook-url', url, 'https://x', false));
    expect(error.message).not.toContain('secretpart');
    expect(error.message).toContain('an https URL');
  });
});

describe('Slack channels and tokens', () => {
  it.each(['#data-alerts', '@someone', 'C0123456789', 'data.alerts_2'])('%s is a channel', (c) => {
    expect(validateSlackChannel(c)).toBe(c);
  });
  it('a missing channel asks for one', () => {
    expect(inputErrorOf(() => validateSlackChannel('')).message).toContain(
      'the channel to post to',
    );
  });
  it.each(['#data alerts', '#' + 'x'.repeat(81), '#chan!'])('%j is refused', (c) => {
    expect(inputErrorOf(() => validateSlackChannel(c)).message).toContain('without spaces');
  });
  it('a token with whitespace is refused without echoing it', () => {
    const error = inputErrorOf(() => validateSlackToken('xoxb-abc def'));
    expect(error.input).toBe('token');
    expect(error.message).not.toContain('xoxb-abc');
    expect(validateSlackToken('xoxb-abc')).toBe('xoxb-abc');
  });
});
