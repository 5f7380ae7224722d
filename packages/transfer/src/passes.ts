import { isCatError, sleepUnlessAborted } from '@cat-actions/core';
import { forEachBounded } from './pool';

/**
 * Runs `work` over `items` (at most `concurrency` at once) in two passes, as rclone does: a file
 * whose requests kept failing with a temporary fault (retries spent, or no answer in time) is set
 * aside while the others go on; once the first pass is over, and after a pause that lets a
 * throttling server recover, the files set aside get a second pass. Only a failure in the second
 * pass, or a permanent one (denied, missing bucket, a damaged part) in either, fails the transfer;
 * a permanent failure stops everything at once.
 */
export interface SecondPassOptions {
  /** Told how many items get a second pass, and why the first of them failed. */
  onSecondPass?: (count: number, firstError: unknown) => void;
  /** Pause before the second pass (default 2 s). */
  pauseMs?: number;
}

export function isWorthSecondPass(error: unknown): boolean {
  return isCatError(error) && (error.kind === 'transient' || error.kind === 'timeout');
}

export async function forEachWithSecondPass<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, signal: AbortSignal) => Promise<void>,
  outer?: AbortSignal,
  options: SecondPassOptions = {},
): Promise<void> {
  const setAside: { item: T; error: unknown }[] = [];
  await forEachBounded(
    items,
    concurrency,
    async (item, signal) => {
      try {
        await work(item, signal);
      } catch (error) {
        if (signal.aborted || !isWorthSecondPass(error)) throw error;
        setAside.push({ item, error });
      }
    },
    outer,
  );
  if (setAside.length === 0) return;
  options.onSecondPass?.(setAside.length, setAside[0].error);
  await sleepUnlessAborted(options.pauseMs ?? 2_000, outer);
  await forEachBounded(
    setAside.map((entry) => entry.item),
    concurrency,
    work,
    outer,
  );
}
