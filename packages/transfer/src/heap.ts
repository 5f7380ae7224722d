import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

const MiB = 1024 * 1024;

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

/**
 * The heap in use plus the buffers it holds outside itself: a stream of a large file allocates a
 * 64 KiB buffer per chunk (hundreds of MiB of garbage over a transfer), which V8 counts only as
 * external memory and collects on its own only every ~64 MiB of it.
 */
function inUse(): number {
  const { used_heap_size, external_memory } = getHeapStatistics();
  return used_heap_size + (external_memory ?? 0);
}

export interface HeapBound {
  stop(): void;
  /** Full collections this bound asked for. */
  collections(): number;
}

/**
 * Bounds the JS heap of a long transfer: every `intervalMs`, when the heap in use (with the buffers it holds outside itself) is above
 * `limitBytes`, runs a full collection. Without it, peak RSS grows with the number of files
 * (issue 14: 1,000 small files uploaded by run-stage left ~47 MiB of heap in use at the peak, of
 * which ~15 MiB was live; V8 puts off old-generation collections while memory looks plentiful, and
 * a job's runner counts the garbage too). A collection of the ~15 MiB a transfer keeps live takes a
 * few milliseconds; when live data itself outgrows the limit (a very large listing), the limit
 * moves to what is live plus the same headroom, so collections never run back to back. Process-wide, like the flag above: call once
 * from an action's entry. The timer never keeps the process alive.
 * Beware: `--expose-gc` changes V8's flag hash, so every Node built-in first loaded after this
 * call compiles from source instead of using Node's precompiled code (slower to load); load the
 * built-ins a transfer needs before calling it.
 */
export function boundHeap(limitBytes = 8 * MiB, intervalMs = 100): HeapBound {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  // Room for garbage above what is live: a collection every `headroom` bytes allocated at most.
  const headroom = limitBytes;
  let limit = limitBytes;
  let count = 0;
  const timer = setInterval(() => {
    if (typeof gc !== 'function' || inUse() <= limit) return;
    gc();
    count++;
    const live = inUse();
    if (live > limit - headroom / 2) limit = live + headroom;
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer), collections: () => count };
}
