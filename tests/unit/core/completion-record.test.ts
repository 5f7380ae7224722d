import { describe, expect, it } from '@jest/globals';
import {
  COMPLETION_RECORD_PREFIX,
  completionRecordName,
  completionRecordPrefix,
  isDatasetName,
  isPartName,
  parseCompletionRecord,
} from '@cat-actions/core';

describe('completion records (one key per complete part, beside the part folders)', () => {
  it.each([
    [{ part: '1b', fileCount: 0, totalBytes: 0 }, '_cat_complete.1b.0f.0b'],
    [
      { part: '2b_processed', fileCount: 1200, totalBytes: 53_477 },
      '_cat_complete.2b_processed.1200f.53477b',
    ],
    // Dots in a part name: the counts are always the last two fields.
    [{ part: '3b.v2.7f.8b', fileCount: 3, totalBytes: 9 }, '_cat_complete.3b.v2.7f.8b.3f.9b'],
    [
      { part: '1b-x', fileCount: 50_000, totalBytes: 2 ** 40 },
      `_cat_complete.1b-x.50000f.${2 ** 40}b`,
    ],
  ])('%j <-> %s', (record, name) => {
    expect(completionRecordName(record)).toBe(name);
    expect(parseCompletionRecord(name)).toEqual(record);
    expect(name.startsWith(completionRecordPrefix(record.part))).toBe(true);
  });

  it('is never a part name nor a dataset name, and holds no folder', () => {
    const name = completionRecordName({ part: '1b_raw', fileCount: 2, totalBytes: 10 });
    expect(isPartName(name)).toBe(false);
    expect(isDatasetName(name)).toBe(false);
    expect(name).not.toContain('/');
    expect(name.startsWith(COMPLETION_RECORD_PREFIX)).toBe(true);
  });

  it.each([
    '_cat_manifest.json',
    '_cat_upload_started.json',
    '_cat_complete.1b_raw',
    '_cat_complete.1b_raw.2f',
    '_cat_complete.1b_raw.2f.b',
    '_cat_complete.1b_raw.f.3b',
    '_cat_complete.1b_raw.2f.3b.json',
    '_cat_complete.1b_raw.-2f.3b',
    '_cat_complete.4b_raw.2f.3b',
    '_cat_complete.1b..x.2f.3b',
    '_cat_complete..2f.3b',
    'x_cat_complete.1b.2f.3b',
    '_cat_complete.1b.99999999999999999f.3b',
    '1b_raw',
    'README.md',
  ])('%s is not a record', (name) => {
    expect(parseCompletionRecord(name)).toBeUndefined();
  });

  it('refuses to build a record for a bad part name or bad counts', () => {
    expect(() => completionRecordName({ part: 'logs', fileCount: 1, totalBytes: 1 })).toThrow(
      /not a part name/,
    );
    expect(() => completionRecordName({ part: '1b', fileCount: -1, totalBytes: 1 })).toThrow(
      /not counts/,
    );
    expect(() => completionRecordName({ part: '1b', fileCount: 1, totalBytes: 1.5 })).toThrow(
      /not counts/,
    );
  });
});
