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

const externalMemory = (): number => getHeapStatistics().external_memory ?? 0;

/** The `gc` of `--expose-gc`, with the options V8's extension takes. */
type Collect = (options?: {
  type?: 'major' | 'minor';
  execution?: 'sync' | 'async';
  flavor?: 'regular' | 'last-resort';
}) => void;

export interface HeapBound {
  stop(): void;
  /** Full collections this bound asked for. */
  collections(): number;
  /** Young-generation collections it asked for to free received buffers. */
  youngCollections(): number;
}

export interface HeapBoundOptions {
  /** Heap in use (with external buffers) above which a full collection runs. */
  limitBytes?: number;
  intervalMs?: number;
  /** Growth of external buffers since the last collection that calls for a young one. */
  bufferBytes?: number;
  bufferIntervalMs?: number;
}

/**
 * Bounds the memory of a long transfer with two timers (issue 14, peak RSS under 100 MiB):
 *
 * - Every `intervalMs`, when the heap in use (with the buffers it holds outside itself) is above
 *   `limitBytes`, a full collection. Without it, peak RSS grows with the number of files (1,000
 *   small files left ~47 MiB of heap in use at the peak, ~15 MiB of it live): V8 puts off
 *   old-generation collections while memory looks plentiful, and a job's runner counts the
 *   garbage too. It is V8's "last resort" flavour, which also compacts and gives emptied pages
 *   back to the OS: after a plain one V8 kept them (70 MiB committed for 4 MiB live in a test),
 *   and at 50,000 files ~18 MiB of RSS was such pages. It takes about twice as long, ~10 ms for
 *   the ~15 MiB a transfer keeps live; when live data itself outgrows the limit (a very large
 *   listing), the limit moves to what is live plus the same headroom, so collections never run
 *   back to back; it comes down again with what is live.
 * - Every `bufferIntervalMs`, when external buffers have grown by `bufferBytes` since the last
 *   collection, a young-generation one (well under a millisecond). A download receives its
 *   bodies as 64 KiB buffers that die at once, but their small JS handles hardly fill the young
 *   generation, so they were freed late and in bulk: the malloc heap of a 4 x 64 MiB download
 *   reached 25-37 MiB and stayed there (peak RSS 101-108 MiB; 77 MiB with this).
 *
 * Process-wide: call once from an action's entry. The timers never keep the process alive.
 * Beware: `--expose-gc` changes V8's flag hash, so every Node built-in first loaded after this
 * call compiles from source instead of using Node's precompiled code (slower to load); load the
 * built-ins a transfer needs before calling it.
 */
export function boundHeap(options: HeapBoundOptions = {}): HeapBound {
  const {
    limitBytes = 8 * MiB,
    intervalMs = 100,
    bufferBytes = 4 * MiB,
    bufferIntervalMs = 10,
  } = options;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as Collect | undefined;
  if (typeof gc !== 'function')
    return { stop: () => {}, collections: () => 0, youngCollections: () => 0 };
  // Room for garbage above what is live: a collection every `headroom` bytes allocated at most.
  const headroom = limitBytes;
  let limit = limitBytes;
  let full = 0;
  let young = 0;
  let buffersAfterCollection = externalMemory();
  const major = setInterval(() => {
    if (inUse() <= limit) return;
    gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    full++;
    buffersAfterCollection = externalMemory();
    // The limit follows what is live, down as well as up: once raised by a large folder's walk,
    // it stayed there for the rest of the transfer.
    limit = Math.max(limitBytes, inUse() + headroom);
  }, intervalMs);
  const minor = setInterval(() => {
    const buffers = externalMemory();
    if (buffers < buffersAfterCollection) buffersAfterCollection = buffers;
    if (buffers <= buffersAfterCollection + bufferBytes) return;
    gc({ type: 'minor' });
    young++;
    buffersAfterCollection = externalMemory();
  }, bufferIntervalMs);
  major.unref();
  minor.unref();
  return {
    stop: () => {
      clearInterval(major);
      clearInterval(minor);
    },
    collections: () => full,
    youngCollections: () => young,
  };
}
