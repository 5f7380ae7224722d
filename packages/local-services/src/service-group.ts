/**
 * Starting several services at once without leaking any: when one cannot start, the ones that did
 * are stopped before the error goes up, so a test (or the demo) that fails to set up still ends,
 * with no child process or socket left open and the reason (e.g. the missing Debian package) in
 * the error.
 */

/** Anything with a way to stop it: the services here have `stop()`, the Slack receiver `close()`. */
export type Stoppable = { stop(): Promise<unknown> } | { close(): Promise<unknown> };

export async function stopService(service: unknown): Promise<void> {
  const s = service as Partial<{ stop(): Promise<unknown>; close(): Promise<unknown> }>;
  if (typeof s?.stop === 'function') await s.stop();
  else if (typeof s?.close === 'function') await s.close();
}

/** Several services at once failed to start; `causes` has each one's error. */
export class ServicesDidNotStartError extends Error {
  constructor(readonly causes: Error[]) {
    super(
      causes.length === 1
        ? causes[0].message
        : `${causes.length} services did not start:\n${causes.map((c) => `- ${c.message}`).join('\n')}`,
    );
    this.name = 'ServicesDidNotStartError';
  }
}

/**
 * Runs the starters side by side. All started: their services, in order. One or more failed: the
 * others are stopped (also those that finish starting later), then ServicesDidNotStartError.
 */
export async function startTogether<T extends unknown[]>(
  starters: [...{ [K in keyof T]: () => Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(
    (starters as (() => Promise<unknown>)[]).map((start) => start()),
  );
  const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failures.length) {
    await Promise.all(
      settled.map((s) =>
        s.status === 'fulfilled' ? stopService(s.value).catch(() => undefined) : undefined,
      ),
    );
    throw new ServicesDidNotStartError(
      failures.map((f) => (f.reason instanceof Error ? f.reason : new Error(String(f.reason)))),
    );
  }
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as T;
}
