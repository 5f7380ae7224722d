import { setFlagsFromString } from 'node:v8';

/**
 * Keeps V8's young generation at its starting size for the rest of the process. During a long
 * transfer (and while big modules load) V8 grows it step by step to its maximum, which is most of
 * the memory a transfer adds. Measured on Node 24, peak RSS of a 1 GiB download: 145 MiB without;
 * 130-134 MiB when a bundle calls this from its first import; 105-109 MiB when set before the
 * bundle loads at all; same speed and CPU. The growth factor is read whenever V8 considers
 * growing, so setting it at run time works (the heap-size flags do not). Process-wide, so not done
 * behind a caller's back: call it once, as early as possible in an action's entry.
 */
export function limitYoungGenerationGrowth(): void {
  setFlagsFromString('--semi-space-growth-factor=1');
}
