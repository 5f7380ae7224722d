import { describe, expect, it } from '@jest/globals';
import { escapeHtml, escapeMarkdown, singleLine } from '@cat-actions/core';

describe('text we did not write is shown as typed', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['a & b', 'a &amp; b'],
    ['the webhook\'s "channel"', 'the webhook\'s "channel"'],
  ])('escapeHtml(%j)', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected);
  });
  it('escapeMarkdown keeps one line and neutralises links and emphasis', () => {
    expect(escapeMarkdown('[click](http://x)\n<b>*big*</b> a_b')).toBe(
      '\\[click\\](http://x) &lt;b&gt;\\*big\\*&lt;/b&gt; a\\_b',
    );
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
  });
  it('singleLine turns control characters into one space', () => {
    expect(singleLine('a\nb\r\n\tc\u0000d\u2028e')).toBe('a b c d e');
  });
});
