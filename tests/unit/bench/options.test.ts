import { describe, expect, it } from '@jest/globals';
import { parseOptions, USAGE } from '../../../bench/options';

describe('npm run bench options (node:util parseArgs)', () => {
  it('defaults: the transfers, full sizes, RESULTS.md written', () => {
    expect(parseOptions([])).toEqual({
      transfers: true,
      cold: false,
      scale: false,
      quick: false,
      runs: 4,
      coldRuns: 21,
      concurrency: 16,
      big: true,
      vsCac: undefined,
      only: [],
      scaleFiles: [1000, 10_000, 50_000],
      scaleDatasets: [1000, 10_000, 100_000],
      write: true,
    });
  });

  it('--quick shrinks what was not given, and keeps what was', () => {
    expect(parseOptions(['--cold', '--quick', '--cold-runs', '12'])).toMatchObject({
      transfers: false,
      cold: true,
      runs: 1,
      coldRuns: 12,
      scaleFiles: [1000],
      scaleDatasets: [1000],
    });
    expect(parseOptions(['--quick', '--scale-files=200,400'])).toMatchObject({
      coldRuns: 11,
      scaleFiles: [200, 400],
    });
  });

  it('--all, lists, paths and switches', () => {
    expect(
      parseOptions([
        '--all',
        '--only',
        'assume-role,find-bucket',
        '--vs-cac',
        '/tmp/cac/index.js',
        '--no-big',
        '--no-write',
        '--runs=2.7',
      ]),
    ).toMatchObject({
      transfers: true,
      cold: true,
      scale: true,
      only: ['assume-role', 'find-bucket'],
      vsCac: '/tmp/cac/index.js',
      big: false,
      write: false,
      runs: 2,
    });
  });

  it('--help and -h ask for the usage', () => {
    expect(parseOptions(['--help'])).toBe('help');
    expect(parseOptions(['--cold', '-h'])).toBe('help');
  });

  it.each([
    [['--runs', '0'], /--runs wants a positive number, got "0"/],
    [['--scale-datasets', '10,x'], /--scale-datasets wants a positive number, got "x"/],
    [['--fast'], /Unknown option '--fast'/],
    [['--runs'], /--runs/],
    [['cold'], /Unexpected argument 'cold'/],
    [['--vs-cac='], /--vs-cac wants the path of a dist\/index.js/],
  ])('refuses %j with the usage', (argv, message) => {
    expect(() => parseOptions(argv)).toThrow(message);
    expect(() => parseOptions(argv)).toThrow(USAGE);
  });
});
