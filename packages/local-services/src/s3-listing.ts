/**
 * ListObjectsV2 paging over sorted keys, as S3 does it, for the S3 list endpoint: keys in UTF-8
 * byte order, common prefixes counting towards max-keys, a page ending on a common prefix resuming
 * after everything under it.
 */
/** S3 orders keys by their UTF-8 bytes. */
export const byBytes = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** First index whose key sorts after `marker` (or at it, with `inclusive`). */
function searchKeys(keys: string[], marker: string, inclusive = false): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const order = byBytes(keys[mid], marker);
    if (order < 0 || (order === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface ListPage {
  contents: string[];
  prefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned, when truncated: where the next page starts. */
  next?: string;
}

/** ListObjectsV2 over sorted keys, as S3 does it: common prefixes count towards maxKeys. */
export function listPage(
  keys: string[],
  { prefix = '', delimiter = '', maxKeys = 1000, after = '' },
): ListPage {
  const contents: string[] = [];
  const prefixes: string[] = [];
  // Keys under `prefix` are contiguous in sorted order.
  let i = Math.max(searchKeys(keys, prefix, true), searchKeys(keys, after));
  const skipUnder = (commonPrefix: string) => {
    while (i < keys.length && keys[i].startsWith(commonPrefix)) i++;
  };
  // A token that is a common prefix resumes after everything under it.
  if (delimiter && after.startsWith(prefix) && after.endsWith(delimiter)) skipUnder(after);
  let last = '';
  while (i < keys.length && keys[i].startsWith(prefix)) {
    if (contents.length + prefixes.length === maxKeys) {
      return { contents, prefixes, truncated: true, next: last };
    }
    const key = keys[i];
    const cut = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (cut >= 0) {
      last = key.slice(0, cut + delimiter.length);
      prefixes.push(last);
      skipUnder(last);
    } else {
      last = key;
      contents.push(key);
      i++;
    }
  }
  return { contents, prefixes, truncated: false };
}
