import { describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import {
  DownloadPlan,
  DownloadPlanBuilder,
  type PlanEntry,
} from '../../../packages/transfer/src/download-plan';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

/** Entries as a parsed manifest gives them: sorted by path, sizes varied, some equal. */
function manifestEntries(count: number): PlanEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    path: `batch_${String(Math.floor(i / 10)).padStart(3, '0')}/r${i}.json`,
    size: 1024 + ((i * 7) % 13),
    sha256: sha(`file ${i}`),
  })).sort((a, b) => (a.path < b.path ? -1 : 1));
}

const entriesOf = (plan: DownloadPlan) =>
  Array.from({ length: plan.count }, (_, i) => ({
    path: plan.path(i),
    size: plan.size(i),
    ...(plan.sha256(i) === undefined ? {} : { sha256: plan.sha256(i) }),
  }));

describe('a download plan holds exactly the files it was given', () => {
  it('gives back every path, size and SHA-256 in the same order, and their total', () => {
    const entries = manifestEntries(250);
    const plan = new DownloadPlan(entries);
    expect(plan.count).toBe(250);
    expect(entriesOf(plan)).toEqual(entries);
    expect(plan.totalBytes).toBe(entries.reduce((sum, e) => sum + e.size, 0));
    expect(plan.verifiable).toBe(true);
    expect(plan.expected(3)).toEqual({ size: entries[3].size, sha256: entries[3].sha256 });
  });

  it('keeps paths with non-ASCII characters, spaces and empty-looking segments intact', () => {
    const entries = [
      { path: 'a b/ü.csv', size: 0 },
      { path: 'x/😀/y.txt', size: 5 },
      { path: 'z', size: 2 ** 40 },
    ];
    const plan = new DownloadPlan(entries);
    expect(entriesOf(plan)).toEqual(entries);
    expect(plan.verifiable).toBe(false);
    expect(plan.expected(1)).toEqual({ size: 5 });
    expect(plan.indexOf('x/😀/y.txt')).toBe(1);
  });

  it('finds each file by path, and no other path', () => {
    const entries = manifestEntries(101).reverse(); // not in path order: lookups must not assume it
    const plan = new DownloadPlan(entries);
    entries.forEach((entry, i) => expect(plan.indexOf(entry.path)).toBe(i));
    expect(plan.indexOf('batch_000/r0.jso')).toBe(-1);
    expect(plan.indexOf('')).toBe(-1);
    expect(plan.indexOf('zzz')).toBe(-1);
  });

  it('orders largest first, equal sizes in the plan order, covering every file once', () => {
    const entries = manifestEntries(60);
    const order = new DownloadPlan(entries).largestFirst();
    const expected = entries
      .map((e, i) => ({ size: e.size, i }))
      .sort((a, b) => b.size - a.size || a.i - b.i)
      .map((e) => e.i);
    expect(order).toEqual(expected);
  });

  it('is empty for no files', () => {
    const plan = new DownloadPlan([]);
    expect([plan.count, plan.totalBytes, plan.largestFirst(), plan.indexOf('a')]).toEqual([
      0,
      0,
      [],
      -1,
    ]);
  });

  it('refuses a SHA-256 that is not 64 hex digits, and a plan where only some files have one', () => {
    expect(() => new DownloadPlan([{ path: 'a', size: 1, sha256: 'abc' }])).toThrow(/SHA-256/);
    expect(() => new DownloadPlan([{ path: 'a', size: 1, sha256: 'zz'.repeat(32) }])).toThrow(
      /SHA-256/,
    );
    expect(
      () =>
        new DownloadPlan([
          { path: 'a', size: 1, sha256: sha('a') },
          { path: 'b', size: 1 },
        ]),
    ).toThrow(/every entry/);
  });

  it('is the same plan when built entry by entry, past its starting capacity, or started over', () => {
    const entries = manifestEntries(300);
    const builder = new DownloadPlanBuilder(7);
    for (const entry of manifestEntries(50)) builder.add({ ...entry, path: `old/${entry.path}` });
    builder.restart();
    for (const entry of entries) builder.add(entry);
    const plan = builder.build();
    const whole = new DownloadPlan(entries);
    expect(entriesOf(plan)).toEqual(entries);
    expect([plan.count, plan.totalBytes, plan.verifiable]).toEqual([300, whole.totalBytes, true]);
    expect(plan.indexOf(entries[123].path)).toBe(123);
    expect(plan.indexOf('old/' + entries[3].path)).toBe(-1);
    expect(plan.largestFirst()).toEqual(whole.largestFirst());
    const none = new DownloadPlanBuilder(1);
    none.add({ path: 'a', size: 1 });
    none.add({ path: 'b', size: 2 });
    expect(() => none.add({ path: 'c', size: 3, sha256: sha('c') })).toThrow(/every entry/);
    expect(entriesOf(none.build())).toEqual([
      { path: 'a', size: 1 },
      { path: 'b', size: 2 },
    ]);
  });
});
