import { describe, expect, it } from '@jest/globals';
import {
  AdaptiveThrottle,
  DEFAULT_DEADLINES,
  DEFAULT_RETRY_POLICY,
  deadlineForBody,
  networkDeadlines,
  withRetry,
  type RetryNotice,
} from '@cat-actions/core';

class Fault extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** A clock that moves only by the waits taken. */
function fakeTime() {
  let clock = 0;
  const waits: number[] = [];
  return {
    waits,
    now: () => clock,
    sleep: async (ms: number) => {
      waits.push(ms);
      clock += ms;
    },
  };
}

const retryable = (e: unknown) => e instanceof Fault && e.code !== 'AccessDenied';

describe('the one retry policy', () => {
  it('allows 10 attempts in 60 s by default (s5cmd and rclone retry 10 times)', () => {
    expect(DEFAULT_RETRY_POLICY).toMatchObject({ attempts: 10, budgetMs: 60_000 });
  });

  it('never retries what the caller refuses (AccessDenied): one call', async () => {
    let calls = 0;
    const time = fakeTime();
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Fault('AccessDenied');
        },
        { isRetryable: retryable, ...time },
      ),
    ).rejects.toThrow('AccessDenied');
    expect(calls).toBe(1);
    expect(time.waits).toEqual([]);
  });

  it('backs off from a larger base when the server throttles', async () => {
    const time = fakeTime();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 3) throw new Fault(calls === 1 ? 'SlowDown' : 'InternalError');
        return 'ok';
      },
      {
        isRetryable: retryable,
        isThrottled: (e) => (e as Fault).code === 'SlowDown',
        baseDelayMs: 100,
        throttledBaseDelayMs: 1000,
        random: () => 0.5,
        ...time,
      },
    );
    // SlowDown: 0.5 * 1000; then InternalError on attempt 2: 0.5 * 100 * 2
    expect(time.waits).toEqual([500, 100]);
  });

  it('honours a Retry-After up to the cap', async () => {
    const time = fakeTime();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls < 3) throw new Fault('TooManyRequests');
      },
      {
        isRetryable: retryable,
        retryAfterMs: () => (calls === 1 ? 2_000 : 3_600_000),
        retryAfterCapMs: 30_000,
        ...time,
      },
    );
    expect(time.waits).toEqual([2_000, 30_000]);
  });

  it('stops at the time budget and tells each retry with attempt and attempts', async () => {
    const time = fakeTime();
    const notices: RetryNotice[] = [];
    await expect(
      withRetry(
        async () => {
          throw new Fault('InternalError');
        },
        {
          isRetryable: retryable,
          budgetMs: 5_000,
          baseDelayMs: 1_000,
          random: () => 0.99,
          onRetry: (n) => notices.push(n),
          ...time,
        },
      ),
    ).rejects.toThrow('InternalError');
    // 990 + 1980 = 2970; the next wait (3960) would end past 5 s
    expect(time.waits).toEqual([990, 1980]);
    expect(notices.map((n) => [n.attempt, n.attempts])).toEqual([
      [1, 10],
      [2, 10],
    ]);
  });

  it('an abort ends the wait at once with its reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const attempt = withRetry(
      async () => {
        setTimeout(() => controller.abort(new Error('cancelled')), 10);
        throw new Fault('InternalError');
      },
      { isRetryable: retryable, baseDelayMs: 60_000, random: () => 1, signal: controller.signal },
    );
    await expect(attempt).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('adaptive throttle: all requests of a transfer slow down together', () => {
  it('doubles its pause per throttle, halves it per success, and bounds it', () => {
    const throttle = new AdaptiveThrottle(50, 400);
    expect(throttle.currentPauseMs).toBe(0);
    throttle.throttled();
    throttle.throttled();
    expect(throttle.currentPauseMs).toBe(100);
    for (let i = 0; i < 10; i++) throttle.throttled();
    expect(throttle.currentPauseMs).toBe(400);
    throttle.succeeded();
    expect(throttle.currentPauseMs).toBe(200);
    for (let i = 0; i < 5; i++) throttle.succeeded();
    expect(throttle.currentPauseMs).toBe(0);
  });

  it('makes every request wait once a throttled answer was seen', async () => {
    const throttle = new AdaptiveThrottle(1000, 4000);
    const time = fakeTime();
    let calls = 0;
    await withRetry(
      async () => {
        if (++calls === 1) throw new Fault('SlowDown');
      },
      { isRetryable: retryable, isThrottled: () => true, throttle, random: () => 0.5, ...time },
    );
    // backoff 500, then the throttle's pause before attempt 2: 0.5 * 1000
    expect(time.waits).toEqual([500, 500]);
    expect(throttle.currentPauseMs).toBe(0);
  });
});

describe('network deadlines', () => {
  it('defaults end a silent call well within two minutes', () => {
    const d = networkDeadlines({});
    expect(d).toEqual(DEFAULT_DEADLINES);
    // the last attempt may start just inside the budget and then wait for its own deadline
    expect(d.budgetMs + d.connectMs + d.requestMs).toBeLessThanOrEqual(120_000);
  });
  it('two variables shorten them (tests) or lengthen them', () => {
    expect(
      networkDeadlines({ CAT_REQUEST_TIMEOUT_SECONDS: '2', CAT_RETRY_BUDGET_SECONDS: '3' }),
    ).toEqual({ connectMs: 2000, requestMs: 2000, idleMs: 4000, budgetMs: 3000 });
  });
  it.each([
    ['CAT_REQUEST_TIMEOUT_SECONDS', '0'],
    ['CAT_REQUEST_TIMEOUT_SECONDS', '121'],
    ['CAT_REQUEST_TIMEOUT_SECONDS', '1.5'],
    ['CAT_RETRY_BUDGET_SECONDS', 'soon'],
    ['CAT_RETRY_BUDGET_SECONDS', '601'],
  ])('%s=%j is refused, naming the variable and the range', (name, value) => {
    expect(() => networkDeadlines({ [name]: value })).toThrow(
      new RegExp(`^Input '${name}' is .*: expected a whole number of seconds from \\d+ to \\d+`),
    );
  });
  it('a body gets time at 256 KiB/s on top of the answer deadline', () => {
    expect(deadlineForBody(DEFAULT_DEADLINES, 0)).toBe(20_000);
    expect(deadlineForBody(DEFAULT_DEADLINES, 100 * 1024 * 1024)).toBe(20_000 + 400_000);
  });
});
