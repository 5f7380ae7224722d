import { describe, expect, it } from '@jest/globals';
import { formatBytes } from '@cat-actions/core';

describe('formatBytes: one way to print a size, in binary units up to TiB', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 ** 2, '1.0 MiB'],
    // The copy that stopped at MiB printed this as "5120.0 MiB".
    [5 * 1024 ** 3, '5.0 GiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
    // Past TiB it stays in TiB rather than inventing a unit.
    [2048 * 1024 ** 4, '2048.0 TiB'],
  ])('formatBytes(%d) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
