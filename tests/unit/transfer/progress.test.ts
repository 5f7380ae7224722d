import { describe, expect, it } from '@jest/globals';
import { formatBytes } from '@cat-actions/core';
import { ProgressReporter, formatDuration, type TransferProgress } from '@cat-actions/transfer';
import { ProgressCounter } from '../../../packages/transfer/src/progress';

describe('progress lines a tenant can read', () => {
  it.each([
    [0, '0 B'],
    [1023, '1023 B'],
    [1536, '1.5 KiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
  ])('formatBytes(%d) = %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));

  it.each([
    [0, '0s'],
    [59.4, '59s'],
    [125, '2m05s'],
    [3 * 3600 + 7 * 60, '3h07m'],
  ])('formatDuration(%d) = %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));

  it('reports files, bytes, percentage, throughput and ETA, then totals', () => {
    let now = 1_000_000;
    const printed: string[] = [];
    const reporter = new ProgressReporter({
      label: 'upload 2b',
      print: (line) => printed.push(line),
      now: () => now,
    });
    reporter.listener({ filesDone: 0, filesTotal: 4, bytesDone: 0, bytesTotal: 40 * 1024 * 1024 });
    now += 10_000;
    reporter.listener({
      filesDone: 1,
      filesTotal: 4,
      bytesDone: 10 * 1024 * 1024,
      bytesTotal: 40 * 1024 * 1024,
    });
    expect(reporter.line()).toBe(
      'upload 2b: 1/4 files, 10.0 MiB/40.0 MiB (25%), 1.0 MiB/s, ETA 30s',
    );
    now += 30_000;
    reporter.listener({
      filesDone: 4,
      filesTotal: 4,
      bytesDone: 40 * 1024 * 1024,
      bytesTotal: 40 * 1024 * 1024,
    });
    expect(reporter.finish()).toBe('upload 2b: done, 4 files, 40.0 MiB in 40s (1.0 MiB/s)');
    expect(printed).toEqual(['upload 2b: done, 4 files, 40.0 MiB in 40s (1.0 MiB/s)']);
  });

  it('prints on its interval while running and stops when finished', async () => {
    const printed: string[] = [];
    const reporter = new ProgressReporter({
      label: 'download 1b',
      print: (line) => printed.push(line),
      intervalMs: 10,
    }).start();
    reporter.listener({ filesDone: 1, filesTotal: 2, bytesDone: 5, bytesTotal: 10 });
    // Wait for two ticks (generously: the machine may be busy), then stop.
    for (let waited = 0; printed.length < 2 && waited < 5000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    reporter.stop();
    const count = printed.length;
    expect(count).toBeGreaterThanOrEqual(2);
    expect(printed[0]).toMatch(/^download 1b: 1\/2 files, 5 B\/10 B \(50%\)/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(printed.length).toBe(count);
  });
});

describe('progress notifications', () => {
  it('tells the listener at each file and every MiB in between, never per chunk', () => {
    const seen: TransferProgress[] = [];
    const counter = new ProgressCounter(2, 3 * 1024 * 1024, (p) => seen.push(p));
    for (let i = 0; i < 48; i++) counter.bytes(64 * 1024); // 3 MiB in 64 KiB chunks
    counter.fileDone();
    expect(seen.map((p) => p.bytesDone / (1024 * 1024))).toEqual([0, 1, 2, 3, 3]);
    expect(seen.at(-1)).toEqual({
      filesDone: 1,
      filesTotal: 2,
      bytesDone: 3 * 1024 * 1024,
      bytesTotal: 3 * 1024 * 1024,
    });
  });
});
