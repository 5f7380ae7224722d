import { describe, expect, it } from '@jest/globals';
import { NoQualifyingDatasetError, NotFoundError, type PartState } from '@cat-actions/core';
import { resolveDataset, selectParts, type StageStore } from '@cat-actions/stage';

type Datasets = Record<string, Record<string, PartState>>;

/**
 * An in-memory store. findDataset applies latest-dataset's rule in its simplest form (the real
 * one is packages/aws's, tested there) and records what it was asked.
 */
function storeOf(datasets: Datasets, asked: unknown[] = []): StageStore {
  const usable = (parts: Record<string, PartState>, require: string[]) =>
    require.every((p) => Object.keys(parts).some((n) => n.startsWith(p))) &&
    Object.entries(parts)
      .filter(([n]) => require.length === 0 || require.some((p) => n.startsWith(p)))
      .every(([, state]) => state !== 'incomplete');
  return {
    datasetExists: async (_tenant: string, name: string) => name in datasets,
    findDataset: async (_tenant: string, dataset: string, require: string[]) => {
      asked.push([dataset, require]);
      const names = dataset === 'LATEST' ? Object.keys(datasets).sort().reverse() : [dataset];
      const name = names.find((n) => datasets[n] && usable(datasets[n], require));
      if (!name) throw new NotFoundError(`no dataset with complete ${require.join(', ')}`);
      return { name, parts: new Map(Object.entries(datasets[name])) };
    },
  } as unknown as StageStore;
}

const context = (
  datasets: Datasets,
  download: string[],
  asked: unknown[] = [],
  startedAt = new Date('2024-03-28T08:47:42Z'),
) => ({ store: storeOf(datasets, asked), tenant: 'cat-be', startedAt, download });

describe('download names parts; a bare name also takes the parts starting with it', () => {
  const parts = new Map<string, PartState>([
    ['1b', 'complete'],
    ['1b_raw', 'legacy'],
    ['2b_processed', 'incomplete'],
  ]);
  it.each([
    [['1b'], { parts: ['1b', '1b_raw'] }],
    [['1b_raw'], { parts: ['1b_raw'] }],
    [['1b?raw'], { parts: ['1b_raw'] }],
    [['3b'], { problem: 'no part matching 3b*' }],
    [['1b', '2b'], { problem: 'unfinished upload of 2b_processed' }],
  ])('%j', (patterns, expected) => expect(selectParts(parts, patterns)).toEqual(expected));
});

describe('dataset new: the start time, never a name in use', () => {
  it('names the dataset after the UTC start', async () => {
    await expect(resolveDataset({ kind: 'new' }, context({}, []))).resolves.toEqual({
      name: '20240328_084742_utc',
      parts: [],
    });
  });

  it('moves on a second while the name is taken', async () => {
    const taken = { '20240328_084742_utc': {}, '20240328_084743_utc': {} };
    await expect(resolveDataset({ kind: 'new' }, context(taken, []))).resolves.toMatchObject({
      name: '20240328_084744_utc',
    });
  });
});

describe("LATEST and named datasets follow latest-dataset's rule, then the exact parts", () => {
  const datasets: Datasets = {
    '20240101_000000_utc': { '1b_raw': 'complete', '2b': 'complete', '2b_extra': 'legacy' },
    '20240201_000000_utc': { '1b_raw': 'complete', '2b': 'incomplete' },
  };

  it.each([
    [['1b'], ['1b'], '20240201_000000_utc', ['1b_raw']],
    [['1b*', '2b'], ['1b', '2b'], '20240101_000000_utc', ['1b_raw', '2b', '2b_extra']],
    [['2b?extra'], ['2b'], '20240101_000000_utc', ['2b_extra']],
    [['[12]b_raw'], [''], '20240101_000000_utc', ['1b_raw']],
  ])('download %j asks for %j and gets %s %j', async (download, require, name, parts) => {
    const asked: unknown[] = [];
    await expect(
      resolveDataset({ kind: 'latest' }, context(datasets, download, asked)),
    ).resolves.toEqual({ name, parts });
    expect(asked).toEqual([['LATEST', require]]);
  });

  it('a named dataset is checked the same way', async () => {
    const asked: unknown[] = [];
    const choice = { kind: 'named', name: '20240101_000000_utc' } as const;
    await expect(resolveDataset(choice, context(datasets, ['2b'], asked))).resolves.toEqual({
      name: '20240101_000000_utc',
      parts: ['2b', '2b_extra'],
    });
    expect(asked).toEqual([['20240101_000000_utc', ['2b']]]);
  });

  it("the store's NotFoundError passes through", async () => {
    const run = resolveDataset({ kind: 'latest' }, context(datasets, ['3b']));
    await expect(run).rejects.toThrow(NotFoundError);
  });

  it('a wildcard that finds nothing in the chosen dataset is a NotFoundError naming its parts', async () => {
    const run = resolveDataset({ kind: 'latest' }, context(datasets, ['1b?x']));
    await expect(run).rejects.toThrow(/no part matching 1b\?x.*it has 1b_raw, 2b \(unfinished\)/);
  });

  it('a named dataset without downloads needs no S3 call (the stage may be about to fill it)', async () => {
    const asked: unknown[] = [];
    await expect(
      resolveDataset({ kind: 'named', name: '20990101_000000_utc' }, context({}, [], asked)),
    ).resolves.toEqual({ name: '20990101_000000_utc', parts: [] });
    expect(asked).toEqual([]);
  });
});

describe("latest-dataset's refusal keeps its finding and takes run-stage's remedy", () => {
  const refusing = (error: Error) =>
    ({
      datasetExists: async () => false,
      findDataset: async () => {
        throw error;
      },
    }) as unknown as StageStore;
  const run = (error: Error) =>
    resolveDataset(
      { kind: 'latest' },
      { store: refusing(error), tenant: 'cat-be', startedAt: new Date(), download: ['1b', '2b'] },
    );

  it('builds the message from the finding, never from the words of latest-dataset', async () => {
    const error = new NoQualifyingDatasetError(
      'No dataset with complete 1b* parts in s3://b/cat-be/datasets/: none of 2 qualifies',
      'Run the stage that writes the missing part first, or lower require.',
    );
    const refusal = run(error);
    await expect(refusal).rejects.toBeInstanceOf(NotFoundError);
    await expect(refusal).rejects.toThrow(
      'No dataset with complete 1b* parts in s3://b/cat-be/datasets/: none of 2 qualifies. ' +
        'Run the stage that writes the missing part first, or download fewer parts. ' +
        '(download: 1b, 2b)',
    );
  });

  it('passes any other not-found message on as written, with what download asked for', async () => {
    await expect(run(new NotFoundError('Dataset X is missing. Check dataset.'))).rejects.toThrow(
      'Dataset X is missing. Check dataset. (download: 1b, 2b)',
    );
  });
});
