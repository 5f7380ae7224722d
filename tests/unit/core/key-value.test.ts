import { describe, expect, it } from '@jest/globals';
import { splitKeyValue } from '@cat-actions/core';

describe('splitKeyValue: KEY=VALUE at the first =', () => {
  it.each([
    ['A=1', { key: 'A', value: '1' }],
    ['URL=https://x/?a=b&c=d', { key: 'URL', value: 'https://x/?a=b&c=d' }],
    ['TOKEN=YWJj==', { key: 'TOKEN', value: 'YWJj==' }],
    ['EMPTY=', { key: 'EMPTY', value: '' }],
    ['=value', { key: '', value: 'value' }],
  ])('%s', (text, expected) => expect(splitKeyValue(text)).toEqual(expected));

  it('is undefined without an =', () => expect(splitKeyValue('no equals')).toBeUndefined());
});
