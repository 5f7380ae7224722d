import { InputError } from '@cat-actions/core';

/**
 * Part patterns, as in `download: 1b` or `upload: 2b*`: folder names with `*`, `?` and `[...]`
 * wildcards, separated by blanks, commas or new lines. They name folders directly under the working
 * directory (upload) or directly under the dataset (download), never a path.
 */
export function parsePartPatterns(text: string, input: string): string[] {
  const patterns = text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
  for (const pattern of patterns) {
    if (!/^[\w.*?[\]!-]+$/.test(pattern) || pattern.includes('..') || pattern.startsWith('.')) {
      throw new InputError({
        input,
        received: pattern,
        expected:
          'folder names or wildcard patterns (letters, digits, _ . - * ? [ ]), no "/" or ".."',
        example: '2b*',
      });
    }
  }
  return [...new Set(patterns)];
}

/** `2b*` -> /^2b.*$/ ; `[!x]` negates a class as in the shell. */
export function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      source += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else source += c.replace(/[.+^${}()|\\\]-]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** The names matched by any pattern, sorted, each once. */
export function matchNames(names: Iterable<string>, patterns: readonly string[]): string[] {
  const regexps = patterns.map(patternToRegExp);
  return [...new Set(names)].filter((name) => regexps.some((r) => r.test(name))).sort();
}

/** Which patterns matched nothing: each is worth naming in the error. */
export function unmatchedPatterns(names: Iterable<string>, patterns: readonly string[]): string[] {
  const list = [...names];
  return patterns.filter((p) => !list.some((name) => patternToRegExp(p).test(name)));
}
