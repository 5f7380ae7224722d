import { describe, expect, it } from '@jest/globals';
import {
  formatDatasetName,
  isDatasetName,
  LATEST,
  parseDatasetName,
  validateDatasetRef,
} from '@cat-actions/core';

describe('dataset names are the UTC creation time, yyyymmdd_hhmmss_utc', () => {
  it.each([
    ['2024-03-28T08:47:42Z', '20240328_084742_utc'],
    ['2024-03-28T23:59:59-02:00', '20240329_015959_utc'],
    ['1999-12-31T00:00:00.999Z', '19991231_000000_utc'],
  ])('%s -> %s', (iso, name) => {
    expect(formatDatasetName(new Date(iso))).toBe(name);
  });

  it('round-trips through parse', () => {
    const date = new Date('2024-02-29T12:34:56Z');
    expect(parseDatasetName(formatDatasetName(date))?.toISOString()).toBe(date.toISOString());
  });

  it('sorts chronologically as strings', () => {
    const dates = ['2024-01-02T00:00:00Z', '2023-12-31T23:59:59Z', '2024-01-01T09:00:00Z'].map(
      (d) => new Date(d),
    );
    const names = dates.map(formatDatasetName);
    const byName = [...names].sort();
    const byTime = [...dates].sort((a, b) => a.getTime() - b.getTime()).map(formatDatasetName);
    expect(byName).toEqual(byTime);
  });

  it.each([
    '20240328_084742_UTC',
    '20240328_084742',
    '2024032_084742_utc',
    '20240230_000000_utc',
    '20241328_000000_utc',
    '20240328_246000_utc',
    'x20240328_084742_utc',
    '20240328_084742_utc/',
  ])('rejects %j', (name) => {
    expect(isDatasetName(name)).toBe(false);
  });

  it('rejects an invalid Date', () => {
    expect(() => formatDatasetName(new Date('nope'))).toThrow(RangeError);
  });
});

describe('dataset input: LATEST or a name', () => {
  it.each([
    ['LATEST', LATEST],
    ['latest', LATEST],
    [' 20240328_084742_utc ', '20240328_084742_utc'],
  ])('%j -> %s', (value, expected) => expect(validateDatasetRef(value)).toBe(expected));

  it('rejects anything else with an example', () => {
    expect(() => validateDatasetRef('yesterday')).toThrow(
      /Input 'dataset' is "yesterday": expected LATEST or a dataset name yyyymmdd_hhmmss_utc, e\.g\. "20240328_084742_utc"/,
    );
  });
});
