import { describe, expect, it } from '@jest/globals';
import { InputError } from '@cat-actions/core';
import {
  KNOWN_STATUSES,
  escapeMrkdwn,
  normalizeMention,
  parseFields,
  statusLook,
  truncate,
} from '@cat-actions/slack';

describe('fields: one Key=Value per line', () => {
  it.each([
    ['one field', 'Stage=2a', [{ key: 'Stage', value: '2a' }]],
    ['split at the first =', 'Url=https://x?a=1&b=2', [{ key: 'Url', value: 'https://x?a=1&b=2' }]],
    [
      'blank lines and spaces ignored',
      '\n  A = 1 \r\n\nB=\n',
      [
        { key: 'A', value: '1' },
        { key: 'B', value: '' },
      ],
    ],
    ['nothing', '', []],
  ])('%s', (_case, input, expected) => {
    expect(parseFields(input)).toEqual(expected);
  });

  it.each([
    [
      'no =',
      'A=1\nbroken line',
      /Input 'fields' is "line 2: broken line": expected one Key=Value per line/,
    ],
    ['empty key', '=x', /"line 1: =x"/],
  ])('%s is an InputError naming the line', (_case, input, message) => {
    expect(() => parseFields(input)).toThrow(InputError);
    expect(() => parseFields(input)).toThrow(message);
  });
});

describe('mention: only real Slack mentions pass unescaped', () => {
  it.each([
    ['', ''],
    ['<!here>', '<!here>'],
    ['@channel', '<!channel>'],
    ['<@U0123ABC>  <!subteam^S0ABC>', '<@U0123ABC> <!subteam^S0ABC>'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeMention(input)).toBe(expected);
  });

  it.each(['here', '<https://evil|x>', '<!here', '<@u123>', '<!date^1|x>'])(
    '%j is refused',
    (input) => {
      expect(() => normalizeMention(input)).toThrow(/Input 'mention'/);
    },
  );
});

describe('status: drives the emoji and wording', () => {
  it.each([
    ['success', 'success', ':large_green_circle:'],
    ['FAILURE', 'failure', ':red_circle:'],
    ['canceled', 'cancelled', ':white_circle:'],
    ['', 'info', ':large_blue_circle:'],
  ])('%j', (input, status, emoji) => {
    expect(statusLook(input)).toMatchObject({ status, emoji });
  });

  it('refuses an unknown status, listing the known ones', () => {
    expect(() => statusLook('sucess')).toThrow(`expected one of ${KNOWN_STATUSES.join(', ')}`);
  });
});

describe('mrkdwn text', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<tag>', '&lt;tag&gt;'],
    ['&amp;', '&amp;amp;'],
    ['`"\'*_~', '`"\'*_~'],
  ])('escapes %j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
  });

  it.each([
    ['short', 'abc', 5, 'abc'],
    ['exact', 'abcde', 5, 'abcde'],
    ['cut', 'abcdef', 5, 'abcd…'],
    ['never half an entity', 'abc&amp;', 7, 'abc…'],
    ['never half a surrogate pair', 'ab🚀cd', 4, 'ab…'],
  ])('truncate: %s', (_case, input, max, expected) => {
    expect(truncate(input, max)).toBe(expected);
  });
});
