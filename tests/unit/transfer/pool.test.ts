import { describe, expect, it } from '@jest/globals';
import { Semaphore, forEachBounded } from '../../../packages/transfer/src/pool';

const tick = (ms = 2) => new Promise((resolve) => setTimeout(resolve, ms));

describe('bounded parallel work', () => {
  it('never runs more than `concurrency` at once and does every item', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await forEachBounded([...Array(20).keys()], 3, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      done.push(n);
    });
    expect(peak).toBe(3);
    expect(done.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });

  it('stops starting work after the first failure, aborts the rest and throws that failure', async () => {
    const started: number[] = [];
    let abortedSeen = 0;
    const attempt = forEachBounded([...Array(50).keys()], 2, async (n, signal) => {
      started.push(n);
      if (n === 3) throw new Error('file 3 failed');
      await tick(5);
      if (signal.aborted) abortedSeen++;
    });
    await expect(attempt).rejects.toThrow('file 3 failed');
    expect(started.length).toBeLessThan(10);
    expect(abortedSeen).toBeGreaterThanOrEqual(1);
  });

  it('ends with the caller’s reason when the caller aborts', async () => {
    const controller = new AbortController();
    const attempt = forEachBounded(
      [...Array(50).keys()],
      2,
      async (n) => {
        if (n === 4) controller.abort(new Error('cancelled'));
        await tick();
      },
      controller.signal,
    );
    await expect(attempt).rejects.toThrow('cancelled');
  });

  it('a semaphore lets `n` tasks in at a time', async () => {
    const lanes = new Semaphore(2);
    let running = 0;
    let peak = 0;
    await Promise.all(
      [...Array(6)].map(() =>
        lanes.use(async () => {
          running++;
          peak = Math.max(peak, running);
          await tick();
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
  });
});
