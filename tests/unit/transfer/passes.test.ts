import { describe, expect, it } from '@jest/globals';
import { AwsDeniedError, TimeoutError, TransientError } from '@cat-actions/core';
import { forEachWithSecondPass } from '../../../packages/transfer/src/passes';

describe('a transfer gives files that kept failing a second pass', () => {
  it('sets transient failures aside, finishes the rest, then retries them once more', async () => {
    const tries = new Map<string, number>();
    const order: string[] = [];
    let told: number | undefined;
    await forEachWithSecondPass(
      ['a', 'b', 'c', 'd'],
      2,
      async (item) => {
        const n = (tries.get(item) ?? 0) + 1;
        tries.set(item, n);
        order.push(`${item}${n}`);
        if (n === 1 && item === 'b') throw new TransientError('b kept failing');
        if (n === 1 && item === 'c') throw new TimeoutError('c got no answer');
      },
      undefined,
      { pauseMs: 1, onSecondPass: (count) => (told = count) },
    );
    expect(Object.fromEntries(tries)).toEqual({ a: 1, b: 2, c: 2, d: 1 });
    // The second pass starts only after every file had its first.
    expect(order.indexOf('b2')).toBeGreaterThan(order.indexOf('d1'));
    expect(told).toBe(2);
  });

  it('a failure in the second pass fails the transfer', async () => {
    const attempt = forEachWithSecondPass(
      ['a'],
      1,
      async () => {
        throw new TransientError('still down');
      },
      undefined,
      { pauseMs: 1 },
    );
    await expect(attempt).rejects.toThrow('still down');
  });

  it('a permanent failure stops everything at once, with no second pass', async () => {
    const seen: string[] = [];
    const attempt = forEachWithSecondPass(
      ['a', 'b', 'c'],
      1,
      async (item) => {
        seen.push(item);
        if (item === 'a') throw new AwsDeniedError('denied');
      },
      undefined,
      { pauseMs: 1 },
    );
    await expect(attempt).rejects.toThrow(AwsDeniedError);
    expect(seen).toEqual(['a']);
  });
});
