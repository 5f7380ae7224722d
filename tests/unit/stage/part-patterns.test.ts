import { describe, expect, it } from '@jest/globals';
import { InputError } from '@cat-actions/core';
import { matchNames, parsePartPatterns, unmatchedPatterns } from '@cat-actions/stage';

describe('part patterns name folders, never paths', () => {
  it('splits on blanks, commas and lines, each once', () => {
    expect(parsePartPatterns(' 2b*, 3b_x\n2b* ', 'upload')).toEqual(['2b*', '3b_x']);
  });

  it.each(['../1b', '1b/x', '.venv', '$(rm)', 'a b/c'])('rejects %j', (pattern) => {
    expect(() => parsePartPatterns(pattern, 'upload')).toThrow(InputError);
  });
});

describe('wildcards match as in the shell', () => {
  const names = ['1b_raw', '2b', '2b_processed', '2b.old', 'test_results', 'x2b'];
  it.each([
    [['2b*'], ['2b', '2b.old', '2b_processed']],
    [['2b'], ['2b']],
    [['?b_raw'], ['1b_raw']],
    [['[12]b*'], ['1b_raw', '2b', '2b.old', '2b_processed']],
    [['[!1]b*'], ['2b', '2b.old', '2b_processed']],
    [
      ['test_results', '1b*'],
      ['1b_raw', 'test_results'],
    ],
    [['2b.'], []],
  ])('%j', (patterns, expected) => expect(matchNames(names, patterns)).toEqual(expected));

  it('names the patterns that matched nothing', () => {
    expect(unmatchedPatterns(names, ['2b*', '3b*'])).toEqual(['3b*']);
  });
});
