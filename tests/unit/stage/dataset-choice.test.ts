import { describe, expect, it } from '@jest/globals';
import { NotFoundError, type PartState } from '@cat-actions/core';
import { resolveDataset, selectParts, type StageStore } from '@cat-actions/stage';

type Datasets = Record<string, Record<string, PartState>>;

/** An in-memory store: only the listing calls dataset resolution makes. */
function storeOf(datasets: Datasets): StageStore {
  const asMap = (entries: [string, Record<string, PartState>][]) =>
    new Map(entries.map(([name, parts]) => [name, new Map(Object.entries(parts))]));
  return {
    datasetExists: async (_tenant, name) => name in datasets,
    listDatasets: async (_tenant, only) =>
      asMap(Object.entries(datasets).filter(([name]) => !only || name === only)),
  } as StageStore;
}

const context = (
  datasets: Datasets,
  download: string[],
  startedAt = new Date('2024-03-28T08:47:42Z'),
) => ({
  store: storeOf(datasets),
  tenant: 'cat-be',
  startedAt,
  download,
});

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

describe('dataset LATEST: the newest dataset whose requested parts are complete', () => {
  const datasets: Datasets = {
    '20240101_000000_utc': { '1b_raw': 'complete', '2b': 'complete' },
    '20240201_000000_utc': { '1b_raw': 'complete', '2b': 'incomplete' },
    '20240301_000000_utc': { '1b_raw': 'incomplete' },
  };
  it.each([
    [['1b'], '20240201_000000_utc', ['1b_raw']],
    [['1b', '2b'], '20240101_000000_utc', ['1b_raw', '2b']],
  ])('%j -> %s', async (download, name, parts) => {
    await expect(resolveDataset({ kind: 'latest' }, context(datasets, download))).resolves.toEqual({
      name,
      parts,
    });
  });

  it('without downloads: the newest with no unfinished part', async () => {
    await expect(resolveDataset({ kind: 'latest' }, context(datasets, []))).resolves.toMatchObject({
      name: '20240101_000000_utc',
    });
  });

  it('none complete: a NotFoundError naming what the newest has', async () => {
    const run = resolveDataset({ kind: 'latest' }, context(datasets, ['3b']));
    await expect(run).rejects.toThrow(NotFoundError);
    await expect(run).rejects.toThrow(/the newest, 20240301_000000_utc, has 1b_raw \(unfinished\)/);
  });
});

describe('a named dataset must hold the requested parts, complete', () => {
  const datasets: Datasets = {
    '20240201_000000_utc': { '1b_raw': 'complete', '2b': 'incomplete' },
  };
  it('resolves the parts', async () => {
    await expect(
      resolveDataset({ kind: 'named', name: '20240201_000000_utc' }, context(datasets, ['1b'])),
    ).resolves.toEqual({ name: '20240201_000000_utc', parts: ['1b_raw'] });
  });

  it.each([
    ['20240201_000000_utc', ['2b'], /unfinished upload of 2b/],
    ['20240202_000000_utc', ['1b'], /it does not exist/],
  ])('%s %j fails', async (name, download, message) => {
    await expect(
      resolveDataset({ kind: 'named', name }, context(datasets, download)),
    ).rejects.toThrow(message);
  });

  it('needs no listing when nothing is downloaded', async () => {
    await expect(
      resolveDataset({ kind: 'named', name: '20990101_000000_utc' }, context({}, [])),
    ).resolves.toEqual({ name: '20990101_000000_utc', parts: [] });
  });
});
