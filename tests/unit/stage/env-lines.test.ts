import { describe, expect, it } from '@jest/globals';
import { InputError } from '@cat-actions/core';
import { parseEnvLines } from '@cat-actions/stage';

describe('env input: one KEY=VALUE per line', () => {
  it('reads keys and values, skipping blank lines and comments', () => {
    expect(
      parseEnvLines(
        'SAMPLE_SIZE=all\n\n# a comment\n  DELETE_BEFORE_UPLOAD = true \nURL=a=b\r\nEMPTY=',
      ),
    ).toEqual({ SAMPLE_SIZE: 'all', DELETE_BEFORE_UPLOAD: 'true', URL: 'a=b', EMPTY: '' });
  });

  it('is empty for an empty input', () => expect(parseEnvLines('')).toEqual({}));

  it.each([
    ['no equals sign', 'A=1\nSAMPLE_SIZE all', 2],
    ['key starting with a digit', '1A=x', 1],
    ['empty key', 'A=1\nB=2\n=3', 3],
    ['key with a dash', 'A=1\n\nMY-KEY=3', 3],
  ])('%s names the line', (_case, text, line) => {
    let error: unknown;
    try {
      parseEnvLines(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`Input 'env (line ${line})'`);
    expect((error as Error).message).toContain('e.g. "SAMPLE_SIZE=all"');
  });
});
