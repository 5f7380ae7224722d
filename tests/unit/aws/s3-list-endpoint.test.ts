import { describe, expect, it } from '@jest/globals';
import { listPage } from '../../support/s3-list-endpoint';

/** What S3 returns for a whole delimited listing, computed the slow way. */
function expectedListing(keys: string[], prefix: string, delimiter: string): string[] {
  const entries = new Set<string>();
  for (const key of keys) {
    if (!key.startsWith(prefix)) continue;
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    entries.add(cut >= 0 ? key.slice(0, cut + delimiter.length) : key);
  }
  return [...entries].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function pageThrough(keys: string[], prefix: string, delimiter: string, maxKeys: number) {
  const seen: string[] = [];
  let after = '';
  let pages = 0;
  for (;;) {
    const page = listPage(keys, { prefix, delimiter, maxKeys, after });
    pages++;
    const entries = [...page.contents, ...page.prefixes].sort((a, b) =>
      Buffer.compare(Buffer.from(a), Buffer.from(b)),
    );
    expect(entries.length).toBeLessThanOrEqual(maxKeys);
    seen.push(...entries);
    if (!page.truncated) return { seen, pages };
    after = page.next!;
  }
}

describe('the S3 list endpoint pages delimited listings as S3 does', () => {
  const keys: string[] = [];
  for (let d = 0; d < 2345; d++) {
    const dataset = `t/datasets/${String(d).padStart(5, '0')}/`;
    keys.push(`${dataset}1b/a.csv`, `${dataset}1b/_cat_manifest.json`, `${dataset}2b/x/y.csv`);
    if (d % 7 === 0) keys.push(`${dataset}top.txt`);
  }
  keys.push('t/datasets/readme.md', 't/other/x', 'a-first', 'u/last');
  keys.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

  it.each([
    ['t/datasets/', '/', 1000, 3],
    ['t/datasets/', '/', 500, 5],
    ['t/datasets/00007/', '/', 1000, 1],
    ['t/datasets/00007/', '/', 1, 3],
    ['t/', '/', 1000, 1],
    ['', '/', 2, 2],
    ['t/datasets/0000', '', 10, 4],
    ['t/datasets/00007/1b/_cat_', '/', 1000, 1],
  ])(
    'prefix %j, delimiter %j, %i per page: every entry once, %i pages',
    (prefix, delimiter, max, pages) => {
      const result = pageThrough(keys, prefix, delimiter, max);
      expect(result.seen).toEqual(expectedListing(keys, prefix, delimiter));
      expect(result.pages).toBe(pages);
    },
  );

  it('common prefixes count towards max-keys, and prefixes without a direct object are listed', () => {
    const page = listPage(keys, { prefix: 't/datasets/', delimiter: '/', maxKeys: 1000 });
    expect(page.prefixes).toHaveLength(1000);
    expect(page.prefixes[1]).toBe('t/datasets/00001/');
    expect(page.truncated).toBe(true);
  });
});
