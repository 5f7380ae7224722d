import { describe, expect, it } from '@jest/globals';
import {
  LineStreamRedactor,
  REDACTED,
  SecretRedactor,
  encodedForms,
  secretValues,
} from '@cat-actions/stage';

const redactorFor = (secrets: Record<string, string>) => new SecretRedactor(secretValues(secrets));

const CANARY = 'canary-Xy7#q!';
const PEM = '-----BEGIN KEY-----\nMIIBsecretline2x9\n-----END KEY-----';
const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('the stage log never shows a secret value, in any common encoding', () => {
  it.each([
    ['the value', CANARY],
    ['encodeURIComponent', 'canary-Xy7%23q!'],
    ['RFC 3986 / Python quote', 'canary-Xy7%23q%21'],
    ['lower-case hex', 'canary-Xy7%23q%21'.toLowerCase().replace('canary-xy7', 'canary-Xy7')],
    ['form encoding of a value with a space', 'pass+word%21'],
    ['base64', b64(CANARY)],
    ['base64 inside a longer encoded text (offset 1)', b64(`x${CANARY}y`)],
    ['base64 inside a longer encoded text (offset 2)', b64(`xy${CANARY}yz`)],
    ['base64url', Buffer.from(`??${CANARY}>>`).toString('base64url')],
    ['basic auth header', `Authorization: Basic ${b64(`user:${CANARY}`)}`],
    ['JSON-escaped multi-line value', JSON.stringify(PEM)],
    ['JSON-escaped value with quotes', JSON.stringify('say "hi" to-me')],
    ['JSON with non-ASCII escaped (Python json.dumps)', '"p\\u00e4ss-w\\u00f6rd"'],
  ])('%s', (_form, printed) => {
    const redactor = redactorFor({
      CANARY,
      PEM,
      SPACED: 'pass word!',
      QUOTED: 'say "hi" to-me',
      UMLAUT: 'päss-wörd',
    });
    const line = `before ${printed} after`;
    const redacted = redactor.redact(line);
    expect(redacted).toContain(REDACTED);
    expect(redacted.startsWith('before ')).toBe(true);
    // Nothing of the canary's identifying middle survives, in any form.
    for (const secret of [CANARY, 'MIIBsecretline2x9', 'pass word!', 'hi" to-me', 'päss']) {
      expect(redacted).not.toContain(secret);
    }
    expect(redacted).not.toContain('Xy7');
  });

  it('lists the forms it searches for: the issue examples among them', () => {
    expect(encodedForms(CANARY)).toEqual(
      // base64: the characters that do not depend on what follows the value.
      expect.arrayContaining([CANARY, 'canary-Xy7%23q%21', 'canary-Xy7%23q!', 'Y2FuYXJ5LVh5NyNxI']),
    );
  });

  it('leaves text without secrets as it is, encoded or not', () => {
    const redactor = redactorFor({ CANARY, PEM });
    for (const line of ['hello world', b64('hello world'), 'a%20b', '{"k": "v"}', '}', 'ab']) {
      expect(redactor.redact(line)).toBe(line);
    }
  });
});

describe('each line of a multi-line secret is redacted, whatever its length', () => {
  const SHORT_FIRST = 'ab\nlong-second-line-42\nx\n}';
  const redactor = redactorFor({ SHORT_FIRST, PEM });

  it.each([
    ['a 2-character first line printed alone', 'ab', REDACTED],
    ['a 1-character line printed alone, indented', '  x ', REDACTED],
    ['a long line anywhere', 'got long-second-line-42!', `got ${REDACTED}!`],
    ['each PEM line', '-----BEGIN KEY-----', REDACTED],
  ])('%s', (_case, line, expected) => {
    expect(redactor.redact(line)).toBe(expected);
  });

  it('does not garble the log with short fragments inside longer lines', () => {
    // "ab" and "x" are secret lines, but as parts of other words they reveal nothing.
    expect(redactor.redact('about x-ray')).toBe('about x-ray');
    // A line without a letter or digit ("}") carries no secret and is left alone.
    expect(redactor.redact('}')).toBe('}');
  });

  it('prints a multi-line secret, line by line, as *** only', () => {
    for (const line of SHORT_FIRST.split('\n').slice(0, 3)) {
      expect(redactor.redact(line)).toBe(REDACTED);
    }
  });

  it('a short single-line secret is still redacted wherever it appears', () => {
    expect(redactorFor({ PIN: '42' }).redact('pin=42;')).toBe(`pin=${REDACTED};`);
  });
});

describe('a multi-line secret printed across lines with text around it', () => {
  const stream = (secrets: Record<string, string>, lines: string[]) => {
    const out: string[] = [];
    const redactor = new LineStreamRedactor(new SecretRedactor(secretValues(secrets)), (l) =>
      out.push(l),
    );
    for (const line of lines) redactor.push(line);
    redactor.flush();
    return out;
  };
  const KEY = 'ab\nsecond-line-of-key-77\nz9';

  it('redacts a short first line after text, and a short last line before text', () => {
    expect(stream({ KEY }, ['key=ab', 'second-line-of-key-77', 'z9 (end of key)'])).toEqual([
      `key=${REDACTED}`,
      REDACTED,
      `${REDACTED} (end of key)`,
    ]);
  });

  it('does the same for a two-line value', () => {
    expect(stream({ KEY: 'ab\ncdefgh-long' }, ['x=ab', 'cdefgh-long and more'])).toEqual([
      `x=${REDACTED}`,
      `${REDACTED} and more`,
    ]);
    expect(stream({ KEY: 'abcdef-long\nxy' }, ['pre abcdef-long', 'xy, done'])).toEqual([
      `pre ${REDACTED}`,
      `${REDACTED}, done`,
    ]);
  });

  it('holds a line back only until the next one, and changes nothing that is not the secret', () => {
    expect(stream({ KEY }, ['loading tab', 'next line', 'z9 alone after another line'])).toEqual([
      'loading tab',
      'next line',
      'z9 alone after another line',
    ]);
    expect(stream({ KEY }, ['the last line ends in ab'])).toEqual(['the last line ends in ab']);
  });
});

describe('redaction keeps up with a talkative stage', () => {
  it('overlapping secrets leave no piece of either', () => {
    const redactor = new SecretRedactor(secretValues({ A: 'cdefg-1234', B: 'ab-cdefg' }));
    expect(redactor.redact('x ab-cdefg-1234 y')).toBe(`x ${REDACTED} y`);
  });

  it('redacts 100,000 lines against 50 secrets in well under a few seconds', () => {
    const secrets: Record<string, string> = {};
    for (let i = 0; i < 50; i++) secrets[`K${i}`] = `secret-value-${i}-xxxxxxxxxx#!`;
    const redactor = new SecretRedactor(secretValues(secrets));
    const started = Date.now();
    for (let i = 0; i < 100_000; i++) redactor.redact(`INFO processing ticket ${i} of 2024: ok`);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(redactor.redact('with secret-value-7-xxxxxxxxxx#! inside')).toBe(
      `with ${REDACTED} inside`,
    );
  });
});
