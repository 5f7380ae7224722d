import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// boundHeap is process-wide (flags, timers), so each case runs in a child on the runner's Node.
const NODE24 = path.resolve('node_modules/node/bin/node');
const HEAP = path.resolve('packages/transfer/src/heap.ts');
const MiB = 1024 * 1024;

function runChild(body: string): Record<string, number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cat-heap-'));
  const script = path.join(dir, 'child.mts');
  writeFileSync(
    script,
    `import { getHeapStatistics } from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
import { boundHeap } from ${JSON.stringify(HEAP)};
${body}`,
  );
  const run = spawnSync(NODE24, ['--import', 'tsx', script], { encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout) as Record<string, number>;
}

describe('boundHeap', () => {
  it('frees received buffers as they build up, with young-generation collections', () => {
    // 128 MiB of 64 KiB chunks that die at once, as a download's response bodies do. On its
    // own, V8 lets about 64 MiB of them pile up outside its heap before it collects.
    const result = runChild(`
const bound = boundHeap({ bufferIntervalMs: 2 });
let peak = 0;
for (let i = 0; i < 64; i++) {
  for (let j = 0; j < 32; j++) Buffer.allocUnsafeSlow(64 * 1024).fill(j);
  peak = Math.max(peak, getHeapStatistics().external_memory);
  await sleep(3);
}
console.log(JSON.stringify({ peak, young: bound.youngCollections() }));
`);
    expect(result.young).toBeGreaterThan(0);
    expect(result.peak).toBeLessThan(24 * MiB);
  });

  it('gives the pages of collected garbage back, not only the objects', () => {
    // After a plain full collection V8 kept ~70 MiB committed for 4 MiB live.
    const result = runChild(`
const bound = boundHeap({ intervalMs: 10 });
let garbage = Array.from({ length: 600_000 }, (_, i) => ({ path: 'batch/r' + i + '.json', size: i }));
const before = getHeapStatistics().total_heap_size;
garbage = [];
await sleep(200);
console.log(JSON.stringify({ before, after: getHeapStatistics().total_heap_size, full: bound.collections() }));
`);
    expect(result.before).toBeGreaterThan(60 * MiB);
    expect(result.full).toBeGreaterThan(0);
    expect(result.after).toBeLessThan(20 * MiB);
  });

  it('never collects back to back when what is live is above the limit', () => {
    // The TypeScript loader alone keeps more than the 8 MiB limit live: one full collection,
    // then the limit moves above what is live. No buffers, no young collections.
    const result = runChild(`
const bound = boundHeap({ intervalMs: 5, bufferIntervalMs: 1 });
await sleep(150);
bound.stop();
console.log(JSON.stringify({ full: bound.collections(), young: bound.youngCollections() }));
`);
    expect(result.full).toBeLessThanOrEqual(1);
    expect(result.young).toBe(0);
  });
});
