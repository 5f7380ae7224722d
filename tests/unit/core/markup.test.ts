import { describe, expect, it } from '@jest/globals';
import { escapeHtml, escapeMarkdown, singleLine } from '@cat-actions/core';

describe('text we did not write is shown as typed', () => {
  it.each([
    ['<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['a & b', 'a &amp; b'],
    ['"quoted" \'x\'', '&quot;quoted&quot; &#39;x&#39;'],
    ['a|b', 'a&#124;b'],
    ['`code`', '&#96;code&#96;'],
  ])('escapeHtml(%j)', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected);
  });
  it('escapeMarkdown keeps one line and neutralises links and emphasis', () => {
    expect(escapeMarkdown('[click](http://x)\n# *big*')).toBe(
      '\\[click\\]\\(http://x\\) \\# \\*big\\*',
    );
  });
  it('singleLine turns control characters into one space', () => {
    expect(singleLine('a\nb\r\n\tc\u0000d\u2028e')).toBe('a b c d e');
  });
});
